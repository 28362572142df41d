/**
 * UI-level checks with Playwright in the same code-server: what a user sees. Each check waits for text on screen
 * (never a fixed sleep) and saves a screenshot under docs/screenshots/.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Page } from 'playwright-core';
import { REPO } from '../../examples/demo/project';
import { openWorkbench } from './codeServer';
import { copyTemplates } from '../helpers/fixtures';

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
    const row = page.locator('.markers-panel .monaco-list-row', { hasText: '"segmnt" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.' });
    await row.first().waitFor({ timeout: 30_000 });
    mkdirSync(SHOTS, { recursive: true });
    const shot = path.join(SHOTS, 'problems-panel.png');
    await page.screenshot({ path: shot });
    return shot;
  } finally {
    await session.close();
  }
}

/** Waits until `check` holds, looking again every 200 ms (the disk has no event the page can wait on). */
async function until(check: () => boolean, what: string, timeoutMs = 30_000, meanwhile?: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await meanwhile?.();
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** Runs a command from the palette; the workbench lists contributed commands once the extensions are registered. */
async function runCommand(page: Page, title: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press('F1');
    await page.waitForSelector('.quick-input-widget input', { state: 'visible' });
    await page.keyboard.type(title);
    const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    try {
      await row.waitFor({ timeout: 10_000 });
      await page.keyboard.press('Enter');
      return;
    } catch (e) {
      if (attempt === 6) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

async function answerQuickInput(page: Page, title: string): Promise<void> {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor({ timeout: 30_000 });
  await page.keyboard.press('Enter');
}

/**
 * A user's first run: the command palette runs "Scaffold Models" through its prompts (all defaults), the files land
 * on disk, the summary's "Open SQL Preview" opens the panel showing the users model's rendered SQL, and one undo
 * removes every file the scaffold wrote.
 */
export async function scaffoldAndPreviewCheck(entry: string): Promise<string[]> {
  const session = await openWorkbench(entry, { runSuite: false });
  // What the defaults scaffold: the shop's profile says DuckDB, its vars say self-contained mode.
  const users = path.join(session.workspace, 'models/warehouse/w_product/wh_product_users_dim.sql');
  const sessions = path.join(session.workspace, 'models/warehouse/w_product/wh_product_sessions_fact.sql');
  try {
    const { page } = session;
    mkdirSync(SHOTS, { recursive: true });
    await runCommand(page, 'dbt Product Warehouse: Scaffold Models');
    await answerQuickInput(page, 'Which models?');
    await answerQuickInput(page, 'Which CDP feeds the warehouse?');
    await answerQuickInput(page, 'Which mode?');
    await answerQuickInput(page, 'Target folder');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'Scaffolded: 28 file(s) created' });
    await toast.waitFor({ timeout: 60_000 });
    await until(() => existsSync(users) && existsSync(sessions), 'the scaffolded files on disk');
    const scaffoldShot = path.join(SHOTS, 'scaffold.png');
    await page.screenshot({ path: scaffoldShot });

    await toast.getByRole('button', { name: 'Open SQL Preview' }).click();
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await webview.locator('#status', { hasText: 'rendered' }).waitFor({ timeout: 60_000 });
    await webview.locator('#sql', { hasText: 'as segment_blended_user_id' }).waitFor({ timeout: 30_000 });
    await webview.locator('#config', { hasText: 'materialized: incremental' }).waitFor();
    const previewShot = path.join(SHOTS, 'sql-preview.png');
    await page.screenshot({ path: previewShot });

    // One undo in the users model's editor reverts the whole scaffold (VS Code may ask first: undo in all files).
    await page.locator('.editor-instance .monaco-editor .view-lines').first().click({ position: { x: 40, y: 40 } });
    await page.keyboard.press('Control+Z');
    const dialog = page.locator('.monaco-dialog-box').getByRole('button', { name: /Undo in \d+ Files/ });
    await until(() => !existsSync(users) && !existsSync(sessions), 'one undo to remove the scaffolded files', 30_000, async () => {
      if (await dialog.count()) await dialog.click();
    });

    return [scaffoldShot, previewShot];
  } finally {
    await session.close();
  }
}

/**
 * The lineage panel as a user meets it: on the scaffolded users model, "Open Lineage" draws its parents as nodes
 * (screenshots in the dark and the light theme, and of the ERD view); clicking a parent opens its file.
 */
export async function lineageCheck(entry: string): Promise<string[]> {
  const session = await openWorkbench(entry, { runSuite: false, prepare: (workspace) => copyTemplates(workspace) });
  try {
    const { page } = session;
    mkdirSync(SHOTS, { recursive: true });
    await quickOpen(page, 'wh_product_users_dim.sql');
    await page.locator('.tab.active', { hasText: 'wh_product_users_dim.sql' }).waitFor({ timeout: 30_000 });
    // Room for the graph beside the model: the side bar closed.
    await page.keyboard.press('Control+B');
    await runCommand(page, 'dbt Product Warehouse: Open Lineage');
    const webview = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    for (const parent of ['int_product_warehouse__identity', 'wh_product_events_fact', 'wh_product_sessions_fact']) {
      await webview.locator(`g.node[data-name="${parent}"][role="button"]`).waitFor({ timeout: 60_000 });
    }
    await webview.locator('g.node.focus[data-name="wh_product_users_dim"]').waitFor();
    // One level each way, as a user narrows it with the controls: the graph then fits beside the editor.
    await webview.locator('#upstream').fill('1');
    await webview.locator('#upstream').dispatchEvent('change');
    await webview.locator('#downstream').fill('1');
    await webview.locator('#downstream').dispatchEvent('change');
    await webview.locator('#status', { hasText: '6 nodes, 5 edges' }).waitFor({ timeout: 30_000 });
    await webview.locator('#downstream').blur();
    const levels = async () => `${await webview.locator('#upstream').inputValue()}/${await webview.locator('#downstream').inputValue()}`;
    if ((await levels()) !== '1/1') throw new Error(`the controls show ${await levels()} levels, not the 1/1 the user set`);
    const shots = [path.join(SHOTS, 'lineage-dark.png'), path.join(SHOTS, 'lineage-light.png'), path.join(SHOTS, 'erd.png')];
    // Each theme as a user's settings switch it (VS Code applies the change live, webviews included).
    const theme = async (name: string, bodyClass: string) => {
      mkdirSync(path.join(session.workspace, '.vscode'), { recursive: true });
      writeFileSync(path.join(session.workspace, '.vscode/settings.json'), JSON.stringify({ 'workbench.colorTheme': name }));
      await webview.locator(`body.${bodyClass}`).waitFor({ timeout: 30_000 });
    };
    await theme('Default Dark Modern', 'vscode-dark');
    await page.screenshot({ path: shots[0] });
    await theme('Default Light Modern', 'vscode-light');
    await page.screenshot({ path: shots[1] });
    await webview.locator('#view-erd').click();
    await webview.locator('g.entity[data-name="wh_product_sessions_fact"]').waitFor({ timeout: 30_000 });
    await page.screenshot({ path: shots[2] });
    await webview.locator('#view-lineage').click();
    // A click on a parent opens its file in the editor.
    await webview.locator('g.node[data-name="int_product_warehouse__identity"]').click();
    await page.locator('.tab.active', { hasText: 'int_product_warehouse__identity.sql' }).waitFor({ timeout: 30_000 });
    return shots;
  } finally {
    await session.close();
  }
}
