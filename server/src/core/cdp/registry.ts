/**
 * The CDP registry: every customer data platform the product warehouse knows, in one place — where its raw data
 * sits, where each field of the canonical events relation comes from, how it ties devices to users, its own session
 * id, the vars that point at its tables, and the dbt packages built on it. Diagnostics, completion, hover, the
 * scaffold and the README's tables read it (docs/decisions.md, "One CDP registry").
 *
 * Raw layouts are the ones the CDP's own warehouse export (or its usual loader) writes; a project whose tables sit
 * elsewhere points the table vars at them. The dbt packages built on each CDP are in packages.ts.
 */

/** The canonical events relation every CDP's staging maps onto (DESIGN.md, "Many CDPs, one warehouse"). */
export const CANONICAL_FIELDS = [
  'event_id', 'event_type', 'event_name', 'event_ts', 'received_ts', 'session_key', 'user_id', 'cdp_session_id',
  'page_url', 'referrer', 'utm_source', 'utm_medium', 'utm_campaign', 'user_agent',
] as const;
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

export const FIELD_DOCS: Readonly<Record<CanonicalField, string>> = {
  event_id: 'The id of the event as sent: deliveries of the same event share it.',
  event_type: '`page`, `screen` or `track`.',
  event_name: 'What happened (`page_view` for page calls).',
  event_ts: 'When it happened, in UTC.',
  received_ts: 'When the CDP received it, in UTC: what incremental runs follow.',
  session_key: 'The device or browser the event came from (anonymous id); the user id for server-side events without one.',
  user_id: 'The user id the event was sent with, if any.',
  cdp_session_id: "The CDP's own session id, where it has one.",
  page_url: 'The URL of the page.',
  referrer: 'The referring URL.',
  utm_source: 'The campaign source (utm_source).',
  utm_medium: 'The campaign medium (utm_medium).',
  utm_campaign: 'The campaign name (utm_campaign).',
  user_agent: "The browser's user agent string.",
};

/** A var naming one of the CDP's raw tables, as a Jinja relation string. */
export interface TableVar {
  name: string;
  table: string;
  doc: string;
}

export interface CdpSpec {
  /** The `cdp` var value. */
  id: string;
  displayName: string;
  doc: string;
  /** The source name the scaffold and the table vars' defaults use: `source(sourceName, table)`. */
  sourceName: string;
  tableVars: readonly TableVar[];
  /** Where each canonical field comes from: raw columns (backticked) and the rule that picks them. */
  fields: Readonly<Record<CanonicalField, string>>;
  /** How devices are tied to users. */
  identity: string;
  /** The CDP's own session id, and the value that means "no session". */
  nativeSession?: { column: string; none?: string };
  /** What a duplicate delivery shares with its original. */
  duplicateKey: string;
  /** Properties held in a JSON column (read through a dispatched macro per adapter). */
  jsonProperties: boolean;
  /** Its staging models: templates/cdp/<staging>/ (Segment-compatible layouts share Segment's). */
  staging: string;
}

/** Segment's three call tables: RudderStack writes the same layout. */
const SEGMENT_TABLE_VARS = (source: string): TableVar[] => [
  { name: 'cdp-pages-table', table: 'pages', doc: `The raw page-call table (\`{{ source('${source}', 'pages') }}\`).` },
  { name: 'cdp-tracks-table', table: 'tracks', doc: `The raw track-call table (\`{{ source('${source}', 'tracks') }}\`).` },
  { name: 'cdp-identifies-table', table: 'identifies', doc: `The raw identify-call table (\`{{ source('${source}', 'identifies') }}\`).` },
];
const EVENTS_TABLE_VAR = (source: string, table: string): TableVar[] => [
  { name: 'cdp-events-table', table, doc: `The raw events table (\`{{ source('${source}', '${table}') }}\`).` },
];

const SEGMENT_FIELDS: CdpSpec['fields'] = {
  event_id: '`id` (the message id)',
  event_type: '`page` for rows of `pages`, `track` for rows of `tracks`',
  event_name: '`event_text`, else `event` (tracks); `page_view` (pages)',
  event_ts: '`timestamp`',
  received_ts: '`received_at`',
  session_key: "`anonymous_id`, else `'user:'` and `user_id`",
  user_id: '`user_id`',
  cdp_session_id: 'none',
  page_url: '`url` (pages), `context_page_url` (tracks)',
  referrer: '`referrer` (pages), `context_page_referrer` (tracks)',
  utm_source: '`context_campaign_source`',
  utm_medium: '`context_campaign_medium`',
  utm_campaign: '`context_campaign_name`',
  user_agent: '`context_user_agent`',
};

export const CDP_REGISTRY: readonly CdpSpec[] = [
  {
    id: 'segment', displayName: 'Segment', sourceName: 'segment',
    doc: 'Segment warehouse destinations: one table per call type (`pages`, `tracks`, `identifies`), one row per delivery.',
    tableVars: SEGMENT_TABLE_VARS('segment'),
    fields: SEGMENT_FIELDS,
    identity: 'identify calls (`identifies`: `anonymous_id` with `user_id`) and events sent with both ids',
    duplicateKey: '`id` (at-least-once delivery: the same message id twice)',
    jsonProperties: false,
    staging: 'segment',
  },
  {
    id: 'rudderstack', displayName: 'RudderStack', sourceName: 'rudderstack',
    doc: "RudderStack warehouse destinations: Segment's layout (`pages`, `tracks`, `identifies`), plus the SDK's own session id.",
    tableVars: SEGMENT_TABLE_VARS('rudderstack'),
    fields: { ...SEGMENT_FIELDS, cdp_session_id: '`context_session_id` (the SDK session, start time in ms)' },
    identity: 'identify calls (`identifies`: `anonymous_id` with `user_id`) and events sent with both ids',
    nativeSession: { column: 'context_session_id' },
    duplicateKey: '`id` (the message id)',
    jsonProperties: false,
    staging: 'segment',
  },
  {
    id: 'snowplow', displayName: 'Snowplow', sourceName: 'atomic',
    doc: 'Snowplow enriched events: one wide `atomic.events` table, one row per event (page views, pings, self-describing events).',
    tableVars: EVENTS_TABLE_VAR('atomic', 'events'),
    fields: {
      event_id: '`event_id`',
      event_type: "`page` where `event` = 'page_view'; `track` for `struct` and `unstruct` (page pings are left out)",
      event_name: "'page_view' for page views, `se_action` for structured events, else `event_name`",
      event_ts: '`derived_tstamp` (device time corrected for clock skew)',
      received_ts: '`collector_tstamp`',
      session_key: '`domain_userid` (the first-party cookie)',
      user_id: '`user_id`',
      cdp_session_id: '`domain_sessionid`',
      page_url: '`page_url`',
      referrer: '`page_referrer`',
      utm_source: '`mkt_source`',
      utm_medium: '`mkt_medium`',
      utm_campaign: '`mkt_campaign`',
      user_agent: '`useragent`',
    },
    identity: 'events carrying both `domain_userid` and `user_id`',
    nativeSession: { column: 'domain_sessionid' },
    duplicateKey: '`event_id` (the same id loaded twice, or two events given one id)',
    jsonProperties: false,
    staging: 'snowplow',
  },
  {
    id: 'amplitude', displayName: 'Amplitude', sourceName: 'amplitude',
    doc: "Amplitude's export to a warehouse: one `events` table, properties in JSON columns.",
    tableVars: EVENTS_TABLE_VAR('amplitude', 'events'),
    fields: {
      event_id: '`$insert_id` (else `uuid`)',
      event_type: "`page` where `event_type` = '[Amplitude] Page Viewed', `identify` for '$identify' (stitching only), else `track`",
      event_name: "`event_type` ('page_view' for page views)",
      event_ts: '`event_time`',
      received_ts: '`server_upload_time`',
      session_key: '`device_id`',
      user_id: '`user_id`',
      cdp_session_id: '`session_id` (the session start in ms since the epoch; -1 means none)',
      page_url: "`event_properties` → `[Amplitude] Page URL`",
      referrer: "`event_properties` → `referrer`",
      utm_source: '`event_properties` → `utm_source`',
      utm_medium: '`event_properties` → `utm_medium`',
      utm_campaign: '`event_properties` → `utm_campaign`',
      user_agent: 'none: the export has no user agent, so device is Unknown',
    },
    identity: "'$identify' events and events carrying both `device_id` and `user_id`",
    nativeSession: { column: 'session_id', none: '-1' },
    duplicateKey: '`$insert_id`',
    jsonProperties: true,
    staging: 'amplitude',
  },
  {
    id: 'posthog', displayName: 'PostHog', sourceName: 'posthog',
    doc: "PostHog's batch export of events: one `events` table, properties in a JSON column.",
    tableVars: EVENTS_TABLE_VAR('posthog', 'events'),
    fields: {
      event_id: '`uuid`',
      event_type: "`page` where `event` = '$pageview', `screen` for '$screen', `identify` for '$identify' (stitching only), else `track`",
      event_name: "`event` ('page_view' for page views)",
      event_ts: '`timestamp`',
      received_ts: '`inserted_at`',
      session_key: "`properties` → `$device_id` (`$anon_distinct_id` on '$identify'), else `'user:'` and `distinct_id`",
      user_id: '`distinct_id` once identified (it differs from `$device_id`)',
      cdp_session_id: '`properties` → `$session_id`',
      page_url: '`properties` → `$current_url`',
      referrer: '`properties` → `$referrer`',
      utm_source: '`properties` → `utm_source`',
      utm_medium: '`properties` → `utm_medium`',
      utm_campaign: '`properties` → `utm_campaign`',
      user_agent: '`properties` → `$raw_user_agent`',
    },
    identity: "'$identify' events (`properties` → `$anon_distinct_id` with `distinct_id`)",
    nativeSession: { column: '$session_id' },
    duplicateKey: '`uuid`',
    jsonProperties: true,
    staging: 'posthog',
  },
  {
    id: 'mixpanel', displayName: 'Mixpanel', sourceName: 'mixpanel',
    doc: "Mixpanel events as Fivetran's connector loads them (the layout fivetran/mixpanel reads): one `event` table.",
    tableVars: EVENTS_TABLE_VAR('mixpanel', 'event'),
    fields: {
      event_id: '`insert_id`',
      event_type: "`page` where `name` = '$mp_web_page_view', `identify` for '$identify' (stitching only), else `track`",
      event_name: "`name` ('page_view' for page views)",
      event_ts: '`time`',
      received_ts: '`_fivetran_synced` (when the connector loaded the row)',
      session_key: "`device_id` (`distinct_id_before_identity` on '$identify'), else `'user:'` and `distinct_id`",
      user_id: '`distinct_id` when it differs from `device_id`',
      cdp_session_id: 'none (sessions come from inactivity, as Mixpanel computes them)',
      page_url: '`current_url`',
      referrer: '`referrer`',
      utm_source: '`properties` → `utm_source`',
      utm_medium: '`properties` → `utm_medium`',
      utm_campaign: '`properties` → `utm_campaign`',
      user_agent: 'none: the table has no user agent, so device is Unknown',
    },
    identity: "'$identify' events (`distinct_id_before_identity` with `distinct_id`), and events carrying both ids",
    duplicateKey: '`insert_id`',
    jsonProperties: true,
    staging: 'mixpanel',
  },
];

const BY_ID = new Map(CDP_REGISTRY.map((c) => [c.id, c]));

export const CDP_IDS: readonly string[] = CDP_REGISTRY.map((c) => c.id);

export function cdpSpec(id: string): CdpSpec | undefined {
  return BY_ID.get(id);
}

/** The CDPs whose raw tables a table var points at. */
export function cdpsWithTableVar(varName: string): CdpSpec[] {
  return CDP_REGISTRY.filter((c) => c.tableVars.some((v) => v.name === varName));
}

/** Every table var of every CDP, each name once (the first CDP's doc). */
export function allTableVars(): TableVar[] {
  const seen = new Map<string, TableVar>();
  for (const c of CDP_REGISTRY) for (const v of c.tableVars) if (!seen.has(v.name)) seen.set(v.name, v);
  return [...seen.values()];
}

/** The template folders a CDP's scaffold reads, relative to templates/: the shared warehouse, then its staging. */
export function templateRoots(cdp: string): string[] {
  return ['warehouse', `cdp/${cdpSpec(cdp)?.staging ?? cdp}`];
}
