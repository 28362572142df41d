/**
 * One truth, six raw shapes: the generator's Segment-shaped rows (segmentData.ts) written as each CDP's warehouse
 * export writes them (the layouts in server/src/core/cdp/registry.ts). The same people, devices, events, late and
 * duplicate deliveries come out of every CDP in its own form: a duplicate is Segment's message id twice, Snowplow's
 * event_id twice, Amplitude's $insert_id twice, PostHog's uuid twice, Mixpanel's insert_id twice.
 *
 * What a CDP does not carry is not invented: Amplitude's and Mixpanel's exports hold no user agent, Mixpanel has no
 * session id, Snowplow has no identify calls (its trackers set user_id on the events after sign-in).
 */
import { IdentifyRow, PageRow, PersonRows, TrackRow } from './segmentData';
import { COLUMNS } from './csv';

export type ColumnType = 'varchar' | 'timestamp' | 'bigint';

export interface RawTable {
  /** The table (and seed) name: `source(<CDP source>, name)`. */
  name: string;
  columns: Readonly<Record<string, ColumnType>>;
  rows: Record<string, unknown>[];
}

/** The CDPs the generator writes, by `cdp` var value. */
export const GENERATED_CDPS = ['segment', 'rudderstack', 'snowplow', 'amplitude', 'posthog', 'mixpanel'] as const;
export type GeneratedCdp = (typeof GENERATED_CDPS)[number];

const SEGMENT_TIMES = new Set(['timestamp', 'received_at', 'sent_at']);
const segmentColumns = (table: keyof typeof COLUMNS, extra: Record<string, ColumnType> = {}): Record<string, ColumnType> => ({
  ...Object.fromEntries(COLUMNS[table].map((c) => [c, SEGMENT_TIMES.has(c) ? 'timestamp' : 'varchar'])),
  ...extra,
});

type Call = { kind: 'page'; row: PageRow } | { kind: 'track'; row: TrackRow } | { kind: 'identify'; row: IdentifyRow };

/** Every call, in the generator's order within each table. */
function calls(raw: PersonRows): Call[] {
  return [
    ...raw.pages.map((row) => ({ kind: 'page' as const, row })),
    ...raw.tracks.map((row) => ({ kind: 'track' as const, row })),
    ...raw.identifies.map((row) => ({ kind: 'identify' as const, row })),
  ];
}

const url = (c: Call) => (c.kind === 'page' ? c.row.url : c.kind === 'track' ? c.row.context_page_url : null);
const agent = (c: Call) => (c.kind === 'identify' ? null : c.row.context_user_agent);
const referrer = (c: Call) => (c.kind === 'page' ? c.row.referrer : c.kind === 'track' ? c.row.context_page_referrer : null);
const campaign = (c: Call) => (c.kind === 'identify'
  ? { source: null, medium: null, name: null }
  : { source: c.row.context_campaign_source, medium: c.row.context_campaign_medium, name: c.row.context_campaign_name });
/** The SDK session of a call sent from a device; server-side calls (no anonymous id) have none. */
const sessionStart = (c: Call) => (c.kind === 'identify' || c.row.anonymous_id === null ? null : c.row.session_start);
/** JSON of the defined entries only (a property an SDK did not send is absent, not null). */
const json = (entries: Record<string, unknown>) => JSON.stringify(Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== null && v !== undefined)));

export function rawTables(cdp: GeneratedCdp, raw: PersonRows): RawTable[] {
  switch (cdp) {
    case 'segment':
      return [
        { name: 'pages', columns: segmentColumns('pages'), rows: raw.pages as unknown as Record<string, unknown>[] },
        { name: 'tracks', columns: segmentColumns('tracks'), rows: raw.tracks as unknown as Record<string, unknown>[] },
        { name: 'identifies', columns: segmentColumns('identifies'), rows: raw.identifies as unknown as Record<string, unknown>[] },
      ];
    case 'rudderstack':
      return [
        { name: 'pages', columns: segmentColumns('pages', { context_session_id: 'bigint' }), rows: raw.pages.map((r) => ({ ...r, context_session_id: r.anonymous_id === null ? null : r.session_start })) },
        { name: 'tracks', columns: segmentColumns('tracks', { context_session_id: 'bigint' }), rows: raw.tracks.map((r) => ({ ...r, context_session_id: r.anonymous_id === null ? null : r.session_start })) },
        { name: 'identifies', columns: segmentColumns('identifies'), rows: raw.identifies as unknown as Record<string, unknown>[] },
      ];
    case 'snowplow':
      return [{ name: 'events', columns: SNOWPLOW_COLUMNS, rows: snowplowRows(raw) }];
    case 'amplitude':
      return [{ name: 'events', columns: AMPLITUDE_COLUMNS, rows: calls(raw).map(amplitudeRow) }];
    case 'posthog':
      return [{ name: 'events', columns: POSTHOG_COLUMNS, rows: calls(raw).map(posthogRow) }];
    case 'mixpanel':
      return [{ name: 'event', columns: MIXPANEL_COLUMNS, rows: calls(raw).map(mixpanelRow) }];
  }
}

const SNOWPLOW_COLUMNS: Record<string, ColumnType> = {
  event_id: 'varchar', event: 'varchar', event_name: 'varchar', se_action: 'varchar', derived_tstamp: 'timestamp', collector_tstamp: 'timestamp',
  domain_userid: 'varchar', domain_sessionid: 'varchar', user_id: 'varchar', page_url: 'varchar', page_referrer: 'varchar', useragent: 'varchar',
  mkt_source: 'varchar', mkt_medium: 'varchar', mkt_campaign: 'varchar',
};

/** Page views, self-describing events for tracks, and a page ping 10 s after every fifth page view (pings are not
 * events of the warehouse: the staging leaves them out). */
function snowplowRows(raw: PersonRows): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  const row = (c: Call & { kind: 'page' | 'track' }, id: string, event: string, name: string, shift = 0) => ({
    event_id: id, event, event_name: name, se_action: null, derived_tstamp: c.row.timestamp + shift, collector_tstamp: c.row.received_at + shift,
    domain_userid: c.row.anonymous_id, domain_sessionid: sessionStart(c) === null ? null : `${c.row.anonymous_id}:${sessionStart(c)}`,
    user_id: c.row.user_id, page_url: url(c), page_referrer: referrer(c), useragent: c.row.context_user_agent,
    mkt_source: campaign(c).source, mkt_medium: campaign(c).medium, mkt_campaign: campaign(c).name,
  });
  raw.pages.forEach((p, i) => {
    const c = { kind: 'page' as const, row: p };
    rows.push(row(c, p.id, 'page_view', 'page_view'));
    if (i % 5 === 0) rows.push(row(c, `${p.id}-ping-${p.received_at}`, 'page_ping', 'page_ping', 10_000));
  });
  for (const t of raw.tracks) rows.push(row({ kind: 'track', row: t }, t.id, 'unstruct', t.event));
  return rows;
}

const AMPLITUDE_COLUMNS: Record<string, ColumnType> = {
  $insert_id: 'varchar', uuid: 'varchar', event_type: 'varchar', event_time: 'timestamp', server_upload_time: 'timestamp',
  device_id: 'varchar', user_id: 'varchar', session_id: 'bigint', event_properties: 'varchar',
};

function amplitudeRow(c: Call): Record<string, unknown> {
  return {
    $insert_id: c.row.id, uuid: `${c.row.id}@${c.row.received_at}`,
    event_type: c.kind === 'page' ? '[Amplitude] Page Viewed' : c.kind === 'track' ? c.row.event_text : '$identify',
    event_time: c.row.timestamp, server_upload_time: c.row.received_at, device_id: c.row.anonymous_id, user_id: c.row.user_id,
    session_id: sessionStart(c) ?? -1,
    event_properties: json({
      '[Amplitude] Page URL': url(c), referrer: referrer(c), utm_source: campaign(c).source, utm_medium: campaign(c).medium, utm_campaign: campaign(c).name,
    }),
  };
}

const POSTHOG_COLUMNS: Record<string, ColumnType> = {
  uuid: 'varchar', event: 'varchar', timestamp: 'timestamp', inserted_at: 'timestamp', distinct_id: 'varchar', properties: 'varchar',
};

/** distinct_id is the user once identified, the device before; $identify carries the device as $anon_distinct_id. */
function posthogRow(c: Call): Record<string, unknown> {
  const identify = c.kind === 'identify';
  return {
    uuid: c.row.id, event: c.kind === 'page' ? '$pageview' : c.kind === 'track' ? c.row.event_text : '$identify',
    timestamp: c.row.timestamp, inserted_at: c.row.received_at, distinct_id: c.row.user_id ?? c.row.anonymous_id,
    properties: json({
      [identify ? '$anon_distinct_id' : '$device_id']: c.row.anonymous_id,
      $session_id: sessionStart(c) === null ? null : `${c.row.anonymous_id}:${sessionStart(c)}`,
      $current_url: url(c), $referrer: referrer(c), $raw_user_agent: agent(c),
      utm_source: campaign(c).source, utm_medium: campaign(c).medium, utm_campaign: campaign(c).name,
    }),
  };
}

const MIXPANEL_COLUMNS: Record<string, ColumnType> = {
  insert_id: 'varchar', name: 'varchar', time: 'timestamp', _fivetran_synced: 'timestamp', device_id: 'varchar', distinct_id: 'varchar',
  distinct_id_before_identity: 'varchar', current_url: 'varchar', referrer: 'varchar', properties: 'varchar',
};

function mixpanelRow(c: Call): Record<string, unknown> {
  const identify = c.kind === 'identify';
  return {
    insert_id: c.row.id, name: c.kind === 'page' ? '$mp_web_page_view' : c.kind === 'track' ? c.row.event_text : '$identify',
    time: c.row.timestamp, _fivetran_synced: c.row.received_at, device_id: identify ? null : c.row.anonymous_id,
    distinct_id: c.row.user_id ?? c.row.anonymous_id, distinct_id_before_identity: identify ? c.row.anonymous_id : null,
    current_url: url(c), referrer: referrer(c),
    properties: json({ mp_lib: 'web', utm_source: campaign(c).source, utm_medium: campaign(c).medium, utm_campaign: campaign(c).name }),
  };
}
