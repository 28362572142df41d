import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { readdirSync } from 'fs';
import * as path from 'path';
import { CORPUS, REPO } from '../helpers/fixtures';
import { PYTHON, requireDbt } from './harness';

function sqlFiles(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((n, e) => n + (e.isDirectory() ? sqlFiles(path.join(dir, e.name)) : e.name.endsWith('.sql') ? 1 : 0), 0);
}

describe("dbt's block reader made linear (server/engine/python/dbt_preview/blocks.py)", function () {
  this.timeout(300_000);

  it('reads every corpus and template macro file, and mutations of them, exactly as dbt does', () => {
    requireDbt();
    const result = spawnSync(PYTHON, [path.join(REPO, 'test/dbt/linear_blocks.py'), path.join(REPO, 'server/engine/python'), CORPUS, path.join(REPO, 'templates')], { encoding: 'utf8' });
    assert.strictEqual(result.status, 0, result.stdout + result.stderr);
    const lines = result.stdout.trim().split('\n');
    const files = sqlFiles(CORPUS) + sqlFiles(path.join(REPO, 'templates'));
    assert.strictEqual(lines[0], `${files} files and ${3 * files} mutations: the same blocks and errors with and without the linear reader`);
    // The figures: dbt's reader against the linear one on what makes it slow.
    process.stdout.write(lines.slice(1).map((l) => `      ${l}\n`).join(''));
  });
});
