/**
 * Raw timestamps the way warehouses hold them outside a clean UTC setup: `timestamp with time zone` columns (pages),
 * text with the writer's UTC offset (tracks: '2024-10-27T02:50:00+02:00'), zone-less UTC (identifies) — read by a
 * session whose time zone is Europe/Berlin (TZ and PGTZ, see harness.ts). Rows 20 minutes apart straddle both 2024
 * daylight-saving changes: in local wall time the autumn pair runs backwards and the spring pair is 80 minutes apart.
 * Every row must still equal the oracle, which works in UTC instants.
 */
import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { COLUMNS, Table } from '../../examples/generator/csv';
import { generate, IdentifyRow, PageRow, PersonRows, TrackRow } from '../../examples/generator/segmentData';
import { DbtProjectRun, TEST_TIME_ZONE } from './harness';
import { assertWarehouse, expected, load, TIMEOUT_S } from './scenarios';

const AUTUMN = Date.UTC(2024, 9, 27, 1); // 03:00 CEST -> 02:00 CET
const SPRING = Date.UTC(2024, 2, 31, 1); // 02:00 CET -> 03:00 CEST
const MINUTE = 60_000;
const UA = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15';

/** How each table's time columns are typed in the warehouse for this scenario (dbt seed column_types). */
const TYPES: Record<Table, Record<string, string>> = {
  pages: { timestamp: 'timestamptz', received_at: 'timestamptz', sent_at: 'timestamptz' },
  tracks: { timestamp: 'varchar', received_at: 'varchar' },
  identifies: {},
};

/** Wall-clock time in `zone` with its offset, as a writer in that zone prints it ('2024-10-27T02:10:00+01:00'). */
export function withOffset(ms: number, zone: string, separator = ' '): string {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', {
    timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
  }).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  const wall = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = Math.round((wall - Math.floor(ms / 1000) * 1000) / MINUTE);
  const sign = offset < 0 ? '-' : '+';
  const hh = String(Math.floor(Math.abs(offset) / 60)).padStart(2, '0');
  const mm = String(Math.abs(offset) % 60).padStart(2, '0');
  const fraction = ms % 1000 === 0 ? '' : `.${String(ms % 1000).padStart(3, '0')}`;
  return `${parts.year}-${parts.month}-${parts.day}${separator}${parts.hour}:${parts.minute}:${parts.second}${fraction}${sign}${hh}:${mm}`;
}

function page(id: string, anonymous: string, ms: number): PageRow {
  return {
    id, anonymous_id: anonymous, user_id: null, timestamp: ms, received_at: ms + 2000, url: `https://shop.example/${id}`, path: `/${id}`,
    title: null, referrer: null, context_user_agent: UA, sent_at: ms + 1000, search: null, context_ip: null,
    context_campaign_source: null, context_campaign_medium: null, context_campaign_name: null, context_campaign_term: null, context_campaign_content: null,
    session_start: ms,
  };
}

function track(id: string, anonymous: string, ms: number): TrackRow {
  return { id, anonymous_id: anonymous, user_id: null, timestamp: ms, received_at: ms + 2000, event: 'Product Viewed', event_text: 'Product Viewed', context_page_url: null, context_user_agent: UA, context_page_referrer: null, context_campaign_source: null, context_campaign_medium: null, context_campaign_name: null, session_start: ms };
}

/** Generated traffic around the autumn change, plus one visitor per change whose events straddle it. */
export function dstData(): PersonRows {
  const raw = generate({ seed: 51, people: 40, start: AUTUMN - 30 * 60 * MINUTE, days: 2 });
  const identify: IdentifyRow = { id: 'dst-identify', anonymous_id: 'dst-autumn', user_id: 'dst-user', timestamp: AUTUMN + 15 * MINUTE, received_at: AUTUMN + 16 * MINUTE, email: null };
  return {
    // Calls nobody can be attributed to (neither id): left out of the models, counted by a warn-level test.
    pages: [...raw.pages, page('dst-a1', 'dst-autumn', AUTUMN - 10 * MINUTE), page('dst-a3', 'dst-autumn', AUTUMN + 10 * MINUTE),
      page('dst-s1', 'dst-spring', SPRING - 10 * MINUTE), page('dst-s2', 'dst-spring', SPRING + 10 * MINUTE), { ...page('orphan-p', '', AUTUMN), anonymous_id: null }],
    tracks: [...raw.tracks, track('dst-a2', 'dst-autumn', AUTUMN), { ...track('orphan-t1', '', AUTUMN), anonymous_id: null }, { ...track('orphan-t2', '', AUTUMN), anonymous_id: null }],
    identifies: [...raw.identifies, identify],
  };
}

function csv(table: Table, rows: readonly object[]): string {
  const cell = (value: unknown, column: string): string => {
    if (value === null || value === undefined) return '';
    const type = TYPES[table][column];
    if (type === 'timestamptz') return withOffset(value as number, TEST_TIME_ZONE);
    if (type === 'varchar') return withOffset(value as number, TEST_TIME_ZONE, 'T');
    if (typeof value === 'number' && /timestamp|_at$/.test(column)) return new Date(value).toISOString().slice(0, 23).replace('T', ' ');
    return /[",\n\r]/.test(String(value)) ? `"${String(value).replace(/"/g, '""')}"` : String(value);
  };
  return COLUMNS[table].join(',') + '\n' + rows.map((r) => COLUMNS[table].map((c) => cell((r as Record<string, unknown>)[c], c)).join(',') + '\n').join('');
}

/** The project's seed column_types with this scenario's time types. */
function retypeSeeds(project: DbtProjectRun): void {
  const file = path.join(project.dir, 'dbt_project.yml');
  let text = readFileSync(file, 'utf8');
  for (const [table, types] of Object.entries(TYPES)) {
    for (const [column, type] of Object.entries(types)) {
      const line = new RegExp(`(\\n    ${table}:\\n      \\+column_types: \\{[^}]*\\b${column}: )timestamp\\b`);
      assert.ok(line.test(text), `${table}.${column} is typed in dbt_project.yml`);
      text = text.replace(line, `$1${type}`);
    }
  }
  writeFileSync(file, text);
}

export function timeZoneScenario(project: () => DbtProjectRun): void {
  const raw = dstData();
  assert.deepStrictEqual([withOffset(AUTUMN - 10 * MINUTE, TEST_TIME_ZONE), withOffset(AUTUMN + 10 * MINUTE, TEST_TIME_ZONE)],
    ['2024-10-27 02:50:00+02:00', '2024-10-27 02:10:00+01:00'], 'the autumn pair runs backwards in local wall time');
  retypeSeeds(project());
  load(project(), raw, (table, rows) => csv(table, rows));
  const output = project().build('--full-refresh');
  // dbt's own summary line per warn-level test: "WARN 1 product_warehouse_attributable_stg_…".
  const warned = output.split('\n').map((l) => /WARN (\d+) (product_warehouse_attributable_\w+)/.exec(l)).filter((m) => m).map((m) => `${m![2]}: ${m![1]}`);
  const orphans = (rows: { anonymous_id: string | null; user_id: string | null }[]) => rows.filter((r) => r.anonymous_id === null && r.user_id === null).length;
  assert.deepStrictEqual(warned.sort(), [
    `product_warehouse_attributable_stg_product_warehouse__pages_: ${orphans(raw.pages)}`,
    `product_warehouse_attributable_stg_product_warehouse__tracks_: ${orphans(raw.tracks)}`,
  ]);
  assert.strictEqual(project().sessionTimeZone(), TEST_TIME_ZONE, 'the warehouse session is not in UTC');
  const actual = project().read();
  assertWarehouse(actual, expected(project(), raw), 'time zones');
  // What the oracle says, in plain words: each straddling visitor has one session, its events in time order.
  for (const ids of [['dst-a1', 'dst-a2', 'dst-a3'], ['dst-s1', 'dst-s2']]) {
    const events = actual.events.filter((e) => ids.includes(e.segment_event_id)).sort((a, b) => a.event_ts - b.event_ts);
    assert.deepStrictEqual(events.map((e) => e.segment_event_id), ids, 'in time order');
    assert.strictEqual(new Set(events.map((e) => e.product_session_fk)).size, 1, `${ids}: one session for events 20 minutes apart (timeout ${TIMEOUT_S} s)`);
  }
}
