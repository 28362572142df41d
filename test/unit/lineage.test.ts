import * as assert from 'assert';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { LineageGraph } from '../../server/src/core/lineage/lineageTypes';
import { copyTemplates, CORPUS } from '../helpers/fixtures';
import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import { SEGMENT_PACKAGE, workspace } from '../helpers/setup';

/** `depth id` per node and `from -> to` per edge: the whole graph, compactly. */
function shape(graph: LineageGraph): { nodes: string[]; edges: string[] } {
  return { nodes: graph.nodes.map((n) => `${n.depth} ${n.id}`), edges: graph.edges.map((e) => `${e.from} -> ${e.to}`) };
}

async function graphOf(service: ReturnType<typeof getLanguageService>, params: Parameters<ReturnType<typeof getLanguageService>['lineage']>[0]): Promise<LineageGraph> {
  const result = await service.lineage(params);
  if (!result.ok) throw new Error(result.message);
  return result.graph;
}

describe('lineage from the index', () => {
  it('draws jaffle_shop (a real project) from its files: seeds, staging, marts', async () => {
    const root = path.join(CORPUS, 'dbt-labs+jaffle_shop');
    const service = getLanguageService({ fs: nodeFileSystem });
    await service.addFolder(root);
    const graph = await graphOf(service, { file: path.join(root, 'models/staging/stg_orders.sql'), upstream: 5, downstream: 5 });
    assert.deepStrictEqual(shape(graph), {
      nodes: ['-1 seed.jaffle_shop.raw_orders', '0 model.jaffle_shop.stg_orders', '1 model.jaffle_shop.customers', '1 model.jaffle_shop.orders'],
      edges: ['model.jaffle_shop.stg_orders -> model.jaffle_shop.customers', 'model.jaffle_shop.stg_orders -> model.jaffle_shop.orders', 'seed.jaffle_shop.raw_orders -> model.jaffle_shop.stg_orders'],
    });
    assert.deepStrictEqual(graph.nodes[0], { id: 'seed.jaffle_shop.raw_orders', kind: 'seed', name: 'raw_orders', packageName: 'jaffle_shop', path: path.join(root, 'seeds/raw_orders.csv'), offset: 0, depth: -1 });
    const customers = await graphOf(service, { model: 'customers', upstream: 1, downstream: 1 });
    assert.deepStrictEqual(shape(customers).nodes, ['-1 model.jaffle_shop.stg_customers', '-1 model.jaffle_shop.stg_orders', '-1 model.jaffle_shop.stg_payments', '0 model.jaffle_shop.customers']);
  });

  it('walks into an installed package (the real dbt-labs/segment) and its sources, seeds and vars', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: shop\nvars:\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n',
      'models/sources.yml': 'version: 2\nsources:\n  - name: segment\n    tables:\n      - name: pages\n',
      'models/my_sessions.sql': "select * from {{ ref('segment', 'segment_web_sessions') }}",
      ...SEGMENT_PACKAGE,
    });
    const graph = await graphOf(ws.service, { model: 'my_sessions', upstream: 10, downstream: 0 });
    assert.deepStrictEqual(shape(graph), {
      nodes: [
        '-5 source.shop.segment.pages',
        '-4 model.segment.segment_web_page_views',
        '-4 model.segment.segment_web_page_views__sessionized',
        '-4 seed.segment.referrer_mapping',
        '-3 model.segment.segment_web_sessions__initial',
        '-3 model.segment.segment_web_user_stitching',
        '-2 model.segment.segment_web_sessions__stitched',
        '-1 model.segment.segment_web_sessions',
        '0 model.shop.my_sessions',
      ],
      edges: [
        'model.segment.segment_web_page_views -> model.segment.segment_web_page_views__sessionized',
        'model.segment.segment_web_page_views -> model.segment.segment_web_user_stitching',
        'model.segment.segment_web_page_views__sessionized -> model.segment.segment_web_sessions__initial',
        'model.segment.segment_web_sessions -> model.shop.my_sessions',
        'model.segment.segment_web_sessions__initial -> model.segment.segment_web_sessions__stitched',
        'model.segment.segment_web_sessions__stitched -> model.segment.segment_web_sessions',
        'model.segment.segment_web_user_stitching -> model.segment.segment_web_sessions__stitched',
        'seed.segment.referrer_mapping -> model.segment.segment_web_sessions__initial',
        'source.shop.segment.pages -> model.segment.segment_web_page_views',
      ],
    });
    // Downstream from the source: the package model that reads it through the var, then ours at the end.
    const down = await graphOf(ws.service, { model: 'segment_web_page_views', upstream: 0, downstream: 1 });
    assert.deepStrictEqual(shape(down).nodes, ['0 model.segment.segment_web_page_views', '1 model.segment.segment_web_page_views__sessionized', '1 model.segment.segment_web_user_stitching']);
  });

  it('reports cycles without looping, shows missing refs, and lists calls it cannot resolve', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: p\n',
      'models/a.sql': "{{ ref('b') }} {{ ref('gone') }} {{ source('raw', 'nowhere') }}",
      'models/b.sql': "{{ ref('c') }}",
      'models/c.sql': "{{ ref('a') }} {{ ref(my_model) }}",
      'models/d.sql': "{{ ref('d') }}",
    });
    const graph = await graphOf(ws.service, { model: 'a', upstream: 100, downstream: 100 });
    assert.deepStrictEqual(shape(graph), {
      nodes: ['-2 model.p.c', '-1 missing.ref.gone', '-1 missing.source.raw.nowhere', '-1 model.p.b', '0 model.p.a'],
      edges: ['missing.ref.gone -> model.p.a', 'missing.source.raw.nowhere -> model.p.a', 'model.p.a -> model.p.c', 'model.p.b -> model.p.a', 'model.p.c -> model.p.b'],
    });
    assert.deepStrictEqual(graph.cycles, [['model.p.a', 'model.p.b', 'model.p.c']]);
    assert.deepStrictEqual(graph.dynamic, [{ node: 'model.p.c', call: 'ref(my_model)' }]);
    const self = await graphOf(ws.service, { model: 'd' });
    assert.deepStrictEqual(self.cycles, [['model.p.d']]);
    assert.deepStrictEqual(self.edges, [{ from: 'model.p.d', to: 'model.p.d' }]);
  });

  it('resolves a plain ref to the caller\'s own package first', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: p\n',
      'models/shared.sql': 'select 1',
      'models/mine.sql': "{{ ref('shared') }}",
      'dbt_packages/lib/dbt_project.yml': 'name: lib\n',
      'dbt_packages/lib/models/shared.sql': 'select 2',
      'dbt_packages/lib/models/lib_model.sql': "{{ ref('shared') }}",
    });
    assert.deepStrictEqual(shape(await graphOf(ws.service, { model: 'mine', upstream: 1, downstream: 0 })).nodes, ['-1 model.p.shared', '0 model.p.mine']);
    const lib = await ws.service.lineage({ file: '/ws/dbt_packages/lib/models/lib_model.sql', upstream: 1, downstream: 0 });
    assert.ok(lib.ok);
    assert.deepStrictEqual(shape(lib.graph).nodes, ['-1 model.lib.shared', '0 model.lib.lib_model']);
    const own = await graphOf(ws.service, { model: 'shared', upstream: 0, downstream: 1 });
    assert.deepStrictEqual(shape(own).nodes, ['0 model.p.shared', '1 model.p.mine']);
  });

  it('follows unsaved edits of open editors and watched-file events', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': 'select 1', 'models/b.sql': "{{ ref('a') }}" });
    assert.deepStrictEqual(shape(await graphOf(ws.service, { model: 'a', upstream: 0, downstream: 1 })).nodes, ['0 model.p.a', '1 model.p.b']);
    // A new ref() typed in an open editor counts before it is saved.
    const uri = pathToFileURL('/ws/models/c.sql').toString();
    ws.fs.write('/ws/models/c.sql', 'select 3');
    await ws.service.onFilesChanged([{ path: '/ws/models/c.sql', change: 'created' }]);
    ws.open.set('/ws/models/c.sql', TextDocument.create(uri, 'sql', 2, "select * from {{ ref('a') }}"));
    assert.deepStrictEqual(shape(await graphOf(ws.service, { model: 'a', upstream: 0, downstream: 1 })).nodes, ['0 model.p.a', '1 model.p.b', '1 model.p.c']);
    // Closed without saving: the disk's text again.
    ws.open.delete('/ws/models/c.sql');
    assert.deepStrictEqual(shape(await graphOf(ws.service, { model: 'a', upstream: 0, downstream: 1 })).nodes, ['0 model.p.a', '1 model.p.b']);
    // Saved on disk and reported by the watcher.
    ws.fs.write('/ws/models/b.sql', 'select 2');
    await ws.service.onFilesChanged([{ path: '/ws/models/b.sql', change: 'changed' }]);
    assert.deepStrictEqual(shape(await graphOf(ws.service, { model: 'a', upstream: 0, downstream: 1 })).nodes, ['0 model.p.a']);
    ws.fs.remove('/ws/models/a.sql');
    await ws.service.onFilesChanged([{ path: '/ws/models/a.sql', change: 'deleted' }]);
    assert.deepStrictEqual(await ws.service.lineage({ model: 'a' }), { ok: false, message: 'No enabled model, seed or snapshot "a" in p or its packages.' });
  });

  it('answers clearly outside a project and for files that define no node', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: p\n', 'models/a.sql': 'select 1', 'macros/m.sql': '{% macro m() %}{% endmacro %}' });
    assert.deepStrictEqual(await ws.service.lineage({ file: '/elsewhere/x.sql' }), { ok: false, message: '/elsewhere/x.sql is not in a dbt project.' });
    assert.deepStrictEqual(await ws.service.lineage({ file: '/ws/macros/m.sql' }), { ok: false, message: '/ws/macros/m.sql defines no model, seed or snapshot.' });
  });
});

describe('ERD of the product warehouse from the models\' YAML', () => {
  it('draws what the scaffold wrote: keys from unique + not_null, relationships from their tests', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-erd-'));
    try {
      writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: shop\n');
      copyTemplates(dir);
      const service = getLanguageService({ fs: nodeFileSystem });
      await service.addFolder(dir);
      const result = await service.erd({ project: dir });
      assert.ok(result.ok);
      const { erd } = result;
      assert.deepStrictEqual(erd.entities.map((e) => `${e.name}: ${e.columns.filter((c) => c.key || c.references).map((c) => `${c.name}${c.key ? ` ${c.key}` : ''}${c.references ? ` -> ${c.references.model}.${c.references.column}` : ''}`).join(', ')}`), [
        'wh_product_attributions_xa: conversion_event_fk -> wh_product_events_fact.product_event_pk, touch_session_fk -> wh_product_sessions_fact.product_session_pk',
        'wh_product_events_fact: product_event_pk primary, product_session_fk -> wh_product_sessions_fact.product_session_pk, product_user_fk -> wh_product_users_dim.product_user_pk, segment_event_id alternate',
        'wh_product_funnels_xa: product_user_fk -> wh_product_users_dim.product_user_pk',
        'wh_product_metrics_xa: date_day primary',
        'wh_product_retention_xa: ',
        'wh_product_sessions_fact: product_session_pk primary, product_user_fk -> wh_product_users_dim.product_user_pk',
        'wh_product_users_dim: product_user_pk primary, segment_blended_user_id alternate',
      ]);
      assert.strictEqual(erd.relations.length, 6);
      assert.deepStrictEqual(erd.relations.find((r) => r.from.entity === 'model.shop.wh_product_sessions_fact'), { from: { entity: 'model.shop.wh_product_sessions_fact', column: 'product_user_fk' }, to: { entity: 'model.shop.wh_product_users_dim', column: 'product_user_pk' } });
      const users = erd.entities.find((e) => e.name === 'wh_product_users_dim')!;
      assert.deepStrictEqual(users.columns.slice(0, 2).map((c) => c.name), ['product_user_pk', 'segment_blended_user_id']);
      assert.strictEqual(users.path, path.join(dir, 'models/warehouse/w_product/wh_product_users_dim.sql'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows the user\'s changes: renamed keys, older `tests:` spelling, undocumented models', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: p\n',
      'models/wh_product_users_dim.sql': 'select 1',
      'models/wh_product_orders_fact.sql': 'select 1',
      'models/wh_product_undocumented.sql': 'select 1',
      'models/other.sql': 'select 1',
      'models/schema.yml': [
        'version: 2', 'models:',
        '  - name: wh_product_users_dim', '    columns:', '      - name: user_key', '        data_type: varchar', '        tests: [unique, not_null]',
        '  - name: wh_product_orders_fact', '    description: Orders.', '    columns:', '      - name: order_id', '        tests: [unique, not_null]',
        '      - name: user_key', '        tests:', '          - relationships:', "              to: ref('wh_product_users_dim')", '              field: user_key', '',
      ].join('\n'),
    });
    const result = await ws.service.erd({ project: '/ws' });
    assert.deepStrictEqual(result, {
      ok: true, project: '/ws',
      erd: {
        entities: [
          { id: 'model.p.wh_product_orders_fact', name: 'wh_product_orders_fact', path: '/ws/models/wh_product_orders_fact.sql', propertiesPath: '/ws/models/schema.yml', description: 'Orders.', columns: [{ name: 'order_id', key: 'primary' }, { name: 'user_key', references: { model: 'wh_product_users_dim', column: 'user_key' } }] },
          { id: 'model.p.wh_product_undocumented', name: 'wh_product_undocumented', path: '/ws/models/wh_product_undocumented.sql', columns: [] },
          { id: 'model.p.wh_product_users_dim', name: 'wh_product_users_dim', path: '/ws/models/wh_product_users_dim.sql', propertiesPath: '/ws/models/schema.yml', columns: [{ name: 'user_key', dataType: 'varchar', key: 'primary' }] },
        ],
        relations: [{ from: { entity: 'model.p.wh_product_orders_fact', column: 'user_key' }, to: { entity: 'model.p.wh_product_users_dim', column: 'user_key' } }],
      },
    });
  });
});
