import * as assert from 'assert';
import { CompletionList } from 'vscode-languageserver-types';
import { applyEdits, cursor, SEGMENT_PACKAGE, workspace } from '../helpers/setup';

const FILES = {
  ...SEGMENT_PACKAGE,
  'models/staging/stg_events.sql': 'select 1',
  'models/marts/fct_orders.sql': 'select 1',
  'seeds/country_codes.csv': 'code\n',
};

async function complete(file: string, textWithCursor: string): Promise<{ list: CompletionList; text: string }> {
  const { text, offset } = cursor(textWithCursor);
  const ws = await workspace({ 'dbt_project.yml': 'name: shop\n', ...FILES, [file]: text });
  const doc = ws.doc(file, text);
  return { list: await ws.service.doComplete(doc, doc.positionAt(offset)), text };
}

function labels(list: CompletionList): string[] {
  return [...list.items].sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1)).map((i) => `${i.label} (${i.detail})`);
}

function accept(list: CompletionList, text: string, label: string): string {
  const item = list.items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  return applyEdits(text, [item.textEdit as never]);
}

describe('completion', () => {
  it('offers model names for a model var, the chosen CDP first, labelled with their origin', async () => {
    const { list, text } = await complete('dbt_project.yml', 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: |\n');
    assert.deepStrictEqual(labels(list), [
      'segment_web_page_views (model · package segment)',
      'segment_web_page_views__sessionized (model · package segment)',
      'segment_web_sessions (model · package segment)',
      'segment_web_sessions__initial (model · package segment)',
      'segment_web_sessions__stitched (model · package segment)',
      'segment_web_user_stitching (model · package segment)',
      'country_codes (seed · seeds/country_codes.csv)',
      'fct_orders (model · models/marts/fct_orders.sql)',
      'stg_events (model · models/staging/stg_events.sql)',
      'referrer_mapping (seed · package segment)',
      'snowplow_web_page_views (model · snowplow/snowplow_web (not installed))',
      'snowplow_web_sessions (model · snowplow/snowplow_web (not installed))',
      'snowplow_web_users (model · snowplow/snowplow_web (not installed))',
    ]);
    assert.strictEqual(list.isIncomplete, false);
    assert.strictEqual(accept(list, text, 'stg_events'), 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: stg_events\n');
  });

  it('replaces the whole token and keeps the user\'s quotes', async () => {
    const { list, text } = await complete('dbt_project.yml', 'name: shop\nvars:\n  cdp-sessions-model: \'G_ev|ents_old\' # note\n');
    assert.deepStrictEqual(labels(list), ['stg_events (model · models/staging/stg_events.sql)']);
    assert.strictEqual(accept(list, text, 'stg_events'), 'name: shop\nvars:\n  cdp-sessions-model: \'stg_events\' # note\n');
  });

  it('offers CDPs for cdp and var keys with their defaults under vars:', async () => {
    const cdp = await complete('dbt_project.yml', 'name: shop\nvars:\n  cdp: s|\n');
    assert.deepStrictEqual(labels(cdp.list), ['segment (Segment)', 'rudderstack (RudderStack)', 'snowplow (Snowplow)',
      'amplitude (Amplitude)', 'posthog (PostHog)', 'mixpanel (Mixpanel)']);
    assert.strictEqual(accept(cdp.list, cdp.text, 'snowplow'), 'name: shop\nvars:\n  cdp: snowplow\n');

    const keys = await complete('dbt_project.yml', 'name: shop\nvars:\n  cdp: segment\n  cdp-ev|\n');
    assert.deepStrictEqual(keys.list.items.map((i) => i.label).slice(0, 3), ['cdp-events-model', 'cdp-sessions-model', 'product-warehouse-mode']);
    assert.strictEqual(accept(keys.list, keys.text, 'cdp-events-model'), 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: segment_web_page_views\n');
    const scoped = await complete('dbt_project.yml', 'name: shop\nvars:\n  shop:\n    product-warehouse-session|\n');
    assert.strictEqual(accept(scoped.list, scoped.text, 'product-warehouse-session-timeout-seconds'), 'name: shop\nvars:\n  shop:\n    product-warehouse-session-timeout-seconds: 1800\n');
  });

  it('offers nothing outside product-warehouse scopes', async () => {
    assert.deepStrictEqual((await complete('dbt_project.yml', 'name: shop\nvars:\n  snowplow:\n    cdp-events-model: |\n')).list.items, []);
    assert.deepStrictEqual((await complete('dbt_project.yml', 'name: |\n')).list.items, []);
  });

  it('completes ref() in model SQL with what the project reaches (not uninstalled catalogue models), including the two-argument package form', async () => {
    const one = await complete('models/marts/wh.sql', "select * from {{ ref('stg_|') }}");
    assert.deepStrictEqual(labels(one.list), ['stg_events (model · models/staging/stg_events.sql)']);
    assert.strictEqual(accept(one.list, one.text, 'stg_events'), "select * from {{ ref('stg_events') }}");
    const two = await complete('models/marts/wh.sql', 'select * from {{ ref("segment", "|") }}');
    // The installed package has three of the six models the catalogue knows: a ref() to the others could not build.
    assert.deepStrictEqual(two.list.items.map((i) => i.label).sort(), [
      'referrer_mapping', 'segment_web_page_views', 'segment_web_page_views__sessionized', 'segment_web_sessions', 'segment_web_sessions__initial', 'segment_web_sessions__stitched', 'segment_web_user_stitching',
    ]);
    assert.strictEqual(accept(two.list, two.text, 'segment_web_sessions'), 'select * from {{ ref("segment", "segment_web_sessions") }}');
  });

  it('caps huge lists and marks them incomplete so the client asks again', async () => {
    const many: Record<string, string> = { 'dbt_project.yml': 'name: shop\n' };
    for (let i = 0; i < 500; i++) many[`models/m/model_${String(i).padStart(3, '0')}.sql`] = 'select 1';
    const { text, offset } = cursor('name: shop\nvars:\n  cdp-events-model: model_|\n');
    const ws = await workspace({ ...many, 'dbt_project.yml': text });
    const list = await ws.service.doComplete(ws.doc('dbt_project.yml', text), ws.doc('dbt_project.yml', text).positionAt(offset));
    assert.strictEqual(list.items.length, 200);
    assert.strictEqual(list.isIncomplete, true);
    assert.strictEqual(list.items[0].label, 'model_000');
  });
});
