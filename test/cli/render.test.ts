import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyTemplates, REPO } from '../helpers/fixtures';

const CLI = path.join(REPO, 'server/out/cli.js');
const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, PW_DUCKDB_PATH: 'demo.duckdb', DBT_PROFILES_DIR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe('CLI: dbt-product-warehouse render', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-render-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    copyTemplates(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the SQL on stdout and a summary on stderr (adapter from the profile)', () => {
    const { code, stdout, stderr } = run(['render', 'models/warehouse/w_product/staging/stg_product_warehouse__pages.sql'], dir);
    assert.strictEqual(code, 0, stderr);
    assert.ok(stdout.endsWith('from\n    "demo"."main"."pages"\n'), stdout);
    assert.strictEqual(stderr, 'stg_product_warehouse__pages → "demo"."main"."stg_product_warehouse__pages" (duckdb, target duckdb, ephemeral, full refresh)\n');
  });

  it('--incremental --adapter snowflake --format json', () => {
    const { code, stdout } = run(['render', 'models/warehouse/w_product/wh_product_events_fact.sql', '--incremental', '--adapter', 'snowflake', '--format', 'json'], dir);
    assert.strictEqual(code, 0);
    const out = JSON.parse(stdout) as { ok: boolean; relation: string; config: Record<string, unknown>; sql: string };
    assert.deepStrictEqual([out.ok, out.relation, out.config.incremental_strategy], [true, '"<target database>"."<target schema>".wh_product_events_fact', 'delete+insert']);
    // The incremental filter: keys with deliveries loaded after the latest load stamp the fact holds.
    assert.ok(out.sql.includes('touched.loaded_at > (\n'), out.sql);
  });

  it('exit 1 with file:line for a model it cannot render; exit 2 for usage errors', () => {
    writeFileSync(path.join(dir, 'models/broken.sql'), "select 1\n\nfrom {{ ref('nowhere') }}\n");
    const broken = run(['render', 'models/broken.sql'], dir);
    assert.deepStrictEqual([broken.code, broken.stdout, broken.stderr], [1, '', "dbt-product-warehouse: models/broken.sql:3: Model 'model.shop_analytics.broken' depends on a node named 'nowhere' which was not found\n"]);
    const usage = run(['render'], dir);
    assert.strictEqual(usage.code, 2);
    assert.ok(usage.stderr.startsWith('dbt-product-warehouse: render needs a model file.\n'));
    const adapter = run(['render', 'models/broken.sql', '--adapter', 'oracle'], dir);
    assert.deepStrictEqual([adapter.code, adapter.stderr], [1, 'dbt-product-warehouse: Unknown adapter "oracle": one of duckdb, postgres, snowflake, bigquery, redshift, databricks, spark\n']);
  });

  it('a reader that stops early (| head -1) ends the output quietly: no EPIPE stack trace, exit 0', () => {
    writeFileSync(path.join(dir, 'models/long.sql'), '{% for i in range(20000) %}select {{ i }} as c union all\n{% endfor %}select 0 as c');
    const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" render models/long.sql --format json | head -1; echo "exit \${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', env: { ...process.env, PW_DUCKDB_PATH: 'demo.duckdb' } });
    assert.deepStrictEqual([r.stdout, r.stderr], ['{\n', 'long → "demo"."main"."long" (duckdb, target duckdb, view, full refresh)\nexit 0\n']);
  });
});
