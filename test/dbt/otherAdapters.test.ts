/**
 * Snowflake, BigQuery, Redshift, Databricks: no warehouse here, so what dbt can do without a connection. `dbt parse`
 * renders every model with the adapter's macros (cross-database and dispatched ones); `dbt compile` of the
 * non-incremental models (the staging views, the daily metrics and retention tables) writes their SQL for the adapter (incremental models look their table
 * up, which needs a connection; BigQuery's compile asks for credentials before anything). Distinctive lines are
 * pinned per adapter.
 */
import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../helpers/fixtures';
import { Adapter } from '../../server/src/core/render/outcome';
import { compareWithCompiled } from './renderParity';
import { asCdpProject } from '../../examples/demo/project';
import { MODEL_CHOICES } from '../../server/src/core/scaffold/plan';

const DBT = path.join(REPO, '.venv-adapters/bin/dbt');
const COMPILED = 'target/compiled/shop_analytics/models/warehouse/w_product/staging';

const PROFILES = `product_warehouse_demo:
  target: snowflake
  outputs:
    snowflake: {type: snowflake, account: xy12345.invalid, user: u, password: p, role: r, database: analytics, warehouse: w, schema: main, threads: 1, connect_retries: 0, login_timeout: 3}
    bigquery: {type: bigquery, method: oauth, project: p-invalid, dataset: main, threads: 1}
    redshift: {type: redshift, host: h.invalid, user: u, password: p, port: 5439, dbname: d, schema: main, threads: 1, connect_timeout: 3}
    databricks: {type: databricks, host: h.invalid, http_path: /sql/x, token: t, schema: main, threads: 1}
`;

/** Lines each adapter's dbt writes into the compiled tracks staging model: how it quotes, and how it reads time. */
const EXPECTED: Record<string, string | undefined> = {
  // Snowflake-style SQL (default__): through text, an optional space before the offset.
  snowflake: `convert_timezone('UTC', to_timestamp_tz(case when regexp_like(cast("timestamp" as TEXT), '.*:[0-9][0-9]([.][0-9]*)? ?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$') then cast("timestamp" as TEXT) else cast("timestamp" as TEXT) || '+00:00' end))::timestamp_ntz as event_ts,`,
  // Redshift has no pg_typeof: through text, as PostgreSQL's text branch.
  redshift: `cast(cast(case when cast("timestamp" as TEXT) ~ ':[0-9][0-9]([.][0-9]*)?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$' then cast("timestamp" as TEXT) else cast("timestamp" as TEXT) || '+00:00' end as timestamptz) at time zone 'UTC' as timestamp) as event_ts,`,
  // Spark's timestamp is an instant: a cast; backtick quoting.
  databricks: 'cast(`timestamp` as timestamp) as event_ts,',
  bigquery: undefined,
};

describe('other adapters without a connection: parse everywhere, compile where dbt can', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    if (!existsSync(DBT)) throw new Error(`${DBT} is missing: run "bash scripts/setup-test-env.sh" (it creates .venv-adapters).`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-adapters-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    const scaffold = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'scaffold', dir, '--adapter', 'snowflake', '--models', MODEL_CHOICES.join(',')], { encoding: 'utf8' });
    assert.strictEqual(scaffold.status, 0, scaffold.stderr);
    writeFileSync(path.join(dir, 'profiles.yml'), PROFILES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  const dbt = (...args: string[]) => spawnSync(DBT, [...args, '--profiles-dir', dir, '--project-dir', dir], {
    cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1' },
  });

  for (const [adapter, expected] of Object.entries(EXPECTED)) {
    it(`${adapter}: every model parses${expected ? ', the non-incremental models compile to its SQL, and the preview renders the same' : ' (compile needs credentials)'}`, async () => {
      const parse = dbt('parse', '--target', adapter);
      assert.strictEqual(parse.status, 0, `${parse.stdout}${parse.stderr}`);
      const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; name: string }> };
      const models = Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').map((n) => n.name).sort();
      assert.deepStrictEqual(models, [
        'int_product_warehouse__deliveries', 'int_product_warehouse__identity', 'int_product_warehouse__identity_events',
        'stg_product_warehouse__events', 'stg_product_warehouse__identifies', 'stg_product_warehouse__pages', 'stg_product_warehouse__tracks',
        'wh_product_attributions_xa', 'wh_product_events_fact', 'wh_product_funnels_xa', 'wh_product_metrics_xa', 'wh_product_retention_xa', 'wh_product_sessions_fact',
        'wh_product_users_dim',
      ]);
      if (!expected) return;
      // dbt-databricks asks the cluster for its runtime version inside dbt.dateadd and dbt.datediff: the tables that
      // use them (daily metrics, retention) compile only with a connection there.
      const tables = adapter === 'databricks' ? [] : ['config.materialized:table'];
      // What the previous adapter compiled must not be read as this one's.
      rmSync(path.join(dir, 'target/compiled'), { recursive: true, force: true });
      const compile = dbt('compile', '--target', adapter, '--no-populate-cache', '--select', 'config.materialized:view', ...tables, 'config.materialized:ephemeral');
      assert.strictEqual(compile.status, 0, `${compile.stdout}${compile.stderr}`);
      const tracks = readFileSync(path.join(dir, COMPILED, 'stg_product_warehouse__tracks.sql'), 'utf8');
      assert.strictEqual(tracks.split('\n')[4].trim(), expected);
      // The SQL preview renders those models exactly as this adapter's dbt compiled them.
      assert.deepStrictEqual(await compareWithCompiled(dir, adapter as Adapter, false, {}), [
        'int_product_warehouse__identity_events', 'stg_product_warehouse__events', 'stg_product_warehouse__identifies', 'stg_product_warehouse__pages', 'stg_product_warehouse__tracks',
        ...(adapter === 'databricks' ? [] : ['wh_product_metrics_xa', 'wh_product_retention_xa']),
      ]);
    });
  }
});

/** How each adapter's dbt reads PostHog's `$session_id` out of the JSON properties (product_warehouse_json_text). */
const JSON_SESSION_ID: Record<string, string> = {
  snowflake: `cast(get(try_parse_json(to_varchar(properties)), '$session_id') as varchar) as session_id,`,
  redshift: `json_extract_path_text(properties, '$session_id', true) as session_id,`,
  databricks: `get_json_object(properties, '$[\\'$session_id\\']') as session_id,`,
};

describe('other adapters without a connection: a CDP with JSON properties (PostHog) compiles on each', function () {
  this.timeout(600_000);
  let dir: string;
  before(() => {
    if (!existsSync(DBT)) throw new Error(`${DBT} is missing: run "bash scripts/setup-test-env.sh" (it creates .venv-adapters).`);
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-adapters-posthog-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    const projectFile = path.join(dir, 'dbt_project.yml');
    writeFileSync(projectFile, asCdpProject(dir, readFileSync(projectFile, 'utf8'), 'posthog'));
    const scaffold = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'scaffold', dir, '--adapter', 'snowflake'], { encoding: 'utf8' });
    assert.strictEqual(scaffold.status, 0, scaffold.stderr);
    writeFileSync(path.join(dir, 'profiles.yml'), PROFILES);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [adapter, expected] of Object.entries(JSON_SESSION_ID)) {
    it(`${adapter}: the staging model compiles to its JSON access, and the preview renders the same`, async () => {
      const compile = spawnSync(DBT, ['compile', '--target', adapter, '--no-populate-cache', '--select', 'stg_product_warehouse__events', '--profiles-dir', dir, '--project-dir', dir], {
        cwd: dir, encoding: 'utf8', timeout: 300_000, env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1' },
      });
      assert.strictEqual(compile.status, 0, `${compile.stdout}${compile.stderr}`);
      const sql = readFileSync(path.join(dir, COMPILED, 'stg_product_warehouse__events.sql'), 'utf8');
      assert.deepStrictEqual(sql.split('\n').map((l) => l.trim()).filter((l) => l.endsWith(' as session_id,')), [expected]);
      assert.deepStrictEqual(await compareWithCompiled(dir, adapter as Adapter, false, {}), ['stg_product_warehouse__events']);
    });
  }
});
