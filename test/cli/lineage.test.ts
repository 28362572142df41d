import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { CORPUS, REPO } from '../helpers/fixtures';

const CLI = path.join(REPO, 'server/out/cli.js');
const JAFFLE = path.join(CORPUS, 'dbt-labs+jaffle_shop');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('CLI: dbt-product-warehouse lineage', () => {
  it('prints a model\'s lineage in jaffle_shop (a real project) as Mermaid, with a summary on stderr', () => {
    const { code, stdout, stderr } = run(['lineage', 'orders', '--upstream', '2', '--downstream', '1'], JAFFLE);
    assert.strictEqual(code, 0, stderr);
    assert.strictEqual(stdout, [
      'flowchart LR',
      '  n0[/"raw_orders"/]', '  n1[/"raw_payments"/]', '  n2["stg_orders"]', '  n3["stg_payments"]', '  n4["orders"]',
      '  n2 --> n4', '  n3 --> n4', '  n0 --> n2', '  n1 --> n3',
      '  classDef focus stroke-width:3px', '  class n4 focus', '',
    ].join('\n'));
    assert.strictEqual(stderr, 'orders: 4 upstream, 0 downstream, 4 edges\n');
  });

  it('takes a model file and prints JSON', () => {
    const { code, stdout } = run(['lineage', 'models/staging/stg_customers.sql', '--format', 'json', '--upstream', '0'], JAFFLE);
    assert.strictEqual(code, 0);
    const graph = JSON.parse(stdout) as { focus: string; nodes: { id: string; depth: number }[]; edges: unknown[] };
    assert.strictEqual(graph.focus, 'model.jaffle_shop.stg_customers');
    assert.deepStrictEqual(graph.nodes.map((n) => `${n.depth} ${n.id}`), ['0 model.jaffle_shop.stg_customers', '1 model.jaffle_shop.customers']);
  });

  it('exit 1 for an unknown model, 2 for usage errors and folders without a project', () => {
    assert.deepStrictEqual(run(['lineage', 'nope'], JAFFLE), { code: 1, stdout: '', stderr: 'dbt-product-warehouse: No enabled model, seed or snapshot "nope" in jaffle_shop or its packages.\n' });
    const bad = run(['lineage', 'orders', '--upstream', 'many'], JAFFLE);
    assert.strictEqual(bad.code, 2);
    assert.ok(bad.stderr.startsWith('dbt-product-warehouse: --upstream takes a whole number from 0 to 100, not "many".\n'), bad.stderr);
    assert.ok(run(['lineage'], JAFFLE).stderr.startsWith('dbt-product-warehouse: lineage needs a model name or file.\n'));
    assert.deepStrictEqual(run(['lineage', 'orders'], path.join(JAFFLE, 'etc')), { code: 2, stdout: '', stderr: `dbt-product-warehouse: no dbt project (dbt_project.yml) found under ${path.join(JAFFLE, 'etc')}.\n` });
  });
});
