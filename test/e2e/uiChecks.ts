/**
 * UI-level checks with Playwright in the same code-server: what a user sees. Each check waits for text on screen
 * (never a fixed sleep) and saves a screenshot under docs/screenshots/.
 */
import { readFileSync, writeFileSync, mkdirSync } from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { REPO } from '../../examples/demo/project';
import { openWorkbench } from './codeServer';

const SHOTS = path.join(REPO, 'docs/screenshots');

async function quickOpen(page: Page, file: string): Promise<void> {
  await page.keyboard.press('Control+P');
  await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
  await page.keyboard.type(file);
  await page.waitForSelector(`.quick-input-list .monaco-list-row[aria-label*="${file}"]`, { timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/** The Problems panel lists the var diagnostic of a mistyped `cdp`. */
export async function problemsPanelCheck(entry: string): Promise<string> {
  const session = await openWorkbench(entry, {
    runSuite: false,
    prepare: (workspace) => {
      const file = path.join(workspace, 'dbt_project.yml');
      writeFileSync(file, readFileSync(file, 'utf8').replace('  cdp: segment', '  cdp: segmnt'));
    },
  });
  try {
    const { page } = session;
    await quickOpen(page, 'dbt_project.yml');
    await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 60_000 });
    await page.keyboard.press('Control+Shift+M');
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: '"segmnt" is not a supported CDP; supported: segment, snowplow.' });
    await row.first().waitFor({ timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, 'problems-panel.png');
    await page.screenshot({ path: shot });
    return shot;
  } finally {
    await session.close();
  }
}
