import * as assert from 'assert';
import { brief, SEGMENT_PACKAGE, workspace } from '../helpers/setup';

const PACKAGES = 'packages:\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n';

/** Package mode, with the var the segment package itself reads, appended at the end so line numbers stay put. */
function pkg(yml: string): string {
  return yml + '  product-warehouse-mode: package\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n';
}

async function check(projectYml: string, extra: Record<string, string> = {}): Promise<string[]> {
  const ws = await workspace({ 'dbt_project.yml': projectYml, 'packages.yml': PACKAGES, ...SEGMENT_PACKAGE, 'models/stg_events.sql': 'select 1', ...extra });
  return (await ws.service.doValidation(ws.doc('dbt_project.yml'))).map(brief);
}

describe('dbt_project.yml validation', () => {
  it('accepts a complete, correct configuration', async () => {
    const yml = pkg('name: shop\nvars:\n  cdp: segment\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n');
    assert.deepStrictEqual(await check(yml), []);
  });

  it('flags an unsupported cdp on its value, with a suggestion', async () => {
    const yml = pkg('name: shop\nvars:\n  cdp: segmnt\n  cdp-events-model: stg_events\n  cdp-sessions-model: segment_web_sessions\n');
    assert.deepStrictEqual(await check(yml), ['[2,7,2,13] error unsupported-cdp: "segmnt" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.']);
  });

  it('flags an unknown model with did-you-mean, covering the quoted value', async () => {
    const yml = pkg('name: shop\nvars:\n  cdp: segment\n  cdp-events-model: "stg_event"\n  cdp-sessions-model: segment_web_sessions\n');
    assert.deepStrictEqual(await check(yml), [
      '[3,20,3,31] error unknown-model: No model, seed or snapshot named "stg_event" in this project or its installed packages. Did you mean "stg_events"?',
    ]);
  });

  it('resolves seeds, snapshots and YAML-versioned models', async () => {
    const yml = pkg('name: shop\nvars:\n  cdp-events-model: raw_events\n  cdp-sessions-model: sessions_snap\n  sessions-base-model: dim_sessions\n  cdp: segment\n');
    const extra = {
      'seeds/raw_events.csv': 'id\n1\n',
      'snapshots/s.sql': '{% snapshot sessions_snap %}\nselect 1\n{% endsnapshot %}',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: dim_sessions\n    versions:\n      - v: 1\n',
    };
    assert.deepStrictEqual(await check(yml, extra), []);
  });

  it('a disabled model is not a model to point at: enabled false in the folder config, through a var, or in properties YAML', async () => {
    const yml = [
      'name: shop', 'vars:', '  cdp: segment', '  cdp-events-model: old_events', '  cdp-sessions-model: pkg_sessions', '  sessions-base-model: documented_off',
      '  use_pkg: false', 'models:', '  shop:', '    legacy:', '      +enabled: false', '  pkg:', '    +enabled: "{{ var(\'use_pkg\') }}"', '',
    ].join('\n');
    const ws = await workspace({
      'dbt_project.yml': yml,
      'models/legacy/old_events.sql': 'select 1',
      'models/documented_off.sql': 'select 1',
      'models/fresh.sql': 'select 1',
      'models/schema.yml': 'version: 2\nmodels:\n  - name: documented_off\n    config:\n      enabled: false\n',
      'dbt_packages/pkg/dbt_project.yml': 'name: pkg\n',
      'dbt_packages/pkg/models/pkg_sessions.sql': 'select 1',
    });
    assert.deepStrictEqual((await ws.service.doValidation(ws.doc('dbt_project.yml'))).map(brief), [
      '[3,20,3,30] error disabled-model: "old_events" is disabled (enabled: false in its project\'s config), so dbt has no such model to build or ref().',
      '[4,22,4,34] error disabled-model: "pkg_sessions" is disabled (enabled: false in its project\'s config), so dbt has no such model to build or ref().',
      '[5,23,5,37] error disabled-model: "documented_off" is disabled (enabled: false in its project\'s config), so dbt has no such model to build or ref().',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
    ]);
    const sql = ws.doc('models/x.sql', "select * from {{ ref('') }}");
    const offered = (await ws.service.doComplete(sql, { line: 0, character: 22 })).items.map((i) => i.label);
    assert.deepStrictEqual(offered, ['fresh']);
  });

  it('names the package that packages.yml does not list', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: shop\nvars:\n  cdp: snowplow\n  cdp-events-model: snowplow_web_page_views\n  cdp-sessions-model: snowplow_web_sessions\n',
      'packages.yml': PACKAGES,
    });
    assert.deepStrictEqual((await ws.service.doValidation(ws.doc('dbt_project.yml'))).map(brief), [
      '[3,20,3,43] error package-not-listed: "snowplow_web_page_views" is provided by the snowplow/snowplow_web package, which packages.yml does not list.',
      '[4,22,4,43] error package-not-listed: "snowplow_web_sessions" is provided by the snowplow/snowplow_web package, which packages.yml does not list.',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-events-table.',
    ]);
  });

  it('tells the user to run dbt deps when the package is listed but not installed', async () => {
    const ws = await workspace({
      'dbt_project.yml': pkg('name: shop\nvars:\n  cdp: segment\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n'),
      'packages.yml': PACKAGES,
    });
    const found = (await ws.service.doValidation(ws.doc('dbt_project.yml'))).map(brief);
    assert.deepStrictEqual(found[0], '[3,20,3,42] error package-not-installed: "segment_web_page_views" is provided by the dbt-labs/segment package, which packages.yml lists but is not installed: run `dbt deps`.');
    assert.strictEqual(found.length, 2);
  });

  it('checks source() and ref() in relation vars, and leaves other Jinja alone', async () => {
    const yml = [
      'name: shop',
      'vars:',
      '  cdp-pages-table: "{{ source(\'segment\', \'pagez\') }}"',
      '  cdp-tracks-table: "{{ source(\'segmnt\', \'tracks\') }}"',
      '  cdp-identifies-table: "{{ ref(\'stg_identifies\') }}"',
      '  cdp-events-model: "{{ var(\'x\') ~ \'_suffix\' }}"',
      '  cdp-sessions-model: "{{ ref(\'stg_events\') }}"',
      '  product-warehouse-session-timeout-seconds: "30 * 60"',
      '',
    ].join('\n');
    const extra = { 'models/src.yml': 'version: 2\nsources:\n  - name: segment\n    tables:\n      - name: pages\n      - name: tracks\n' };
    assert.deepStrictEqual(await check(yml, extra), [
      '[2,42,2,47] error unknown-source: Source "segment" has no table "pagez" in the project\'s YAML files (used by "cdp-pages-table"). Did you mean "pages"?',
      '[3,32,3,38] error unknown-source: No source "segmnt" is declared in the project\'s YAML files (used by "cdp-tracks-table"). Did you mean "segment"?',
      '[4,33,4,47] error unknown-model: No model, seed or snapshot named "stg_identifies" in this project or its installed packages.',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp.',
    ]);
  });

  it('reports wrong value types, YAML 1.1 booleans included', async () => {
    const yml = pkg('name: shop\nvars:\n  cdp: yes\n  cdp-events-model: [a, b]\n  cdp-sessions-model:\n  product-warehouse-lookback-seconds: -5\n  product-warehouse-retention-days: 7.5\n  product-warehouse-sessions: sometimes\n');
    assert.deepStrictEqual(await check(yml), [
      '[2,7,2,10] error wrong-type: "cdp" expects a CDP name, got a boolean (true).',
      '[3,20,3,26] error wrong-type: "cdp-events-model" expects a model name, got a list.',
      '[4,21,4,21] error wrong-type: "cdp-sessions-model" expects a model name, got nothing (null).',
      '[5,38,5,40] error invalid-number: "product-warehouse-lookback-seconds" must be a positive whole number of seconds, got -5.',
      '[6,36,6,39] error invalid-number: "product-warehouse-retention-days" must be a positive whole number of days, got 7.5.',
      '[7,30,7,39] error invalid-choice: "sometimes" is not a valid "product-warehouse-sessions"; supported: native, inactivity.',
    ]);
  });

  it('warns on key typos but keeps quiet about other packages\' vars', async () => {
    const yml = [
      'name: shop',
      'vars:',
      '  cdp: segment',
      '  cdp_events_model: stg_events',
      '  cdp-sesions-model: stg_events',
      '  start_date: "2020-01-01"',
      '  snowplow:',
      '    cdp-event-model: whatever',
      '',
    ].join('\n');
    assert.deepStrictEqual(await check(yml), [
      '[3,2,3,18] warning var-typo: "cdp_events_model" is not a product-warehouse var. Did you mean "cdp-events-model"?',
      '[4,2,4,19] warning var-typo: "cdp-sesions-model" is not a product-warehouse var. Did you mean "cdp-sessions-model"?',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
    ]);
  });

  it('reads vars scoped to the project and to the 2020 package name', async () => {
    const yml = pkg('name: shop\nvars:\n  shop:\n    cdp: segment\n    cdp-events-model: stg_events\n  dbt_product_warehouse:\n    cdp-sessions-model: nope\n');
    assert.deepStrictEqual(await check(yml), [
      '[6,24,6,28] error unknown-model: No model, seed or snapshot named "nope" in this project or its installed packages.',
    ]);
  });

  it('flags duplicate keys, vars outside vars:, and YAML syntax errors at their position', async () => {
    const yml = 'name: shop\ncdp: segment\nvars:\n  cdp: segment\n  cdp: segment\n  x: [\n';
    assert.deepStrictEqual(await check(yml), [
      '[6,0,6,0] error yaml-syntax: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ]',
      '[4,2,4,5] error duplicate-key: Duplicate key "cdp" (first defined on line 4); dbt keeps only the last one.',
      '[1,0,1,3] warning var-outside-vars: "cdp" is a var: dbt reads it only under "vars:", so here it has no effect.',
      '[2,0,2,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
    ]);
  });

  it('refuses model paths that leave the project', async () => {
    const yml = 'name: shop\nmodel-paths: ["models", "../../.."]\n';
    assert.deepStrictEqual(await check(yml), [
      '[1,24,1,34] error path-outside-project: model-paths entry "../../.." points outside the project folder; it is not read.',
    ]);
  });

  it('reports binary and oversized files instead of parsing them', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: x\n\u0000\u0001' });
    assert.deepStrictEqual((await ws.service.doValidation(ws.doc('dbt_project.yml'))).map(brief), [
      '[0,0,0,0] error not-text: File holds binary data (NUL characters); it is not YAML.',
    ]);
    const big = 'a: ' + 'x'.repeat(6 * 1024 * 1024);
    const diags = await ws.service.doValidation(ws.doc('dbt_project.yml', big));
    assert.deepStrictEqual(diags.map(brief), [`[0,0,0,0] error file-too-large: File is ${big.length} characters; YAML files like this one over 65536 are not checked.`]);
    // Every other feature answers at once on such a file, with nothing.
    const started = Date.now();
    const doc = ws.doc('dbt_project.yml', big);
    assert.deepStrictEqual([(await ws.service.doComplete(doc, { line: 0, character: 3 })).items, await ws.service.doHover(doc, { line: 0, character: 3 }), await ws.service.findDefinition(doc, { line: 0, character: 3 })], [[], null, []]);
    assert.ok(Date.now() - started < 1000, `${Date.now() - started} ms`);
  });

  it('reports the first 100 syntax errors and duplicate keys, then how many more (a fuzzed file had 24,531)', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: x\n' });
    const errors = await ws.service.doValidation(ws.doc('dbt_project.yml', `name: x\n${'{]: '.repeat(2000)}\n`));
    assert.deepStrictEqual([errors.length, brief(errors[100])], [101, '[1,401,1,402] error yaml-syntax: YAML syntax error: 1900 more from here on (the first 100 are shown).']);
    const duplicates = await ws.service.doValidation(ws.doc('dbt_project.yml', `name: x\nvars:\n${'  a: 1\n'.repeat(300)}`));
    assert.deepStrictEqual([duplicates.length, brief(duplicates[0]), brief(duplicates[99])], [
      100,
      '[3,2,3,3] error duplicate-key: Duplicate key "a" (first defined on line 3); dbt keeps only the last one.',
      '[102,2,102,3] error duplicate-key: Duplicate key "a" (first defined on line 3); dbt keeps only the last one.',
    ]);
  });

  it('reads sources from properties YAML larger than the config bound (generated sources files run to hundreds of KB)', async () => {
    const tables = Array.from({ length: 4000 }, (_, i) => `      - name: table_${i}\n        description: a table the loader writes\n`).join('');
    const sources = `version: 2\nsources:\n  - name: segment\n    tables:\n${tables}      - name: pages\n`;
    assert.ok(sources.length > 64 * 1024 && sources.length < 512 * 1024, `${sources.length}`);
    const yml = 'name: shop\nvars:\n  cdp: segment\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-tracks-table: "{{ source(\'segment\', \'table_3999\') }}"\n  cdp-identifies-table: "{{ source(\'segment\', \'table_0\') }}"\n';
    assert.deepStrictEqual(await check(yml, { 'models/src.yml': sources }), []);
  });

  it('reports YAML nested too deep (typing {{ {{ {{ into a var, or runaway indentation) instead of parsing it', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: x\n' });
    for (const text of ['name: x\nvars:\n  a: ' + '{{ '.repeat(400), 'name: x\nvars:\n' + ' '.repeat(600) + 'a: 1\n', '- '.repeat(300)]) {
      assert.deepStrictEqual((await ws.service.doValidation(ws.doc('dbt_project.yml', text))).map(brief), ['[0,0,0,0] error too-deep: Nested deeper than 256 levels; not checked.']);
    }
  });
});
