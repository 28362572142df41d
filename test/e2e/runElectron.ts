/**
 * Launcher (b), for desktops where VS Code can be downloaded: the same extension-host suite through
 * @vscode/test-electron (`npm run test:e2e:electron`). It cannot run on machines that reach only package
 * registries (the VS Code download fails), which is why CI uses the code-server launcher.
 */
import { cpSync, mkdtempSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runTests } from '@vscode/test-electron';
import { addTemplates, REPO } from '../../examples/demo/project';

async function main(): Promise<void> {
  const workspace = path.join(mkdtempSync(path.join(os.tmpdir(), 'pw-e2e-electron-')), 'shop');
  cpSync(path.join(REPO, 'examples/shop'), workspace, { recursive: true });
  addTemplates(workspace);
  await runTests({
    version: process.env.PW_VSCODE_VERSION ?? 'stable',
    extensionDevelopmentPath: REPO,
    extensionTestsPath: path.join(REPO, 'test/out/test/e2e/suite'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().catch((e) => {
  process.stderr.write(`e2e (electron) failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
