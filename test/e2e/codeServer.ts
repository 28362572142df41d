/**
 * Launcher (a): the packaged extension in code-server, the real VS Code workbench and extension host. Installs
 * code-server into a cache when missing, installs the freshly built .vsix, opens a copy of the example workspace
 * in Debian's Chromium through Playwright with the `payload` that makes the workbench run our suite in the
 * extension host, and reads the suite's result file.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, Page } from 'playwright-core';
import { REPO } from '../../examples/demo/project';
import type { E2eResult } from './suite/index';

export const VSIX = path.join(REPO, 'dbt-product-warehouse.vsix');

export function installCodeServer(): string {
  const r = spawnSync('bash', [path.join(REPO, 'scripts/install-code-server.sh')], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  if (r.status !== 0) throw new Error('installing code-server failed (see above)');
  return r.stdout.trim().split('\n').pop()!;
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

export interface Session {
  page: Page;
  workspace: string;
  port: number;
  close(): Promise<void>;
}

/** Starts code-server with the .vsix installed on a fresh copy of the example workspace, and opens it. */
export async function openWorkbench(entry: string, options: { runSuite: boolean; prepare?: (workspace: string) => void }): Promise<Session> {
  if (!existsSync(VSIX)) throw new Error(`${VSIX} is missing: run "npm run package" first.`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-'));
  const userData = path.join(dir, 'user-data');
  const extensions = path.join(dir, 'extensions');
  const workspace = path.join(dir, 'shop');
  mkdirSync(path.join(userData, 'User'), { recursive: true });
  writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify({
    'security.workspace.trust.enabled': false, 'workbench.startupEditor': 'none', 'telemetry.telemetryLevel': 'off',
    'extensions.autoUpdate': false, 'workbench.tips.enabled': false,
  }));
  cpSync(path.join(REPO, 'examples/shop'), workspace, { recursive: true });
  options.prepare?.(workspace);
  const dirs = ['--user-data-dir', userData, '--extensions-dir', extensions];
  const install = spawnSync(process.execPath, [entry, '--install-extension', VSIX, ...dirs], { encoding: 'utf8' });
  if (install.status !== 0) throw new Error(`installing the .vsix failed: ${install.stdout}${install.stderr}`);
  const installed = readdirSync(extensions).find((d) => d.startsWith('dbt-product-warehouse.dbt-product-warehouse-'));
  if (!installed) throw new Error(`the .vsix did not install into ${extensions}`);

  const port = await freePort();
  const server: ChildProcess = spawn(process.execPath, [entry, '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', ...dirs, workspace], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`code-server did not start within 60 s:\n${log}`)), 60_000);
    const onData = (b: Buffer) => {
      log += b.toString();
      if (log.includes('HTTP server listening')) {
        clearTimeout(timer);
        resolve();
      }
    };
    server.stdout!.on('data', onData);
    server.stderr!.on('data', onData);
    server.on('exit', (code) => reject(new Error(`code-server exited (${code}):\n${log}`)));
  });

  const remote = (p: string) => `vscode-remote://127.0.0.1:${port}${p}`;
  let url = `http://127.0.0.1:${port}/?folder=${encodeURIComponent(workspace)}`;
  if (options.runSuite) {
    // The installed extension's own folder is the development path: the suite runs against the packaged files.
    const payload = [['extensionDevelopmentPath', remote(path.join(extensions, installed))], ['extensionTestsPath', remote(path.join(REPO, 'test/out/test/e2e/suite'))]];
    url += `&payload=${encodeURIComponent(JSON.stringify(payload))}`;
  }
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60_000 });
  return {
    page, workspace, port,
    async close() {
      await browser.close();
      server.kill();
      // PW_E2E_KEEP=1 keeps the workspace and code-server's logs for a look after a failure.
      if (process.env.PW_E2E_KEEP === '1') process.stdout.write(`kept ${dir}\n`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Waits for the suite's result file (written by suite/index.ts when mocha ends). */
export async function suiteResult(workspace: string, timeoutMs = 300_000): Promise<E2eResult> {
  const file = path.join(workspace, '.e2e-results.json');
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the extension-host suite wrote no result within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 500));
  }
  return JSON.parse(readFileSync(file, 'utf8')) as E2eResult;
}
