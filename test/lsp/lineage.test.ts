import * as assert from 'assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { copyTemplates, REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import type { ErdRequest, LineageRequest } from '../../server/src/protocol';

describe('lineage and ERD over LSP (productWarehouse/lineage, productWarehouse/erd)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  before(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-lsp-lineage-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    copyTemplates(dir);
    client = await LspClient.start(dir, { pull: true });
  });
  after(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const W = 'models/warehouse/w_product';

  it('answers the users dimension\'s parents and children, each with its file', async () => {
    const file = path.join(dir, W, 'wh_product_users_dim.sql');
    const result = await client.connection.sendRequest('productWarehouse/lineage', { uri: client.uri(file), upstream: 1, downstream: 1 } satisfies LineageRequest.Params) as LineageRequest.Result;
    assert.ok(result.ok);
    assert.strictEqual(result.project, dir);
    assert.deepStrictEqual(result.graph.nodes.map((n) => `${n.depth} ${n.name} ${path.relative(dir, n.path!)}`), [
      `-1 int_product_warehouse__identity ${W}/staging/int_product_warehouse__identity.sql`,
      `-1 wh_product_events_fact ${W}/wh_product_events_fact.sql`,
      `-1 wh_product_sessions_fact ${W}/wh_product_sessions_fact.sql`,
      `0 wh_product_users_dim ${W}/wh_product_users_dim.sql`,
      `1 wh_product_metrics_xa ${W}/wh_product_metrics_xa.sql`,
      `1 wh_product_retention_xa ${W}/wh_product_retention_xa.sql`,
    ]);
    assert.deepStrictEqual(result.graph.cycles, []);
  });

  it('counts a ref() typed in an open editor before it is saved', async () => {
    // A new model file (as VS Code's New File makes it: on disk, empty), opened and typed into without saving.
    const file = path.join(dir, 'models/scratch.sql');
    writeFileSync(file, 'select 1\n');
    const indexed = new Promise<void>((resolve) => client.connection.onNotification('productWarehouse/filesIndexed', () => resolve()));
    await client.watchedFilesChanged([{ file, type: 'created' }]);
    await indexed;
    await client.open(file, 'select 1\n');
    const users = path.join(dir, W, 'wh_product_users_dim.sql');
    const ask = async () => ((await client.connection.sendRequest('productWarehouse/lineage', { uri: client.uri(users), upstream: 0, downstream: 1 })) as Extract<LineageRequest.Result, { ok: true }>).graph.nodes.map((n) => n.name);
    assert.deepStrictEqual(await ask(), ['wh_product_users_dim', 'wh_product_metrics_xa', 'wh_product_retention_xa']);
    await client.change(file, "select * from {{ ref('wh_product_users_dim') }}");
    assert.deepStrictEqual(await ask(), ['wh_product_users_dim', 'scratch', 'wh_product_metrics_xa', 'wh_product_retention_xa']);
  });

  it('answers by model name, and says what is wrong for an unknown one', async () => {
    const result = await client.connection.sendRequest('productWarehouse/lineage', { model: 'nope', project: client.uri(dir) }) as LineageRequest.Result;
    assert.deepStrictEqual(result, { ok: false, message: 'No enabled model, seed or snapshot "nope" in shop_analytics or its packages.' });
  });

  it('sends the ERD of the scaffolded warehouse', async () => {
    const result = await client.connection.sendRequest('productWarehouse/erd', { project: client.uri(dir) } satisfies ErdRequest.Params) as ErdRequest.Result;
    assert.ok(result.ok);
    assert.deepStrictEqual(result.erd.entities.map((e) => e.name), ['wh_product_attributions_xa', 'wh_product_events_fact', 'wh_product_funnels_xa', 'wh_product_metrics_xa', 'wh_product_retention_xa', 'wh_product_sessions_fact', 'wh_product_users_dim']);
    assert.strictEqual(result.erd.relations.length, 6);
  });
});
