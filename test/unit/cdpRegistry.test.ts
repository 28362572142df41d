import * as assert from 'assert';
import { CompletionList, TextEdit } from 'vscode-languageserver-types';
import { detectCdp } from '../../server/src/core/cdp/detect';
import { readFileSync } from 'fs';
import * as path from 'path';
import { CANONICAL_FIELDS, CDP_REGISTRY, templateRoots } from '../../server/src/core/cdp/registry';
import { REPO } from '../helpers/fixtures';
import { VAR_REGISTRY, varSpec } from '../../server/src/core/vars/registry';
import { applyEdits, brief, cursor, workspace } from '../helpers/setup';

const SOURCES = 'version: 2\nsources:\n  - name: atomic\n    tables:\n      - name: events\n  - name: segment\n    tables:\n      - name: pages\n';

async function open(yml: string) {
  const { text, offset } = cursor(yml.includes('|') ? yml : `${yml}|`);
  const ws = await workspace({ 'dbt_project.yml': text, 'models/sources.yml': SOURCES });
  const doc = ws.doc('dbt_project.yml', text);
  return { ws, doc, text, position: doc.positionAt(offset) };
}

async function check(yml: string): Promise<string[]> {
  const { ws, doc } = await open(yml);
  return (await ws.service.doValidation(doc)).map(brief);
}

function accept(list: CompletionList, text: string, label: string): string {
  const item = list.items.find((i) => i.label === label);
  assert.ok(item, `no item ${label}`);
  return applyEdits(text, [item.textEdit as TextEdit]);
}

describe('the CDP registry in the editor', () => {
  it('knows six CDPs, each with every canonical field, and its table vars are vars of the var contract', () => {
    assert.deepStrictEqual(CDP_REGISTRY.map((c) => `${c.id}:${templateRoots(c.id).join('+')}`), [
      'segment:warehouse+cdp/segment', 'rudderstack:warehouse+cdp/segment', 'snowplow:warehouse+cdp/snowplow',
      'amplitude:warehouse+cdp/amplitude', 'posthog:warehouse+cdp/posthog', 'mixpanel:warehouse+cdp/mixpanel',
    ]);
    for (const cdp of CDP_REGISTRY) {
      assert.deepStrictEqual(Object.keys(cdp.fields), [...CANONICAL_FIELDS], cdp.id);
      for (const table of cdp.tableVars) assert.ok(varSpec(table.name)?.cdps?.includes(cdp.id), `${table.name} of ${cdp.id}`);
    }
    assert.deepStrictEqual(VAR_REGISTRY.filter((v) => v.cdps).map((v) => `${v.name}: ${v.cdps!.join(', ')}`), [
      'cdp-pages-table: segment, rudderstack',
      'cdp-tracks-table: segment, rudderstack',
      'cdp-identifies-table: segment, rudderstack',
      'cdp-events-table: snowplow, amplitude, posthog, mixpanel',
    ]);
  });

  it('accepts every CDP of the registry and asks for its own table var', async () => {
    assert.deepStrictEqual(await check('name: shop\nvars:\n  cdp: amplitude\n'), [
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-events-table.',
    ]);
    assert.deepStrictEqual(await check('name: shop\nvars:\n  cdp: jitsu\n'), [
      '[2,7,2,12] error unsupported-cdp: "jitsu" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
    ]);
  });

  it("the staging macros' default source of each CDP is the registry's", () => {
    const macros = readFileSync(path.join(REPO, 'templates/warehouse/macros/product_warehouse_cdp.sql'), 'utf8');
    const mapping = /set sources = (\{[^}]*\})/.exec(macros)![1].replace(/'/g, '"');
    assert.deepStrictEqual(JSON.parse(mapping), Object.fromEntries(CDP_REGISTRY.map((c) => [c.id, c.sourceName])));
  });

  it("warns on another CDP's table var, naming the CDPs it belongs to and the chosen CDP's own", async () => {
    assert.deepStrictEqual(await check('name: shop\nvars:\n  cdp: segment\n  cdp-events-table: "{{ source(\'atomic\', \'events\') }}"\n'), [
      '[3,2,3,18] warning var-of-other-cdp: "cdp-events-table" belongs to Snowplow, Amplitude, PostHog, Mixpanel; this project\'s cdp is Segment, which reads cdp-pages-table, cdp-tracks-table, cdp-identifies-table instead.',
      '[1,0,1,4] info vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
    ]);
    assert.deepStrictEqual(await check('name: shop\nvars:\n  cdp: snowplow\n  cdp-events-table: "{{ source(\'atomic\', \'events\') }}"\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n'), [
      '[4,2,4,17] warning var-of-other-cdp: "cdp-pages-table" belongs to Segment, RudderStack; this project\'s cdp is Snowplow, which reads cdp-events-table instead.',
    ]);
  });

  it("adds the chosen CDP's missing table vars with its own source as the default", async () => {
    const { ws, doc, text } = await open('name: shop\nvars:\n  cdp: posthog\n');
    const actions = await ws.service.getCodeActions(doc, await ws.service.doValidation(doc));
    const add = actions.find((a) => a.title === 'Add missing product-warehouse vars with their defaults');
    assert.ok(add);
    assert.strictEqual(applyEdits(text, add.edit!.changes![doc.uri] as TextEdit[]),
      'name: shop\nvars:\n  cdp: posthog\n  cdp-events-table: "{{ source(\'posthog\', \'events\') }}"\n');
  });

  it("completes the chosen CDP's var keys only, with its defaults, and every CDP with its description", async () => {
    const keys = await open('name: shop\nvars:\n  cdp: mixpanel\n  cdp-|\n');
    const list = await keys.ws.service.doComplete(keys.doc, keys.position);
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('cdp-events-table') && !labels.includes('cdp-pages-table'), labels.join(', '));
    assert.strictEqual(accept(list, keys.text, 'cdp-events-table'), 'name: shop\nvars:\n  cdp: mixpanel\n  cdp-events-table: "{{ source(\'mixpanel\', \'event\') }}"\n');

    const values = await open('name: shop\nvars:\n  cdp: |\n');
    const cdps = await values.ws.service.doComplete(values.doc, values.position);
    assert.deepStrictEqual(cdps.items.map((i) => `${i.label} (${i.detail})`), [
      'segment (Segment)', 'rudderstack (RudderStack)', 'snowplow (Snowplow)',
      'amplitude (Amplitude)', 'posthog (PostHog)', 'mixpanel (Mixpanel)',
    ]);
    assert.strictEqual((cdps.items[2].documentation as { value: string }).value, [
      '**Snowplow** (`cdp: snowplow`)', '',
      'Snowplow enriched events: one wide `atomic.events` table, one row per event (page views, pings, self-describing events).', '',
      "- Raw tables: `cdp-events-table` (default `{{ source('atomic', 'events') }}`)",
      '- Devices and users: events carrying both `domain_userid` and `user_id`',
      '- Sessions: its own, `domain_sessionid`',
      '- Duplicate deliveries share `event_id` (the same id loaded twice, or two events given one id)',
      '- dbt packages: `snowplow/snowplow_web`',
    ].join('\n'));
  });

  it('hovers a cdp value with what the registry knows of it, and a table var with the CDPs it belongs to', async () => {
    const value = await open('name: shop\nvars:\n  cdp: ampl|itude\n');
    const hover = await value.ws.service.doHover(value.doc, value.position);
    assert.deepStrictEqual(hover?.range, { start: { line: 2, character: 7 }, end: { line: 2, character: 16 } });
    assert.strictEqual((hover?.contents as { value: string }).value.split('\n').slice(0, 1).concat((hover?.contents as { value: string }).value.split('\n').slice(4, 7)).join('\n'), [
      '**Amplitude** (`cdp: amplitude`)',
      "- Raw tables: `cdp-events-table` (default `{{ source('amplitude', 'events') }}`)",
      "- Devices and users: '$identify' events and events carrying both `device_id` and `user_id`",
      '- Sessions: its own, `session_id` (-1 means none)',
    ].join('\n'));

    const key = await open('name: shop\nvars:\n  cdp: amplitude\n  cdp-events-ta|ble: x\n');
    const keyHover = await key.ws.service.doHover(key.doc, key.position);
    assert.strictEqual((keyHover?.contents as { value: string }).value.split('\n\n').slice(0, 3).join('\n\n'), [
      '**cdp-events-table** · product-warehouse var · Snowplow, Amplitude, PostHog, Mixpanel',
      "The raw events table of a single-table CDP (Snowplow's `atomic.events`, Amplitude's, PostHog's or Mixpanel's events), as a Jinja `source()`/`ref()` string; the default is the chosen CDP's.",
      "Default: `{{ source('amplitude', 'events') }}`",
    ].join('\n\n'));
  });

  it("detects the CDP from the project's sources: all of a CDP's tables, told apart by the source's name", () => {
    const source = (sourceName: string, ...tables: string[]) => tables.map((table) => ({ sourceName, table }));
    const segmentLayout = ['pages', 'tracks', 'identifies'];
    const cases: [string, ReturnType<typeof source>, string[] | undefined][] = [
      ['Segment layout, any name', source('raw_web', ...segmentLayout), undefined],
      ['RudderStack by name', source('rudder_events', ...segmentLayout), undefined],
      ['Snowplow by atomic', source('atomic', 'events'), undefined],
      ['Mixpanel by name and table', source('mixpanel', 'event', 'people'), undefined],
      ['a lone events table: nobody', source('raw', 'events'), undefined],
      ['two of three tables: nobody', source('segment', 'pages', 'tracks'), undefined],
      ['RudderStack when only Segment has models', source('rudder_events', ...segmentLayout), ['segment']],
      ['a name that would break the Jinja written with it', source("raw') }}{{ x", ...segmentLayout), undefined],
    ];
    assert.deepStrictEqual(cases.map(([what, sources, among]) => `${what}: ${JSON.stringify(detectCdp(sources, among))}`), [
      'Segment layout, any name: {"cdp":"segment","sourceName":"raw_web"}',
      'RudderStack by name: {"cdp":"rudderstack","sourceName":"rudder_events"}',
      'Snowplow by atomic: {"cdp":"snowplow","sourceName":"atomic"}',
      'Mixpanel by name and table: {"cdp":"mixpanel","sourceName":"mixpanel"}',
      'a lone events table: nobody: undefined',
      'two of three tables: nobody: undefined',
      'RudderStack when only Segment has models: {"cdp":"segment","sourceName":"rudder_events"}',
      'a name that would break the Jinja written with it: undefined',
    ]);
  });
});
