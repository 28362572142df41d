/**
 * dbt's compile semantics the preview reproduces, each pinned to the text `dbt compile` (dbt-core 1.10.23,
 * dbt-duckdb 1.10.1) wrote for the same small project: ephemeral models injected as CTEs, the project's quoting
 * config, `<project>.macro()`, Jinja2 list arithmetic, generate_schema_name_for_env, dbt's strip of model files.
 * Where the preview deliberately differs from dbt (a broken macro file costs only the renders that need it; where
 * profiles.yml is looked for), the test says so.
 */
import * as assert from 'assert';
import { RenderOutcome } from '../../server/src/core/render/outcome';
import { getLanguageService, LanguageService } from '../../server/src/core/service';
import { testEngine } from '../helpers/engine';
import { MemoryFs } from '../helpers/memoryFs';

const ROOT = '/ws/mini';

const MINI: Record<string, string> = {
  'dbt_project.yml': 'name: mini\nversion: "1.0.0"\nconfig-version: 2\nprofile: mini\nquoting:\n  identifier: false\nmodels:\n  mini:\n    staging:\n      +materialized: ephemeral\n',
  'profiles.yml': 'mini:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: /tmp/mini/mini.duckdb\n',
  'models/staging/stg_a.sql': 'select 1 as id\n',
  'models/staging/stg_b.sql': "select * from {{ ref('stg_a') }}\n",
  'models/final.sql': "with x as (\n  select * from {{ ref('stg_b') }}\n)\nselect * from x join {{ ref('stg_a') }} using (id)\n",
  'models/no_with.sql': "select * from {{ ref('stg_b') }}\n",
  'models/custom_schema.sql': "{{ config(schema='marts') }}\nselect {{ mini.answer() }} as answer, {{ [1] + [2] }} as l\n",
  'macros/gsn.sql': '{% macro generate_schema_name(custom_schema_name, node) -%}\n  {{ generate_schema_name_for_env(custom_schema_name, node) }}\n{%- endmacro %}\n',
  'macros/helpers.sql': '{% macro answer() %}42{% endmacro %}\n',
};

function mini(extra: Record<string, string> = {}, env: Record<string, string> = {}): LanguageService {
  const fs = new MemoryFs({ ...MINI, ...extra }, ROOT);
  return getLanguageService({ fs, profilesDirs: [], env, engine: testEngine() });
}

async function rendered(service: LanguageService, model: string): Promise<[string, string]> {
  const outcome: RenderOutcome = await service.render(`${ROOT}/models/${model}.sql`, {});
  if (!outcome.ok) assert.fail(`${outcome.file}:${outcome.line}: ${outcome.message}`);
  return [outcome.raw, outcome.relation];
}

describe('SQL preview: dbt compile semantics (oracle: the text dbt compile wrote for the same project)', function () {
  this.timeout(60_000);

  it('injects ephemeral models as CTEs after an existing with, each once, in dependency order', async () => {
    assert.deepStrictEqual(await rendered(mini(), 'final'), [
      'with  __dbt__cte__stg_a as (\nselect 1 as id\n),  __dbt__cte__stg_b as (\nselect * from __dbt__cte__stg_a\n), x as (\n  select * from __dbt__cte__stg_b\n)\nselect * from x join __dbt__cte__stg_a using (id)',
      '"mini"."main".final',
    ]);
  });

  it('adds a with when the query has none; the project quoting config leaves identifiers unquoted', async () => {
    assert.deepStrictEqual(await rendered(mini(), 'no_with'), [
      'with __dbt__cte__stg_a as (\nselect 1 as id\n),  __dbt__cte__stg_b as (\nselect * from __dbt__cte__stg_a\n) select * from __dbt__cte__stg_b',
      '"mini"."main".no_with',
    ]);
  });

  it("calls <project>.macro(), adds lists as Jinja2 does, and names schemas with dbt's generate_schema_name_for_env", async () => {
    assert.deepStrictEqual(await rendered(mini(), 'custom_schema'), ['\nselect 42 as answer, [1, 2] as l', '"mini"."main".custom_schema']);
  });

  it('a macro file dbt could not parse costs only the renders that call its macros (dbt would stop the whole project)', async () => {
    const service = mini({ 'macros/broken.sql': '{% macro oops() %}\nselect 1\n', 'models/uses_oops.sql': 'select {{ oops() }}' });
    assert.deepStrictEqual((await rendered(service, 'no_with'))[1], '"mini"."main".no_with');
    const outcome = await service.render(`${ROOT}/models/uses_oops.sql`, {});
    assert.deepStrictEqual(outcome.ok ? 'rendered' : [outcome.line, outcome.message], [1, "'oops' is undefined"]);
  });

  it('reads profiles.yml from DBT_PROFILES_DIR before the project folder, as dbt does', async () => {
    const service = mini({ '../elsewhere/profiles.yml': 'mini:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: /data/from_env.duckdb\n' }, { DBT_PROFILES_DIR: '/ws/elsewhere' });
    assert.deepStrictEqual((await rendered(service, 'no_with'))[1], '"from_env"."main".no_with');
  });
});
