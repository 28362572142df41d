/**
 * Column introspection from target/catalog.json: the catalog read as dbt writes it (nodes and sources, columns in
 * their index order), the same guards as every workspace file, and the engine answering
 * adapter.get_columns_in_relation with dbt's own Column classes. The corpus suite holds the result equal to
 * `dbt compile` on real projects (dbt_utils.star, union_relations, unpivot) with the catalog dbt wrote.
 */
import * as assert from 'assert';
import { catalogColumns, catalogPath, readCatalog } from '../../server/src/core/render/catalog';
import { getLanguageService } from '../../server/src/core/service';
import { silentLogger } from '../../server/src/core/types';
import { testEngine } from '../helpers/engine';
import { MemoryFs } from '../helpers/memoryFs';

const CATALOG = {
  metadata: { dbt_schema_version: 'https://schemas.getdbt.com/dbt/catalog/v1.json', generated_at: '2026-11-26T05:00:00.000000Z' },
  nodes: {
    'model.mini.orders': {
      metadata: { type: 'BASE TABLE', schema: 'main', name: 'orders', database: 'mini', comment: null, owner: null },
      columns: {
        NOTE: { type: 'VARCHAR', index: 3, name: 'note', comment: null },
        ID: { type: 'INTEGER', index: 1, name: 'id', comment: null },
        AMOUNT: { type: 'DECIMAL(18,2)', index: 2, name: 'amount', comment: null },
      },
      stats: {}, unique_id: 'model.mini.orders',
    },
    'model.mini.junk': { metadata: { name: 7 }, columns: {} },
  },
  sources: {
    'source.mini.raw.Events': {
      metadata: { type: 'BASE TABLE', schema: 'Raw', name: 'Events', database: 'mini' },
      columns: {
        ID: { type: 'VARCHAR', index: 1, name: 'Id' }, BAD: { type: 3, index: 2, name: 'bad' },
        HUGE: { type: `STRUCT(${'a STRUCT('.repeat(1000)}a INTEGER${')'.repeat(1001)}`, index: 3, name: 'huge' },
      },
    },
  },
  errors: null,
};

describe('column lists from target/catalog.json', () => {
  it('reads nodes and sources as dbt writes them: columns in index order, keys in lower case, junk and oversized types left out', () => {
    assert.deepStrictEqual(catalogColumns(CATALOG), {
      generated_at: '2026-11-26T05:00:00.000000Z',
      relations: { 'mini.main.orders': [['id', 'INTEGER'], ['amount', 'DECIMAL(18,2)'], ['note', 'VARCHAR']], 'mini.raw.events': [['Id', 'VARCHAR']] },
    });
    assert.deepStrictEqual(catalogColumns([1, 2]), { generated_at: null, relations: {} });
  });

  it('finds the catalog under target-path or DBT_TARGET_PATH, never outside the project', () => {
    assert.strictEqual(catalogPath('/ws/p', undefined, {}), '/ws/p/target/catalog.json');
    assert.strictEqual(catalogPath('/ws/p', 'build', {}), '/ws/p/build/catalog.json');
    assert.strictEqual(catalogPath('/ws/p', 'build', { DBT_TARGET_PATH: 'out' }), '/ws/p/out/catalog.json');
    assert.strictEqual(catalogPath('/ws/p', '../elsewhere', {}), undefined);
  });

  it('a catalog that links outside the project, or is not JSON, is not read', async () => {
    const fs = new MemoryFs({ 'target/bad.json': '{"nodes": ' }, '/ws/p');
    fs.write('/elsewhere/catalog.json', JSON.stringify(CATALOG));
    fs.link('/ws/p/target/catalog.json', '/elsewhere/catalog.json');
    assert.strictEqual(await readCatalog(fs, '/ws/p/target/catalog.json', '/ws/p', silentLogger), undefined);
    assert.strictEqual(await readCatalog(fs, '/ws/p/target/bad.json', '/ws/p', silentLogger), undefined);
  });
});

describe('the preview answers column introspection from the catalog', function () {
  this.timeout(60_000);
  const ROOT = '/ws/mini';
  const PROJECT: Record<string, string> = {
    'dbt_project.yml': 'name: mini\nversion: "1.0.0"\nconfig-version: 2\nprofile: mini\n',
    'profiles.yml': 'mini:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: /tmp/mini/mini.duckdb\n',
    'models/orders.sql': 'select 1 as id\n',
    'models/listing.sql': "select\n{%- for c in adapter.get_columns_in_relation(ref('orders')) %}\n  {{ c.quoted }} as {{ c.name }}_{{ c.is_string() }} -- {{ c.data_type }}\n{%- endfor %}\nfrom {{ ref('orders') }}\n",
  };
  const render = async (files: Record<string, string>) => {
    const service = getLanguageService({ fs: new MemoryFs(files, ROOT), profilesDirs: [], env: {}, engine: testEngine() });
    return service.render(`${ROOT}/models/listing.sql`, {});
  };

  it("with a catalog: dbt's DuckDB Column class (VARCHAR is a string of 256, as dbt's base Column says)", async () => {
    const outcome = await render({ ...PROJECT, 'target/catalog.json': JSON.stringify(CATALOG) });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.strictEqual(outcome.raw, 'select\n  "id" as id_False -- INTEGER\n  "amount" as amount_False -- DECIMAL(18,2)\n  "note" as note_True -- character varying(256)\nfrom "mini"."main"."orders"');
    assert.deepStrictEqual(outcome.columnsFrom, { file: `${ROOT}/target/catalog.json`, generatedAt: '2026-11-26T05:00:00.000000Z', relations: ['"mini"."main"."orders"'], missing: [] });
  });

  it('a relation the catalog does not list has no columns (dbt\'s answer for a missing relation), and the outcome names it', async () => {
    const outcome = await render({ ...PROJECT, 'target/catalog.json': JSON.stringify({ metadata: {}, nodes: {} }) });
    assert.ok(outcome.ok, outcome.ok ? '' : outcome.message);
    assert.deepStrictEqual([outcome.raw, outcome.columnsFrom], ['select\nfrom "mini"."main"."orders"', { file: `${ROOT}/target/catalog.json`, generatedAt: null, relations: [], missing: ['"mini"."main"."orders"'] }]);
  });

  it('without a catalog: needs a connection, naming the line', async () => {
    const outcome = await render(PROJECT);
    assert.deepStrictEqual(outcome.ok ? 'rendered' : [outcome.kind, outcome.line], ['connection', 2]);
  });
});
