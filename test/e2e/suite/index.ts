/**
 * Extension-host entry: `run()` is what VS Code calls for extensionTestsPath — in code-server through the web
 * workbench's `payload`, on desktops through @vscode/test-electron. The browser window of code-server never exits,
 * so the result is also written to `.e2e-results.json` in the workspace for the launcher to read.
 */
import { writeFileSync } from 'fs';
import * as path from 'path';
import Mocha from 'mocha';
import * as vscode from 'vscode';

export interface E2eResult {
  passed: number;
  failed: number;
  failures: { title: string; error: string }[];
  activationMs?: number;
}

export const metrics: { activationMs?: number } = {};

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 60_000, color: false });
  mocha.addFile(path.join(__dirname, 'extension.test.js'));
  const result: E2eResult = { passed: 0, failed: 0, failures: [] };
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const write = () => {
    if (folder) writeFileSync(path.join(folder, '.e2e-results.json'), JSON.stringify({ ...result, activationMs: metrics.activationMs }, null, 2));
  };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      write();
      if (failures > 0) reject(new Error(`${failures} end-to-end test(s) failed`));
      else resolve();
    });
    runner.on('pass', () => result.passed++);
    runner.on('fail', (test, err) => {
      result.failed++;
      result.failures.push({ title: test.fullTitle(), error: String((err as Error).stack ?? err) });
    });
  });
}
