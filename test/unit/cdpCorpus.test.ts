import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { cdpSpec, CanonicalField } from '../../server/src/core/cdp/registry';
import { CORPUS, REPO } from '../helpers/fixtures';

/** The raw columns a registry text names in backticks, leaving out JSON keys (what follows `→`). */
function columns(text: string): string[] {
  return [...text.split('→')[0].matchAll(/`([A-Za-z_$][\w$]*)`/g)].map((m) => m[1]);
}

describe('the CDP registry against the real packages built on those CDPs (../shared/corpus)', () => {
  it("Mixpanel: every raw column it names is a column of fivetran/mixpanel's event source", () => {
    const src = parse(readFileSync(path.join(CORPUS, 'fivetran+dbt_mixpanel/models/staging/src_mixpanel.yml'), 'utf8')) as { sources: { tables: { name: string; columns: { name: string }[] }[] }[] };
    const event = src.sources[0].tables.find((t) => t.name === 'event')!;
    const declared = new Set(event.columns.map((c) => c.name));
    const mixpanel = cdpSpec('mixpanel')!;
    // event_type's text names values (`page`, `track`); its column is event_name's.
    const texts = Object.entries(mixpanel.fields).filter(([field]) => field !== 'event_type').map(([, text]) => text);
    const named = [...new Set([...texts, mixpanel.identity, mixpanel.duplicateKey].flatMap(columns))].sort();
    assert.deepStrictEqual(named.filter((c) => !declared.has(c)), [], `declared: ${[...declared].join(', ')}`);
    assert.deepStrictEqual(named, ['_fivetran_synced', 'current_url', 'device_id', 'distinct_id', 'distinct_id_before_identity', 'insert_id', 'name', 'properties', 'referrer', 'time']);
    // The staging model reads every one of those columns.
    const staging = readFileSync(path.join(REPO, 'templates/cdp/mixpanel/models/warehouse/w_product/staging/stg_product_warehouse__events.sql'), 'utf8');
    assert.deepStrictEqual(named.filter((c) => !new RegExp(`(\\b|')${c}\\b`).test(staging)), []);
  });

  it("Segment: the page-call columns it names are the ones dbt-labs/segment's page views read", () => {
    const sql = readFileSync(path.join(CORPUS, 'dbt-labs+segment/models/base/segment_web_page_views.sql'), 'utf8');
    const segment = cdpSpec('segment')!;
    // Fields read from the pages table (the first column named where pages and tracks differ).
    const pageFields: CanonicalField[] = ['event_id', 'event_ts', 'received_ts', 'session_key', 'user_id', 'page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'user_agent'];
    const named = pageFields.map((f) => columns(segment.fields[f])[0]);
    assert.deepStrictEqual(named, ['id', 'timestamp', 'received_at', 'anonymous_id', 'user_id', 'url', 'referrer', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name', 'context_user_agent']);
    assert.deepStrictEqual(named.filter((c) => !new RegExp(`\\b${c}\\b`).test(sql)), []);
  });
});
