import * as assert from 'assert';
import { readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { formatWhole } from '../../server/src/core/render/formatSql';
import { RenderOutcome } from '../../server/src/core/render/outcome';
import { splitCtes } from '../../server/src/core/render/sqlChunks';
import { getLanguageService, LanguageService } from '../../server/src/core/service';
import { testEngine } from '../helpers/engine';
import { REPO } from '../helpers/fixtures';
import { MemoryFs } from '../helpers/memoryFs';
import { templateRoots } from '../../server/src/core/cdp/registry';

const ROOT = '/ws/shop';
const W = `${ROOT}/models/warehouse/w_product`;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(path.join(dir, n)).isDirectory() ? filesUnder(path.join(dir, n)) : [path.join(dir, n)]));
}

/** examples/shop with the Segment templates where the scaffold puts them, in memory. */
function shop(overrides: Record<string, string> = {}): { fs: MemoryFs; service: LanguageService } {
  const files: Record<string, string> = {};
  for (const f of ['dbt_project.yml', 'profiles.yml', 'models/staging/sources.yml']) files[f] = readFileSync(path.join(REPO, 'examples/shop', f), 'utf8');
  for (const root of templateRoots('segment')) {
    const templates = path.join(REPO, 'templates', root);
    for (const f of filesUnder(templates)) files[path.relative(templates, f)] = readFileSync(f, 'utf8');
  }
  Object.assign(files, overrides);
  const fs = new MemoryFs(files, ROOT);
  return { fs, service: getLanguageService({ fs, profilesDirs: [], env: { PW_DUCKDB_PATH: '/data/shop.duckdb' }, engine: testEngine() }) };
}

async function ok(service: LanguageService, file: string, options: { adapter?: string; incremental?: boolean } = {}): Promise<Extract<RenderOutcome, { ok: true }>> {
  const outcome = await service.render(file, options);
  if (!outcome.ok) assert.fail(`${outcome.file}:${outcome.line}: ${outcome.message}`);
  return outcome;
}

/** The vars of examples/shop's dbt_project.yml, which dbt lists when a var is missing. */
/** The example shop's vars, as dbt prints them in "Required var ... not found" (json.dumps, keys sorted, indent 4). */
const SHOP_VARS = (parse(readFileSync(path.join(REPO, 'examples/shop/dbt_project.yml'), 'utf8')) as { vars: unknown }).vars;
const sortedKeys = (value: unknown): unknown => (Array.isArray(value) ? value.map(sortedKeys)
  : value !== null && typeof value === 'object' ? Object.fromEntries(Object.keys(value).sort().map((k) => [k, sortedKeys((value as Record<string, unknown>)[k])])) : value);

const MODELS = [
  'wh_product_users_dim', 'wh_product_events_fact', 'wh_product_sessions_fact', 'staging/int_product_warehouse__deliveries',
  'staging/int_product_warehouse__identity', 'staging/int_product_warehouse__identity_events', 'staging/stg_product_warehouse__pages',
  'staging/stg_product_warehouse__tracks', 'staging/stg_product_warehouse__identifies',
];

describe('SQL preview renderer (the real engine: Jinja2 and dbt\'s macros in Pyodide)', function () {
  this.timeout(60_000);
  describe('every template on every adapter', () => {
    // The relation of `this` and one adapter-specific line per adapter, exactly.
    const EXPECTED = {
      duckdb: { sessions: '"shop"."main"."wh_product_sessions_fact"', timeout: "date_diff('second', previous_ts::timestamp, event_ts::timestamp)", hash: 'md5(cast(matched.event_id as TEXT)) as product_event_pk' },
      postgres: { sessions: '"postgres"."analytics"."wh_product_sessions_fact"', timeout: "floor(date_part('second', (event_ts)::timestamp))", hash: 'md5(cast(matched.event_id as TEXT)) as product_event_pk' },
      snowflake: { sessions: '"<target database>"."<target schema>".wh_product_sessions_fact', timeout: 'datediff(second, previous_ts, event_ts)', hash: 'md5(cast(matched.event_id as TEXT)) as product_event_pk' },
      bigquery: { sessions: '`<target database>`.`<target schema>`.`wh_product_sessions_fact`', timeout: 'datetime_diff(cast(event_ts as datetime), cast(previous_ts as datetime), second)', hash: 'to_hex(md5(cast(matched.event_id as string))) as product_event_pk' },
      redshift: { sessions: '"<target database>"."<target schema>"."wh_product_sessions_fact"', timeout: 'datediff(second, previous_ts, event_ts)', hash: 'md5(cast(matched.event_id as TEXT)) as product_event_pk' },
      databricks: { sessions: '`<target database>`.`<target schema>`.`wh_product_sessions_fact`', timeout: "timestampdiff(second, date_trunc('second', previous_ts), date_trunc('second', event_ts))", hash: 'md5(cast(matched.event_id as string)) as product_event_pk' },
    } as const;
    for (const [adapter, expected] of Object.entries(EXPECTED)) {
      it(`${adapter}: all nine models, full refresh and incremental`, async () => {
        const { service } = shop();
        for (const model of MODELS) {
          for (const incremental of [false, true]) {
            const out = await ok(service, `${W}/${model}.sql`, { adapter, incremental });
            assert.strictEqual(out.adapter, adapter);
            assert.ok(!/\{\{|\{%/.test(out.sql), `${model}: no Jinja left`);
            assert.strictEqual(out.formatError, undefined, `${model} formats in the ${adapter} dialect`);
            // Formatting a CTE at a time (cached pieces) lays out the SQL exactly as formatting it whole.
            assert.strictEqual(out.sql, formatWhole(out.raw, out.adapter), `${model}: pieces = whole`);
          }
        }
        const sessions = await ok(service, `${W}/wh_product_sessions_fact.sql`, { adapter, incremental: true });
        assert.strictEqual(sessions.relation, expected.sessions);
        const flat = sessions.sql.replace(/\s+/g, ' ').replace(/\( /g, '(').replace(/ \)/g, ')').replace(/(\w) \(/g, '$1(');
        assert.ok(flat.includes(expected.timeout), `${adapter} datediff: ${flat.slice(flat.indexOf('previous_ts is null'), flat.indexOf('previous_ts is null') + 260)}`);
        assert.ok(flat.includes(`from ${expected.sessions})`), 'the incremental filter reads {{ this }}');
        const events = (await ok(service, `${W}/wh_product_events_fact.sql`, { adapter })).sql.replace(/\s+/g, ' ');
        assert.ok(events.includes(expected.hash), `${adapter} hash`);
      });
    }
  });

  it('renders the tracks staging model exactly (DuckDB, the profile target with env_var)', async () => {
    const out = await ok(shop().service, `${W}/staging/stg_product_warehouse__tracks.sql`);
    // product_warehouse_utc() as sql-formatter lays it out: typed columns by typeof(), text through its offset.
    const utc = (column: string, alias: string) => [
      `    case typeof(${column})`,
      ...['TIMESTAMP', 'TIMESTAMP_NS', 'TIMESTAMP_MS', 'TIMESTAMP_S', 'DATE'].map((type) => `        when '${type}' then cast(${column} as timestamp)`),
      "        when 'TIMESTAMP WITH TIME ZONE' then cast(",
      `            timezone('UTC', cast(${column} as timestamptz)) as timestamp`,
      '        )',
      '        else cast(',
      '            timezone(',
      "                'UTC',",
      '                cast(',
      '                    case',
      '                        when regexp_matches(',
      `                            cast(${column} as TEXT),`,
      "                            ':[0-9][0-9]([.][0-9]*)?(Z|[+-][0-9][0-9](:?[0-9][0-9])?)$'",
      `                        ) then cast(${column} as TEXT)`,
      `                        else cast(${column} as TEXT) || '+00:00'`,
      '                    end as timestamptz',
      '                )',
      '            ) as timestamp',
      '        )',
      `    end as ${alias},`,
    ];
    assert.strictEqual(out.sql, [
      'select',
      '    cast(id as TEXT) as event_id,',
      '    cast(anonymous_id as TEXT) as anonymous_id,',
      '    cast(user_id as TEXT) as user_id,',
      ...utc('"timestamp"', 'event_ts'),
      ...utc('received_at', 'received_at'),
      '    cast(coalesce(event_text, event) as TEXT) as event_name,',
      '    cast(context_page_url as TEXT) as event_url,',
      '    cast(context_user_agent as TEXT) as user_agent,',
      '    cast(null as TEXT) as cdp_session_id,',
      '    cast(context_page_referrer as TEXT) as referrer,',
      '    cast(context_campaign_source as TEXT) as utm_source,',
      '    cast(context_campaign_medium as TEXT) as utm_medium,',
      '    cast(context_campaign_name as TEXT) as utm_campaign',
      'from',
      '    "shop"."main"."tracks"',
    ].join('\n'));
    assert.deepStrictEqual([out.relation, out.target, out.placeholders, out.config], ['"shop"."main"."stg_product_warehouse__tracks"', 'duckdb', false, { materialized: 'ephemeral' }]);
  });

  it('captures config() as the header; is_incremental() only for incremental models', async () => {
    const { service } = shop();
    const sessions = await ok(service, `${W}/wh_product_sessions_fact.sql`, { incremental: true });
    assert.deepStrictEqual(sessions.config, { materialized: 'incremental', 'pre-hook': ['{{ product_warehouse_session_settings() }}'], unique_key: 'session_key', incremental_strategy: 'delete+insert', product_warehouse_replace_keys: true, on_schema_change: 'fail' });
    assert.ok(sessions.sql.includes('session_key in ('));
    const full = await ok(service, `${W}/wh_product_sessions_fact.sql`);
    assert.ok(!full.sql.includes('session_key in ('));
    const bigquery = await ok(service, `${W}/wh_product_sessions_fact.sql`, { adapter: 'bigquery' });
    assert.strictEqual(bigquery.config.incremental_strategy, 'merge', 'adapter.dispatch picks bigquery__');
    // Spark: merge on Delta, set by a config() call inside a dispatched macro (product_warehouse_spark.sql).
    const spark = await ok(service, `${W}/wh_product_sessions_fact.sql`, { adapter: 'spark' });
    assert.deepStrictEqual([spark.config.incremental_strategy, spark.config.file_format], ['merge', 'delta']);
    const view = await ok(service, `${W}/staging/stg_product_warehouse__tracks.sql`, { incremental: true });
    assert.strictEqual(view.sql, (await ok(service, `${W}/staging/stg_product_warehouse__tracks.sql`)).sql);
    const deliveries = await ok(service, `${W}/staging/int_product_warehouse__deliveries.sql`, { incremental: true });
    assert.ok(deliveries.sql.includes('"shop"."main"."int_product_warehouse__deliveries"'), 'the incremental window reads {{ this }}');
  });

  it('knows the whole config before compiling, as dbt does: a config() after what reads it still counts', async () => {
    const { fs, service } = shop();
    fs.write(`${ROOT}/models/late_config.sql`, "select 1 from {{ this }}{% if is_incremental() %} where later{% endif %}\n{{ config(materialized='incremental', alias='late') }}");
    const out = await ok(service, `${ROOT}/models/late_config.sql`, { incremental: true });
    assert.strictEqual(out.raw, 'select 1 from "shop"."main"."late" where later\n');
  });

  it('reads vars from the open dbt_project.yml: package mode swaps the staging for the package models', async () => {
    const { fs, service } = shop();
    const config = readFileSync(path.join(REPO, 'examples/shop/dbt_project.yml'), 'utf8').replace('product-warehouse-mode: self-contained', 'product-warehouse-mode: package');
    fs.write(`${ROOT}/dbt_project.yml`, config);
    fs.write(`${ROOT}/seeds/segment_web_page_views.csv`, 'page_view_id\n');
    const out = await ok(service, `${W}/staging/int_product_warehouse__deliveries.sql`);
    assert.ok(out.sql.includes('"shop"."main"."segment_web_page_views"'), out.sql);
    assert.ok(!out.sql.includes('stg_product_warehouse__pages'));
  });

  it('folder config gives custom schemas (dbt\'s generate_schema_name, or the project\'s own)', async () => {
    const custom = readFileSync(path.join(REPO, 'examples/shop/dbt_project.yml'), 'utf8') + '\nmodels:\n  shop_analytics:\n    warehouse:\n      +schema: product\n';
    let { service } = shop({ 'dbt_project.yml': custom });
    let out = await ok(service, `${W}/wh_product_users_dim.sql`);
    assert.strictEqual(out.relation, '"shop"."main_product"."wh_product_users_dim"');
    assert.ok(out.sql.replace(/\s+/g, ' ').includes('from "shop"."main_product"."int_product_warehouse__identity"'), 'refs use the other model\'s folder config');
    ({ service } = shop({ 'dbt_project.yml': custom, 'macros/schemas.sql': '{% macro generate_schema_name(custom, node) -%}{{ custom or target.schema }}{%- endmacro %}' }));
    out = await ok(service, `${W}/wh_product_users_dim.sql`);
    assert.strictEqual(out.relation, '"shop"."product"."wh_product_users_dim"');
  });

  describe('what it cannot render is an error naming the line', () => {
    const cases: [string, string, number, string, string][] = [
      ['unknown ref', "select 1\nfrom {{ ref('no_such_model') }}", 2, 'error', "Model 'model.shop_analytics.broken' depends on a node named 'no_such_model' which was not found"],
      ['unknown source', "select *\n\nfrom {{ source('segment', 'orders') }}", 3, 'error', "Model 'model.shop_analytics.broken' depends on a source named 'segment.orders' which was not found"],
      ['missing var', "select {{ var('nope', none) is none }}\n{{ var('nope') }}", 2, 'error', "Required var 'nope' not found in config:\nVars supplied to broken = " + JSON.stringify(sortedKeys(SHOP_VARS), null, 4)],
      ['syntax', 'select 1\n{% if %}\n', 2, 'error', "Syntax error: Expected an expression, got 'end of statement block'"],
      ['a query at compile time', "{% set rows = run_query('select 1') %}\nselect 1", 1, 'connection', 'run_query needs a warehouse connection, which the preview does not have: use "Compile with dbt"'],
      ['raise_compiler_error', "select 1\n\n\n{{ exceptions.raise_compiler_error('stop here') }}", 4, 'error', 'stop here'],
    ];
    for (const [what, text, line, kind, message] of cases) {
      it(what, async () => {
        const { fs, service } = shop();
        fs.write(`${ROOT}/models/broken.sql`, text);
        const outcome = await service.render(`${ROOT}/models/broken.sql`, {});
        assert.deepStrictEqual(outcome, { ok: false, model: 'broken', adapter: 'duckdb', incremental: false, message, file: `${ROOT}/models/broken.sql`, line, kind });
      });
    }

    it('an undefined name prints nothing, as in dbt (Jinja\'s lenient undefined)', async () => {
      const { fs, service } = shop();
      fs.write(`${ROOT}/models/loose.sql`, 'select 1,\n  {{ some_column }}');
      assert.strictEqual((await ok(service, `${ROOT}/models/loose.sql`)).raw, 'select 1,\n  ');
    });

    it('an error inside a macro names the macro and its file', async () => {
      const { fs, service } = shop({ 'macros/broken.sql': "{% macro bad_relation() %}\n  {{ ref('gone') }}\n{% endmacro %}" });
      fs.write(`${ROOT}/models/uses_macro.sql`, 'select 1\nfrom {{ bad_relation() }}');
      const outcome = await service.render(`${ROOT}/models/uses_macro.sql`, {});
      assert.deepStrictEqual(outcome.ok ? undefined : [outcome.file, outcome.line, outcome.message], [`${ROOT}/macros/broken.sql`, 2, "Model 'model.shop_analytics.uses_macro' depends on a node named 'gone' which was not found (in macro shop_analytics.bad_relation)"]);
    });

    it('files that are not models of a project', async () => {
      const { fs, service } = shop();
      fs.write('/elsewhere/x.sql', 'select 1');
      assert.deepStrictEqual(await service.render('/elsewhere/x.sql', {}), { ok: false, model: 'x', adapter: undefined, incremental: false, message: '/elsewhere/x.sql is not inside a dbt project (no dbt_project.yml above it)', file: undefined, line: undefined });
      const wrongAdapter = await service.render(`${W}/wh_product_users_dim.sql`, { adapter: 'oracle' });
      assert.strictEqual(wrongAdapter.ok ? '' : wrongAdapter.message, 'Unknown adapter "oracle": one of duckdb, postgres, snowflake, bigquery, redshift, databricks, spark');
    });
  });

  it('renders package macros the dbt_utils way: dispatch in a namespace, do + append, loop.last, Python str methods (True prints as Python does)', async () => {
    const utils = [
      "{% macro surrogate_key(field_list) -%}{{ return(adapter.dispatch('surrogate_key', 'my_utils')(field_list)) }}{%- endmacro %}",
      '{% macro default__surrogate_key(field_list) -%}',
      '  {%- set fields = [] -%}',
      "  {%- for field in field_list -%}{%- do fields.append(\"coalesce(cast(\" ~ field ~ \" as \" ~ dbt.type_string() ~ \"), '')\") -%}",
      "  {%- if not loop.last %}{%- do fields.append(\"'-'\") -%}{%- endif -%}{%- endfor -%}",
      '  {{ dbt.hash(dbt.concat(fields)) }}',
      '{%- endmacro %}',
    ].join('\n');
    const { fs, service } = shop({
      'dbt_packages/my_utils/dbt_project.yml': 'name: my_utils\nversion: "1.0.0"\nconfig-version: 2\n',
      'dbt_packages/my_utils/macros/keys.sql': utils,
    });
    fs.write(`${ROOT}/models/keys.sql`, "select {{ my_utils.surrogate_key(['a', 'b']) }} as k, '{{ '  Stg_Orders '.strip().lower().replace('stg_', '') }}' as n, {{ 'stg_x'.startswith('stg_') }} as s");
    const out = await ok(service, `${ROOT}/models/keys.sql`);
    assert.strictEqual(out.raw, "select md5(cast(coalesce(cast(a as TEXT), '') || '-' || coalesce(cast(b as TEXT), '') as TEXT)) as k, 'orders' as n, True as s");
  });

  it('uses the unsaved text of an open model', async () => {
    const { service } = shop();
    const out = await ok(service, `${W}/wh_product_users_dim.sql`);
    assert.ok(out.sql.startsWith('with'));
    const edited = await service.render(`${W}/wh_product_users_dim.sql`, { text: "select {{ var('cdp') }} as cdp" });
    assert.deepStrictEqual(edited.ok && edited.sql, "select\n    segment as cdp");
  });
});

describe('splitting a query into CTEs for formatting', () => {
  it('splits at the top level only, keeping quotes, comments and nested parentheses inside their CTE', () => {
    assert.deepStrictEqual(splitCtes("/* hint */\nWITH a AS (select ')' as p, (1) from t -- )\n), b as (select * from a)\nselect * from b"), {
      leading: '/* hint */\n', withKeyword: 'WITH',
      ctes: [{ name: 'a', asKeyword: 'AS', body: "select ')' as p, (1) from t -- )\n" }, { name: 'b', asKeyword: 'as', body: 'select * from a' }],
      main: 'select * from b',
    });
    assert.strictEqual(splitCtes('with a as (select 1),\n-- between\nb as (select 2) select 1'), undefined, 'a comment between CTEs: formatted whole');
    assert.strictEqual(splitCtes('with recursive r as (select 1) select * from r'), undefined);
    assert.strictEqual(splitCtes('select 1'), undefined);
  });
});
