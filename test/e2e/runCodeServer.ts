/** `npm run test:e2e`: the extension-host suite inside code-server; prints the mocha-style closing line. */
import { existsSync, symlinkSync } from 'fs';
import * as path from 'path';
import { REPO } from '../../examples/demo/project';
import { installCodeServer, openWorkbench, suiteResult } from './codeServer';
import { lineageCheck, problemsPanelCheck, scaffoldAndPreviewCheck } from './uiChecks';

async function main(): Promise<number> {
  const entry = installCodeServer();
  // "Compile with dbt" finds dbt in the project's .venv: the workspace gets a link to the repository's.
  const venv = path.join(REPO, '.venv');
  if (!existsSync(path.join(venv, 'bin/dbt'))) throw new Error(`${venv}/bin/dbt is missing: run "npm run setup:dbt" first.`);
  const session = await openWorkbench(entry, { runSuite: true, prepare: (workspace) => symlinkSync(venv, path.join(workspace, '.venv')) });
  let passed = 0;
  let failed = 0;
  try {
    const result = await suiteResult(session.workspace);
    for (const f of result.failures) process.stdout.write(`FAIL ${f.title}\n${f.error}\n\n`);
    if (result.activationMs !== undefined) process.stdout.write(`extension activation: ${result.activationMs.toFixed(0)} ms\n`);
    process.stdout.write(`extension-host suite: ${result.passed} passed, ${result.failed} failed\n`);
    passed += result.passed;
    failed += result.failed;
  } finally {
    await session.close();
  }
  if (process.env.PW_E2E_SUITE_ONLY === '1') return failed === 0 && passed > 0 ? 0 : 1;
  try {
    const shot = await problemsPanelCheck(entry);
    process.stdout.write(`UI check passed: the Problems panel lists the var diagnostic (${shot})\n`);
    passed++;
  } catch (e) {
    process.stdout.write(`FAIL UI check: Problems panel\n${(e as Error).stack ?? e}\n`);
    failed++;
  }
  try {
    const shots = await scaffoldAndPreviewCheck(entry);
    process.stdout.write(`UI check passed: the palette runs Scaffold Models and the SQL preview shows the users model (${shots.join(', ')})\n`);
    passed++;
  } catch (e) {
    process.stdout.write(`FAIL UI check: Scaffold Models + SQL preview\n${(e as Error).stack ?? e}\n`);
    failed++;
  }
  try {
    const shots = await lineageCheck(entry);
    process.stdout.write(`UI check passed: Open Lineage draws the users model's parents, a click opens one (${shots.join(', ')})\n`);
    passed++;
  } catch (e) {
    process.stdout.write(`FAIL UI check: lineage panel\n${(e as Error).stack ?? e}\n`);
    failed++;
  }
  // The closing line CI reads.
  process.stdout.write(`e2e: ${passed} passed, ${failed} failed\n`);
  return failed === 0 && passed > 0 ? 0 : 1;
}

main().then((code) => (process.exitCode = code), (e) => {
  process.stderr.write(`e2e failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
