import * as assert from 'assert';
import { prepareScaffold } from '../../server/src/core/scaffold/prepare';
import { ScaffoldOptions, ScaffoldPlan, writesFor } from '../../server/src/core/scaffold/plan';
import { Workspace } from '../../server/src/core/project/workspace';
import { silentLogger } from '../../server/src/core/types';
import { MemoryFs } from '../helpers/memoryFs';
import { parseYaml } from '../../server/src/core/yaml/yamlDocument';
import { getLanguageService } from '../../server/src/core/service';

const TEMPLATES: Record<string, string> = {
  'warehouse/macros/product_warehouse.sql': '-- macros\n',
  'cdp/segment/models/warehouse/w_product/staging/stg_product_warehouse__tracks.sql': 'select 1 -- tracks\n',
  'warehouse/models/warehouse/w_product/wh_product_users_dim.sql': 'select 1 -- users\n',
  'warehouse/models/warehouse/w_product/wh_product_users_dim.yml': 'version: 2\n',
  'warehouse/models/warehouse/w_product/wh_product_events_fact.sql': 'select 1 -- events\n',
  'warehouse/models/warehouse/w_product/wh_product_events_fact.yml': 'version: 2\n',
  'warehouse/models/warehouse/w_product/wh_product_sessions_fact.sql': 'select 1 -- sessions\n',
  'warehouse/models/warehouse/w_product/wh_product_sessions_fact.yml': 'version: 2\n',
};

const OPTIONS: ScaffoldOptions = { models: ['users', 'events', 'sessions'], cdp: 'segment', mode: 'self-contained', adapter: 'duckdb' };

async function plan(project: Record<string, string>, options: Partial<ScaffoldOptions> = {}): Promise<{ plan?: ScaffoldPlan; error?: string; fs: MemoryFs }> {
  const fs = new MemoryFs(project, '/ws/shop');
  for (const [p, t] of Object.entries(TEMPLATES)) fs.write(`/opt/templates/${p}`, t);
  const result = await prepareScaffold({ fs, workspace: new Workspace({ fs, logger: silentLogger }), templatesDir: '/opt/templates' }, '/ws/shop', { ...OPTIONS, ...options });
  return { ...result, fs } as { plan?: ScaffoldPlan; error?: string; fs: MemoryFs };
}

const files = (p: ScaffoldPlan) => p.files.map((f) => `${f.status} ${f.path}`);

describe('scaffold plan', () => {
  it('places every template under the default folder and the macro path, and adds the vars after the user\'s', async () => {
    const config = 'name: shop\r\nmodel-paths: ["transform"]\r\nvars:\r\n  # ours\r\n  start_date: 2020 # keep\r\n';
    const { plan: p } = await plan({ 'dbt_project.yml': config });
    assert.deepStrictEqual(files(p!), [
      'create /ws/shop/macros/product_warehouse.sql',
      'create /ws/shop/transform/warehouse/w_product/staging/stg_product_warehouse__tracks.sql',
      'create /ws/shop/transform/warehouse/w_product/wh_product_events_fact.sql',
      'create /ws/shop/transform/warehouse/w_product/wh_product_events_fact.yml',
      'create /ws/shop/transform/warehouse/w_product/wh_product_sessions_fact.sql',
      'create /ws/shop/transform/warehouse/w_product/wh_product_sessions_fact.yml',
      'create /ws/shop/transform/warehouse/w_product/wh_product_users_dim.sql',
      'create /ws/shop/transform/warehouse/w_product/wh_product_users_dim.yml',
    ]);
    assert.strictEqual(p!.folder, 'transform/warehouse/w_product');
    assert.deepStrictEqual(p!.edits.map((e) => e.after), [
      'name: shop\r\nmodel-paths: ["transform"]\r\nvars:\r\n  # ours\r\n  start_date: 2020 # keep\r\n  cdp: segment\r\n  product-warehouse-mode: self-contained\r\n' +
        '  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\r\n  cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\r\n  cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"\r\n',
    ]);
  });

  it("points the table vars at the project's own source of the CDP's tables, whatever its name", async () => {
    const sources = 'version: 2\nsources:\n  - name: segment_prod\n    tables:\n      - name: pages\n      - name: tracks\n      - name: identifies\n';
    const { plan: p } = await plan({ 'dbt_project.yml': 'name: shop\n', 'models/sources.yml': sources });
    assert.deepStrictEqual(p!.edits.map((e) => e.after), [
      'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: self-contained\n' +
        '  cdp-pages-table: "{{ source(\'segment_prod\', \'pages\') }}"\n  cdp-tracks-table: "{{ source(\'segment_prod\', \'tracks\') }}"\n  cdp-identifies-table: "{{ source(\'segment_prod\', \'identifies\') }}"\n',
    ]);
  });

  it('adds what the chosen models read, and in package mode the package requirement', async () => {
    const { plan: p } = await plan({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: dbt-labs/dbt_utils # utils\n    version: 1.3.0\n' }, { models: ['events'], mode: 'package' });
    assert.deepStrictEqual(p!.models, ['events', 'sessions']);
    assert.deepStrictEqual(p!.files.map((f) => f.path.split('/').pop()), ['product_warehouse.sql', 'stg_product_warehouse__tracks.sql', 'wh_product_events_fact.sql', 'wh_product_events_fact.yml', 'wh_product_sessions_fact.sql', 'wh_product_sessions_fact.yml']);
    assert.deepStrictEqual(p!.edits.map((e) => [e.path, e.after]), [
      ['/ws/shop/dbt_project.yml', 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: package\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\ndata_tests:\n  segment:\n    +severity: warn\n'],
      ['/ws/shop/packages.yml', 'packages:\n  - package: dbt-labs/dbt_utils # utils\n    version: 1.3.0\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n'],
    ]);
    assert.deepStrictEqual(p!.notes, [
      'Also writes sessions: the chosen models read it.',
      "Set dbt-labs/segment's own tests to warn: its not_null test on segment_web_user_stitching.anonymous_id fails on page calls without an anonymous_id (server-side calls), and at error it stops every model downstream.",
      'Run `dbt deps` to install dbt-labs/segment.',
    ]);
  });

  it('edits YAML with anchors, aliases and flow style, leaving them as written', async () => {
    const anchors = 'name: shop\nx-defaults: &defaults\n  start_date: 2020\nvars:\n  <<: *defaults\n  cdp: &cdp segment # aliased below\n  other: *cdp\n';
    const a = await plan({ 'dbt_project.yml': anchors }, { models: ['users'] });
    assert.deepStrictEqual(a.plan!.edits.map((e) => e.after), [
      anchors + '  product-warehouse-mode: self-contained\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\n  cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"\n',
    ]);
    const flow = 'name: shop\nvars: {cdp: segment, start_date: 2020} # flow\nmodels: {shop: {+materialized: view}}\n';
    const f = await plan({ 'dbt_project.yml': flow }, { models: ['users'] });
    assert.deepStrictEqual(f.plan!.edits.map((e) => e.after), [
      'name: shop\nvars: {cdp: segment, start_date: 2020, product-warehouse-mode: self-contained, cdp-pages-table: "{{ source(\'segment\', \'pages\') }}", cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}", cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"} # flow\nmodels: {shop: {+materialized: view}}\n',
    ]);
  });

  it('skips identical files, reports changed ones, and plans nothing twice', async () => {
    const { plan: first, fs } = await plan({ 'dbt_project.yml': 'name: shop\n' }, { models: ['sessions'] });
    for (const w of writesFor(first!, 'skip')) fs.write(w.path, w.content);
    fs.write('/ws/shop/models/warehouse/w_product/wh_product_sessions_fact.sql', 'select 2 -- mine\n');
    const fsResult = await prepareScaffold({ fs, workspace: new Workspace({ fs, logger: silentLogger }), templatesDir: '/opt/templates' }, '/ws/shop', { ...OPTIONS, models: ['sessions'] });
    const second = (fsResult as { plan: ScaffoldPlan }).plan;
    assert.deepStrictEqual(second.files.map((f) => f.status), ['identical', 'identical', 'conflict', 'identical']);
    assert.deepStrictEqual(second.edits, []);
    assert.deepStrictEqual(writesFor(second, 'skip'), []);
    assert.deepStrictEqual(writesFor(second, 'new').map((w) => w.path), ['/ws/shop/models/warehouse/w_product/wh_product_sessions_fact.sql.new']);
  });

  it('refuses a folder outside the project, a broken dbt_project.yml, and unknown options', async () => {
    assert.strictEqual((await plan({ 'dbt_project.yml': 'name: shop\n' }, { folder: '../elsewhere' })).error, 'Target folder "../elsewhere" is outside the project folder /ws/shop; nothing was written.');
    assert.strictEqual((await plan({ 'dbt_project.yml': 'name: shop\nvars: [\n' })).error, '/ws/shop/dbt_project.yml:3: YAML syntax error: Flow sequence in block collection must be sufficiently indented and end with a ] Fix dbt_project.yml first; nothing was written.');
    assert.strictEqual((await plan({ 'dbt_project.yml': 'name: shop\n' }, { adapter: 'oracle' })).error, 'Unknown adapter "oracle"; supported: duckdb, postgres, snowflake, bigquery, redshift, databricks, spark.');
    assert.strictEqual((await plan({ 'dbt_project.yml': 'name: shop\n' }, { adapter: 'spark', mode: 'package' })).error, 'Package mode builds on the dbt-labs/segment package, which does not run on Spark (its user stitching writes `last_value(user_id ignore nulls)` and its sessionized model a BigQuery-style partition_by): scaffold in self-contained mode. Nothing was written.');
    assert.strictEqual((await plan({})).error, 'No dbt project at /ws/shop: dbt_project.yml is missing.');
    // Too large or too deep to parse: parsed as empty, so edits by its offsets would break it.
    const big = `name: shop\n# ${'x'.repeat(70_000)}\n`;
    assert.strictEqual((await plan({ 'dbt_project.yml': big })).error, `/ws/shop/dbt_project.yml:1: File is ${big.length} characters; YAML files like this one over 65536 are not checked. Fix dbt_project.yml first; nothing was written.`);
    assert.strictEqual((await plan({ 'dbt_project.yml': `name: shop\nvars: ${'['.repeat(300)}\n` })).error, '/ws/shop/dbt_project.yml:1: Nested deeper than 256 levels; not checked. Fix dbt_project.yml first; nothing was written.');
  });

  describe('keeps dbt_project.yml valid YAML where the vars go into unusual layouts', () => {
    const cases: [string, string, string][] = [
      ['a multi-line flow map whose last line ends with a comment',
        'name: shop\nvars: {\n  cdp: segment,\n  start_date: "2020-01-01"   # c\n}\n',
        'name: shop\nvars: {\n  cdp: segment,\n  start_date: "2020-01-01", product-warehouse-mode: self-contained, cdp-pages-table: "{{ source(\'segment\', \'pages\') }}", cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}", cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"   # c\n}\n'],
      ['a flow map with a trailing comma',
        'name: shop\nvars: {cdp: segment, }\n',
        'name: shop\nvars: {cdp: segment, product-warehouse-mode: self-contained, cdp-pages-table: "{{ source(\'segment\', \'pages\') }}", cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}", cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}", }\n'],
      ['a document closed by ...',
        '---\nname: shop\nprofile: shop\n...\n',
        '---\nname: shop\nprofile: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: self-contained\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\n  cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"\n...\n'],
    ];
    for (const [what, config, expected] of cases) {
      it(what, async () => {
        const { plan: p, error } = await plan({ 'dbt_project.yml': config });
        assert.strictEqual(error, undefined);
        const after = p!.edits[0].after;
        assert.strictEqual(after, expected);
        assert.deepStrictEqual(parseYaml(after).problems, []);
      });
    }
  });

  describe('scaffold defaults read the workspace with the usual guards', () => {
    const profile = 'shop:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n';
    const defaults = async (setup: (fs: MemoryFs) => void) => {
      const fs = new MemoryFs({ 'dbt_project.yml': 'name: shop\nprofile: shop\n' }, '/ws/shop');
      setup(fs);
      const d = await getLanguageService({ fs, profilesDirs: [] }).scaffoldDefaults('/ws/shop');
      return [d.adapter, `${d.cdp} (${d.cdpFrom})`, d.mode];
    };
    it("the CDP: the var, else the one whose raw tables a source of the project declares, else Segment", async () => {
      const layout = (name: string) => `version: 2\nsources:\n  - name: ${name}\n    tables:\n      - name: pages\n      - name: tracks\n      - name: identifies\n`;
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/models/src.yml', layout('rudderstack_prod'))), [undefined, 'rudderstack (source)', 'self-contained']);
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/models/src.yml', layout('raw_events'))), [undefined, 'segment (source)', 'self-contained']);
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/models/src.yml', 'version: 2\nsources:\n  - name: atomic\n    tables:\n      - name: events\n')), [undefined, 'snowplow (source)', 'self-contained']);
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/dbt_project.yml', 'name: shop\nvars:\n  cdp: posthog\n')), [undefined, 'posthog (var)', 'self-contained']);
    });
    it('every model is offered, the default ones pre-selected (what every client prompt shows)', async () => {
      const fs = new MemoryFs({ 'dbt_project.yml': 'name: shop\n' }, '/ws/shop');
      assert.deepStrictEqual((await getLanguageService({ fs, profilesDirs: [] }).scaffoldDefaults('/ws/shop')).models, {
        all: ['users', 'events', 'sessions', 'metrics', 'retention', 'funnels', 'attribution'],
        preselected: ['users', 'events', 'sessions', 'metrics', 'retention', 'funnels', 'attribution'],
      });
    });
    it('a profiles.yml in the project gives the adapter', async () => {
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/profiles.yml', profile)), ['postgres', 'segment (default)', 'self-contained']);
    });
    it('a profiles.yml that links outside the project, or is larger than the config bound, is not read', async () => {
      assert.deepStrictEqual(await defaults((fs) => { fs.write('/elsewhere/profiles.yml', profile); fs.link('/ws/shop/profiles.yml', '/elsewhere/profiles.yml'); }), [undefined, 'segment (default)', 'self-contained']);
      assert.deepStrictEqual(await defaults((fs) => fs.write('/ws/shop/profiles.yml', profile + `# ${'x'.repeat(70_000)}\n`)), [undefined, 'segment (default)', 'self-contained']);
    });
  });
});
