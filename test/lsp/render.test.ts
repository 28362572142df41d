import * as assert from 'assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyTemplates, REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';

describe('SQL preview over LSP (productWarehouse/render)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-lsp-render-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    copyTemplates(dir);
    client = await LspClient.start(dir, { pull: true });
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('renders the open document\'s unsaved text for the asked adapter, with config and relation', async () => {
    const file = path.join(dir, 'models/warehouse/w_product/staging/stg_product_warehouse__identifies.sql');
    await client.open(file);
    await client.change(file, "{{ config(materialized='table') }}\nselect {{ dbt.hash('user_id') }} as h from {{ ref('int_product_warehouse__deliveries') }}");
    const result = await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), adapter: 'postgres' });
    assert.deepStrictEqual(result, {
      ok: true, model: 'stg_product_warehouse__identifies', adapter: 'postgres', incremental: false,
      sql: 'select\n    md5(cast(user_id as TEXT)) as h\nfrom\n    "postgres"."analytics"."int_product_warehouse__deliveries"',
      raw: '\nselect md5(cast(user_id as TEXT)) as h from "postgres"."analytics"."int_product_warehouse__deliveries"',
      config: { materialized: 'table' }, relation: '"postgres"."analytics"."stg_product_warehouse__identifies"',
      target: 'postgres', placeholders: false,
    });
  });

  it('tells whether a file is a model of a dbt project, and how dbt compiles it', async () => {
    const file = path.join(dir, 'models/warehouse/w_product/wh_product_users_dim.sql');
    assert.deepStrictEqual(await client.connection.sendRequest('productWarehouse/model', { uri: client.uri(file) }), {
      model: 'wh_product_users_dim', project: dir,
      adapters: ['duckdb', 'postgres', 'snowflake', 'bigquery', 'redshift', 'databricks', 'spark'],
      compile: {
        cwd: dir,
        args: ['compile', '--select', 'wh_product_users_dim', '--project-dir', dir],
        compiledFile: path.join(dir, 'target/compiled/shop_analytics/models/warehouse/w_product/wh_product_users_dim.sql'),
      },
    });
    assert.strictEqual(await client.connection.sendRequest('productWarehouse/model', { uri: client.uri(path.join(dir, 'seeds/pages.csv')) }), null);
    assert.strictEqual(await client.connection.sendRequest('productWarehouse/model', { uri: client.uri(path.join(dir, 'macros/product_warehouse.sql')) }), null);
  });

  it('a model created on disk: the server indexes it, says so, and the ref renders', async () => {
    const file = path.join(dir, 'models/uses_new.sql');
    await client.open(file, "select * from {{ ref('brand_new') }}");
    const before = await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file) }) as { ok: boolean };
    assert.strictEqual(before.ok, false);
    const indexed = new Promise<void>((resolve) => client.connection.onNotification('productWarehouse/filesIndexed', () => resolve()));
    writeFileSync(path.join(dir, 'models/brand_new.sql'), 'select 1 as x\n');
    await client.watchedFilesChanged([{ file: path.join(dir, 'models/brand_new.sql'), type: 'created' }]);
    await indexed;
    const after = await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file) }) as { ok: boolean; sql: string };
    assert.deepStrictEqual([after.ok, after.sql], [true, 'select\n    *\nfrom\n    "warehouse"."main"."brand_new"']);
  });

  it('answers failures as outcomes naming file and line, and formats SQL on request', async () => {
    const file = path.join(dir, 'models/warehouse/w_product/wh_product_users_dim.sql');
    await client.open(file, 'select 1\nfrom {{ ref("missing_model") }}');
    const result = await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), incremental: true });
    assert.deepStrictEqual(result, {
      ok: false, model: 'wh_product_users_dim', adapter: 'duckdb', incremental: true,
      message: "Model 'model.shop_analytics.wh_product_users_dim' depends on a node named 'missing_model' which was not found", file, line: 2, kind: 'error',
    });
    assert.deepStrictEqual(await client.connection.sendRequest('productWarehouse/formatSql', { sql: 'select a,b from t', adapter: 'duckdb' }), { sql: 'select\n    a,\n    b\nfrom\n    t' });
  });
});
