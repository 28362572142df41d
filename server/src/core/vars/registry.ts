/**
 * The var contract: one registry drives validation, completion, hover, quick fixes and the README table.
 * Names come from the 2020 package's README (`cdp`, `cdp-events-model`, `cdp-sessions-model`), from what its
 * code actually read (`cdp-pages-table`, `cdp-tracks-table`, `sessions-base-model`), and from the templates.
 * Vars naming a CDP's raw tables belong to the CDPs whose registry entry lists them (`cdps`).
 */
import { cdpSpec, cdpsWithTableVar } from '../cdp/registry';

/** How a var's value is checked. */
export type VarKind =
  /** One of the catalogue's CDP ids. */
  | 'cdp'
  /** A model, seed or snapshot name, used as `ref(var(...))`. */
  | 'model'
  /** A relation as a Jinja string: `{{ source('segment', 'pages') }}` or `{{ ref('x') }}`. */
  | 'relation'
  /** A whole number of seconds (or a SQL expression such as `30 * 60`, which is not evaluated). */
  | 'seconds'
  /** A whole number of days (or a SQL expression, not evaluated). */
  | 'days'
  /** One of a fixed set of words. */
  | 'choice'
  /** A list of funnels: {name, steps, window-seconds, order} (funnels.ts). */
  | 'funnels'
  /** An event name, or a list of them. */
  | 'event-names';

/** `package`: on the CDP package's models; `self-contained`: from the raw CDP tables. */
export type Mode = 'package' | 'self-contained';

export interface VarSpec {
  name: string;
  kind: VarKind;
  default: string | number;
  doc: string;
  /** For `choice` vars. */
  choices?: readonly string[];
  /** Read by the 2020 package's code but not in its README: recognised so its users are served. */
  legacy?: boolean;
  /** The modes whose minimal set includes this var (the quick fix "add missing vars" writes that set). */
  coreIn?: readonly Mode[];
  /** A raw-table var: the CDPs it belongs to (from the CDP registry); other CDPs do not read it. */
  cdps?: readonly string[];
}

export const VAR_REGISTRY: readonly VarSpec[] = [
  { name: 'cdp', kind: 'cdp', default: 'segment', coreIn: ['package', 'self-contained'], doc: 'The customer data platform that feeds the event data.' },
  {
    name: 'cdp-events-model', kind: 'model', default: 'segment_web_page_views', coreIn: ['package'],
    doc: 'The model of events (page views) the product warehouse reads with `ref()` (package mode).',
  },
  {
    name: 'cdp-sessions-model', kind: 'model', default: 'segment_web_sessions', coreIn: ['package'],
    doc: 'The model of sessions the product warehouse reads with `ref()` (package mode).',
  },
  {
    name: 'product-warehouse-mode', kind: 'choice', default: 'self-contained', choices: ['package', 'self-contained'],
    doc: '`self-contained` (default): build from the raw CDP tables; `package`: sessions and page views from the CDP package\'s models.',
  },
  {
    name: 'cdp-pages-table', kind: 'relation', default: "{{ source('segment', 'pages') }}", legacy: true, coreIn: ['self-contained'],
    doc: 'The raw page-view table, as a Jinja `source()`/`ref()` string (self-contained mode).',
  },
  {
    name: 'cdp-tracks-table', kind: 'relation', default: "{{ source('segment', 'tracks') }}", legacy: true, coreIn: ['self-contained'],
    doc: 'The raw track-event table, as a Jinja `source()`/`ref()` string (self-contained mode).',
  },
  {
    name: 'cdp-identifies-table', kind: 'relation', default: "{{ source('segment', 'identifies') }}", coreIn: ['self-contained'],
    doc: 'The raw identify-call table used to stitch anonymous ids to user ids (self-contained mode).',
  },
  {
    name: 'cdp-events-table', kind: 'relation', default: "{{ source('atomic', 'events') }}", coreIn: ['self-contained'],
    doc: "The raw events table of a single-table CDP (Snowplow's `atomic.events`, Amplitude's, PostHog's or Mixpanel's events), as a Jinja `source()`/`ref()` string; the default is the chosen CDP's.",
  },
  {
    name: 'sessions-base-model', kind: 'model', default: 'segment_web_sessions', legacy: true,
    doc: 'Legacy name the 2020 package\'s code read for the sessions model; prefer `cdp-sessions-model`.',
  },
  {
    name: 'product-warehouse-session-timeout-seconds', kind: 'seconds', default: 1800,
    doc: 'Inactivity after which a new session starts, in seconds (30 minutes by default).',
  },
  {
    name: 'product-warehouse-sessions', kind: 'choice', default: 'native', choices: ['native', 'inactivity'],
    doc: "`native` (default): an event with the CDP's own session id (Snowplow, Amplitude, PostHog, RudderStack) belongs to that session; `inactivity`: every session comes from the inactivity timeout. Events without a CDP session id are always sessionized by inactivity.",
  },
  {
    name: 'product-warehouse-retention-days', kind: 'days', default: 30,
    doc: 'The last day number of the retention table (`wh_product_retention_xa`): day 0 to this day after each cohort\'s first day (30 by default).',
  },
  {
    name: 'product-warehouse-funnels', kind: 'funnels', default: '[]',
    doc: 'The funnels of `wh_product_funnels_xa`: a list of `{name, steps: [event names], window-seconds (604800), order: this-order | exact | any}`. One row per funnel, user and step reached in the best attempt. A change needs `dbt build --full-refresh` of the model.',
  },
  {
    name: 'product-warehouse-conversion-events', kind: 'event-names', default: '[]',
    doc: 'The event names that count as conversions in `wh_product_attributions_xa` (`event_name` of the events fact).',
  },
  {
    name: 'product-warehouse-attribution-lookback-seconds', kind: 'seconds', default: 2592000,
    doc: "How long before a conversion a session still counts as a touch, in seconds (30 days by default); the conversion's own session always counts.",
  },
  {
    name: 'product-warehouse-attribution-half-life-seconds', kind: 'seconds', default: 604800,
    doc: "Time-decay attribution: a touch's weight halves for every half-life between its session's start and the conversion, in seconds (7 days by default).",
  },
  {
    name: 'product-warehouse-lookback-seconds', kind: 'seconds', default: 259200,
    doc: 'How far back (before the latest row held) an incremental run re-reads raw rows, in seconds, so late loads are not lost (3 days). Only the deliveries table reads the window; the models after it rebuild what was loaded.',
  },
];

// Table vars learn their CDPs from the CDP registry, so the two cannot disagree.
for (const spec of VAR_REGISTRY) {
  const owners = cdpsWithTableVar(spec.name).map((c) => c.id);
  if (owners.length > 0) (spec as { cdps?: readonly string[] }).cdps = owners;
}

const BY_NAME = new Map(VAR_REGISTRY.map((v) => [v.name, v]));

export function varSpec(name: string): VarSpec | undefined {
  return BY_NAME.get(name);
}

export const VAR_NAMES: readonly string[] = VAR_REGISTRY.map((v) => v.name);

/** The package name the 2020 package declared; its users scope vars under it. */
export const SEED_PACKAGE_NAME = 'dbt_product_warehouse';

export function formatDefault(spec: VarSpec): string {
  return typeof spec.default === 'number' ? String(spec.default) : spec.default;
}

/** The CDP a `cdp` value means: a registry CDP, else Segment (the default; an unknown value is its own error). */
export function chosenCdp(value: string | undefined): string {
  return value !== undefined && cdpSpec(value) ? value : 'segment';
}

/** Whether the chosen CDP reads this var (every var but other CDPs' table vars). */
export function varAppliesTo(spec: VarSpec, cdp: string | undefined): boolean {
  return spec.cdps === undefined || spec.cdps.includes(chosenCdp(cdp));
}

/**
 * The var's default for the chosen CDP: a table var defaults to that CDP's own source (under `sourceName` when the
 * project declares it under another name).
 */
export function defaultFor(spec: VarSpec, cdp: string | undefined, sourceName?: string): string | number {
  const cdpId = chosenCdp(cdp);
  const table = cdpSpec(cdpId)?.tableVars.find((v) => v.name === spec.name);
  return table ? `{{ source('${sourceName ?? cdpSpec(cdpId)!.sourceName}', '${table.table}') }}` : spec.default;
}

/** The vars a project in this mode, on this CDP, should set explicitly (with their defaults for that CDP). */
export function coreVars(mode: string | undefined, cdp?: string, sourceName?: string): VarSpec[] {
  const m: Mode = mode === 'package' ? 'package' : 'self-contained';
  return VAR_REGISTRY.filter((v) => v.coreIn?.includes(m) && varAppliesTo(v, cdp)).map((v) => ({ ...v, default: defaultFor(v, cdp, sourceName) }));
}
