import * as assert from 'assert';
import { cursor, SEGMENT_PACKAGE, workspace } from '../helpers/setup';

const FILES = {
  ...SEGMENT_PACKAGE,
  'models/staging/stg_events.sql': 'select 1',
  'models/src.yml': 'version: 2\nsources:\n  - name: segment\n    tables:\n      - name: pages\n',
};

async function at(file: string, textWithCursor: string) {
  const { text, offset } = cursor(textWithCursor);
  const ws = await workspace({ 'dbt_project.yml': 'name: shop\n', 'packages.yml': 'packages:\n  - package: dbt-labs/segment\n    version: ">=0.5.0"\n', ...FILES, [file]: text });
  const doc = ws.doc(file, text);
  const position = doc.positionAt(offset);
  const hover = await ws.service.doHover(doc, position);
  const definition = await ws.service.findDefinition(doc, position);
  return {
    hover: hover && { value: (hover.contents as { value: string }).value, range: hover.range },
    definition: definition.map((l) => `${l.uri.replace('file://', '')}:${l.range.start.line}:${l.range.start.character}`),
  };
}

describe('hover and go-to-definition', () => {
  it('hovers a var key with its doc, default and effective value', async () => {
    const { hover } = await at('dbt_project.yml', 'name: shop\nvars:\n  cdp-ev|ents-model: stg_events\n');
    assert.deepStrictEqual(hover, {
      value: '**cdp-events-model** · product-warehouse var\n\nThe model of events (page views) the product warehouse reads with `ref()` (package mode).\n\nDefault: `segment_web_page_views`\n\nEffective value: `stg_events` (global)',
      range: { start: { line: 2, character: 2 }, end: { line: 2, character: 18 } },
    });
  });

  it('says when a scoped value overrides the global one', async () => {
    const { hover } = await at('dbt_project.yml', 'name: shop\nvars:\n  c|dp: snowplow\n  shop:\n    cdp: segment\n');
    assert.strictEqual(hover?.value.split('\n\n').pop(), 'Overridden by `segment` on line 5 (scoped to "shop")');
  });

  it('hovers and jumps from a model-name value to the model file', async () => {
    const result = await at('dbt_project.yml', 'name: shop\nvars:\n  cdp-sessions-model: "segment_web_sess|ions"\n');
    assert.deepStrictEqual(result, {
      hover: {
        value: '**segment_web_sessions** — model · package segment\n\n`dbt_packages/segment/models/sessionization/segment_web_sessions.sql`',
        range: { start: { line: 2, character: 23 }, end: { line: 2, character: 43 } },
      },
      definition: ['/ws/dbt_packages/segment/models/sessionization/segment_web_sessions.sql:0:0'],
    });
  });

  it('jumps from ref() in SQL and from a source() var to the YAML declaration', async () => {
    const sql = await at('models/marts/x.sql', "select * from {{ ref('stg_e|vents') }}");
    assert.deepStrictEqual(sql.definition, ['/ws/models/staging/stg_events.sql:0:0']);
    assert.strictEqual(sql.hover?.value, '**stg_events** — model · models/staging/stg_events.sql\n\n`models/staging/stg_events.sql`');
    const src = await at('dbt_project.yml', "name: shop\nvars:\n  cdp-pages-table: \"{{ source('segment', 'pa|ges') }}\"\n");
    assert.deepStrictEqual(src.definition, ['/ws/models/src.yml:4:14']);
  });

  it('describes a catalogue model that is not installed, and returns nothing for unknown names', async () => {
    const snow = await at('dbt_project.yml', 'name: shop\nvars:\n  cdp-events-model: snowplow_web_users|\n');
    assert.strictEqual(snow.hover?.value, '**snowplow_web_users** — model of the snowplow/snowplow_web package (not installed)\n\nOne row per user.');
    assert.deepStrictEqual(snow.definition, []);
    const none = await at('dbt_project.yml', 'name: shop\nvars:\n  cdp-events-model: nothing_he|re\n');
    assert.deepStrictEqual(none, { hover: null, definition: [] });
  });
});
