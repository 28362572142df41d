/**
 * Parity of the SQL preview with `dbt compile` on real projects nobody here wrote (oracle: dbt itself, DuckDB).
 * Every model dbt compiles is either rendered exactly as dbt wrote it (column lists from target/catalog.json, as
 * `dbt docs generate` wrote it), or — when its SQL is made of the answers to queries (run_query, statement) —
 * reported by the preview as needing a connection. The models of the
 * second kind are pinned by name, so a change in either direction shows.
 */
import * as assert from 'assert';
import { CORPUS_PROJECTS, ModelResult, ProjectResult, runCorpusProject } from './corpusParity';

/**
 * Models whose SQL depends on the warehouse's answers to queries (run_query, statement: the macro that asks is in
 * the message), by project. Column introspection is answered from the catalog `dbt docs generate` wrote.
 */
const NEEDS_CONNECTION: Record<string, string[]> = {
  'jaffle_shop': [],
  'dbt_utils integration_tests': ['test_date_spine', 'test_get_column_values', 'test_get_column_values_where', 'test_get_single_value', 'test_get_single_value_default'],
  'segment integration_tests': [],
  'mixpanel integration_tests': ['stg_mixpanel__user_event_date_spine'],
  'dbt_date integration_tests': ['dates', 'dim_hour', 'dim_week'],
  'codegen integration_tests': [],
};

const summary: ProjectResult[] = [];

function names(results: ModelResult[], verdict: ModelResult['verdict']): string[] {
  return results.filter((r) => r.verdict === verdict).map((r) => r.model).sort();
}

describe('SQL preview parity with dbt compile on real projects (corpus, DuckDB)', function () {
  this.timeout(900_000);

  for (const spec of CORPUS_PROJECTS) {
    it(`${spec.name}: every model dbt compiles renders exactly, or says it needs a connection`, async () => {
      const result = await runCorpusProject(spec);
      summary.push(result);
      const problems = result.results.filter((r) => r.verdict === 'differs' || r.verdict === 'fails');
      assert.deepStrictEqual(problems.map((r) => `${r.model}: ${r.detail}`), [], 'models that render differently or fail');
      assert.deepStrictEqual(names(result.results, 'connection'), [...NEEDS_CONNECTION[spec.name]].sort().filter((m) => !result.notCompiled.includes(m)));
      assert.ok(names(result.results, 'equal').length > 0, 'some models compared');
    });
  }

  after(() => {
    if (summary.length === 0) return;
    const rows = summary.map((p) => {
      const count = (v: ModelResult['verdict']) => p.results.filter((r) => r.verdict === v).length;
      const raw = p.results.filter((r) => r.rawEqual).length;
      return { project: p.project, compiled: p.results.length, equal: count('equal'), rawEqual: raw, connection: count('connection'), differs: count('differs'), fails: count('fails'), notCompiled: p.notCompiled.length };
    });
    const total = (k: keyof (typeof rows)[number]) => rows.reduce((sum, r) => sum + (r[k] as number), 0);
    console.log('\n  Parity with dbt compile (DuckDB):');
    for (const r of rows) console.log(`    ${r.project}: ${r.equal}/${r.compiled - r.connection} equal (${r.rawEqual} byte for byte), ${r.connection} need a connection, ${r.differs} differ, ${r.fails} fail; ${r.notCompiled} not compiled by dbt`);
    const renderable = total('compiled') - total('connection');
    console.log(`    all: ${total('equal')}/${renderable} equal (${((100 * total('equal')) / Math.max(1, renderable)).toFixed(1)}% of the models that render without a connection); ${total('connection')} of ${total('compiled')} compiled models need a connection`);
  });
});
