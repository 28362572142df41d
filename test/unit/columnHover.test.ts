import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { WAREHOUSE_COLUMNS } from '../../server/src/core/cdp/columns';
import { REPO } from '../helpers/fixtures';
import { cursor, workspace } from '../helpers/setup';

const PROJECT = 'name: shop\nvars:\n  cdp: snowplow\n';

async function hoverIn(file: string, textWithCursor: string, project = PROJECT) {
  const { text, offset } = cursor(textWithCursor);
  const ws = await workspace({ 'dbt_project.yml': project, [file]: text });
  const doc = ws.doc(file, text);
  const hover = await ws.service.doHover(doc, doc.positionAt(offset));
  return hover && { value: (hover.contents as { value: string }).value, range: hover.range };
}

describe('hover on a warehouse column: what it means and where the chosen CDP keeps it', () => {
  it('in the model\'s properties YAML', async () => {
    const yml = 'version: 2\nmodels:\n  - name: wh_product_sessions_fact\n    columns:\n      - name: product_session_pk\n      - name: dura|tion_s\n        description: x\n';
    assert.deepStrictEqual(await hoverIn('models/warehouse/wh_product_sessions_fact.yml', yml), {
      value: '**duration_s** · column of `wh_product_sessions_fact`\n\nWhole seconds between the first and the last event.\n\nFrom Snowplow (`dbt.datediff` in seconds):\n- `event_ts`: `derived_tstamp` (device time corrected for clock skew)',
      range: { start: { line: 5, character: 14 }, end: { line: 5, character: 24 } },
    });
  });

  it('in SQL that reads the model with ref(), for the project\'s CDP (Segment by default)', async () => {
    const sql = "select session_key, event_u|rl from {{ ref('wh_product_events_fact') }}";
    assert.deepStrictEqual(await hoverIn('models/marts/pages.sql', sql, 'name: shop\n'), {
      value: '**event_url** · column of `wh_product_events_fact`\n\nThe URL of the page.\n\nFrom Segment:\n- `page_url`: `url` (pages), `context_page_url` (tracks)',
      range: { start: { line: 0, character: 20 }, end: { line: 0, character: 29 } },
    });
    const stamp = await hoverIn('models/marts/pages.sql', "select loaded_a|t from {{ ref('wh_product_events_fact') }}");
    assert.strictEqual(stamp?.value, '**loaded_at** · column of `wh_product_events_fact`\n\nWhen the product warehouse loaded it (a dbt run\'s time, not data).\n\nMade by the product warehouse, not read from the CDP.');
  });

  it('nothing for a column of another model, or a word that is no column', async () => {
    assert.strictEqual(await hoverIn('models/marts/orders.sql', "select event_u|rl from {{ ref('orders_raw') }}"), null);
    assert.strictEqual(await hoverIn('models/marts/pages.sql', "sel|ect event_url from {{ ref('wh_product_events_fact') }}"), null);
    const otherModel = 'version: 2\nmodels:\n  - name: orders\n    columns:\n      - name: event_u|rl\n';
    assert.strictEqual(await hoverIn('models/orders.yml', otherModel), null);
  });

  it("knows exactly the columns of the templates' warehouse models (their YAML)", () => {
    for (const [model, columns] of Object.entries(WAREHOUSE_COLUMNS)) {
      const yml = parse(readFileSync(path.join(REPO, 'templates/warehouse/models/warehouse/w_product', `${model}.yml`), 'utf8')) as { models: { columns: { name: string }[] }[] };
      assert.deepStrictEqual(columns.map((c) => c.name), yml.models[0].columns.map((c) => c.name), model);
    }
  });
});
