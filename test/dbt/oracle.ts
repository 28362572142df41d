/**
 * The independent oracle: what the three product-warehouse models must contain, computed in TypeScript from the
 * same raw rows with plain loops and maps (no SQL, no shared code with the templates). Times are epoch ms.
 */
import { createHash } from 'crypto';
import { PersonRows } from '../../examples/generator/segmentData';
import { device, deviceCategory } from './deviceRules';
import { PackagePageView, PackageSession } from './segmentPackage';
import { canonical } from './cdpCanonical';
import { metricsOracle, MetricsRow } from './metricsOracle';
import { retentionOracle, RetentionRow } from './retentionOracle';
import { funnelsOracle, FunnelRow } from './funnelsOracle';
import { attributionOracle, AttributionRow } from './attributionOracle';
import { AnalyticsSpec, NO_ANALYTICS } from './analyticsSpec';
import { GeneratedCdp, rawTables } from '../../examples/generator/cdpShapes';

export interface UserRow {
  product_user_pk: string; segment_blended_user_id: string; latest_device: string; latest_device_category: string;
  first_seen_ts: number; last_seen_ts: number; total_sessions: number; usage_time_s: number; total_events: number;
  max_received_at: number;
}
export interface EventRow {
  product_event_pk: string; product_session_fk: string | null; product_user_fk: string; segment_event_id: string;
  event_ts: number; event_name: string; event_url: string | null; event_type: string; device: string; device_category: string;
  session_key: string; received_at: number;
}
export interface SessionRow {
  product_session_pk: string; product_user_fk: string; device: string; device_category: string; starting_ts: number;
  ending_ts: number; duration_s: number; sequence: number; session_key: string; cdp_session_id: string | null;
  referrer: string | null; utm_source: string | null; utm_medium: string | null; utm_campaign: string | null; max_received_at: number;
}
export interface Warehouse {
  users: UserRow[]; events: EventRow[]; sessions: SessionRow[]; metrics: MetricsRow[]; retention: RetentionRow[]; funnels: FunnelRow[];
  attribution: AttributionRow[];
}

export type OracleInput = (
  /** Any CDP (default Segment): its raw tables written from `raw`; `native` false = product-warehouse-sessions: inactivity. */
  | { mode: 'self-contained'; raw: PersonRows; timeoutS: number; cdp?: GeneratedCdp; native?: boolean }
  | { mode: 'package'; raw: PersonRows; timeoutS: number; pageViews: PackagePageView[]; packageSessions: PackageSession[] }
) & { /** The project's funnels and conversions (none when left out). */ analytics?: AnalyticsSpec };

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const seconds = (ms: number) => Math.floor(ms / 1000);
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

interface Ev {
  id: string; type: string; name: string; url: string | null; anon: string | null; user: string | null;
  ts: number; received: number; device: string; category: string; cdpSession: string | null; key: string;
  campaign: Campaign;
}

/** Where a session came from: its first event's referrer and utm fields. */
interface Campaign { referrer: string | null; utm_source: string | null; utm_medium: string | null; utm_campaign: string | null }

/** Every delivery the deliveries table holds: the CDP's events (identify calls too) with an id and an anonymous id or a
 * user id; identify calls only with an anonymous id. */
const campaignOf = (r: Campaign): Campaign => ({ referrer: r.referrer, utm_source: r.utm_source, utm_medium: r.utm_medium, utm_campaign: r.utm_campaign });

export function deliveries(input: OracleInput): Omit<Ev, 'key'>[] {
  const cdp = input.mode === 'self-contained' ? input.cdp ?? 'segment' : 'segment';
  const native = input.mode === 'self-contained' && input.native !== false;
  const rows = canonical(cdp, rawTables(cdp, input.raw))
    .filter((c) => c.type !== 'other' && (input.mode === 'self-contained' || c.type === 'track'))
    .map((c) => ({
      id: c.id as string, type: c.type, name: c.name as string, url: c.url, anon: c.anon, user: c.user, ts: c.ts, received: c.received,
      device: c.type === 'identify' ? '' : device(c.agent), category: c.type === 'identify' ? '' : deviceCategory(c.agent), cdpSession: native ? c.cdpSession : null,
      campaign: { referrer: c.referrer, utm_source: c.utmSource, utm_medium: c.utmMedium, utm_campaign: c.utmCampaign },
    }));
  const pages = input.mode === 'package'
    ? input.pageViews.map((p) => ({ id: p.page_view_id, type: 'page', name: 'page_view', url: p.page_url, anon: p.anonymous_id, user: p.user_id, ts: p.tstamp, received: p.received_at_tstamp, device: p.device as string, category: p.device_category, cdpSession: null, campaign: campaignOf(p) }))
    : [];
  return [...pages, ...rows].filter((d) => d.id !== null && (d.anon !== null || d.user !== null) && (d.type !== 'identify' || d.anon !== null));
}

export function oracle(input: OracleInput): Warehouse {
  // 1. First delivery of each attributable event.
  const firstById = new Map<string, Ev>();
  for (const d of deliveries(input)) {
    if (d.type === 'identify') continue;
    const seen = firstById.get(d.id);
    if (!seen || d.received < seen.received || (d.received === seen.received && d.ts < seen.ts)) firstById.set(d.id, { ...d, key: d.anon ?? `user:${d.user}` });
  }
  const events = [...firstById.values()];

  // 2. Identity: the last user_id per key, by event time (identify calls count in self-contained mode).
  const sightings: { key: string; user: string | null; ts: number; received: number; id: string }[] = events.map((e) => ({ key: e.key, user: e.user, ts: e.ts, received: e.received, id: e.id }));
  for (const d of deliveries(input)) if (d.type === 'identify') sightings.push({ key: d.anon!, user: d.user, ts: d.ts, received: d.received, id: d.id });
  const latest = new Map<string, (typeof sightings)[number]>();
  const keys = new Set<string>();
  for (const s of sightings) {
    keys.add(s.key);
    if (s.user === null) continue;
    const best = latest.get(s.key);
    if (!best || s.ts > best.ts || (s.ts === best.ts && (s.received > best.received || (s.received === best.received && s.id > best.id)))) latest.set(s.key, s);
  }
  const blended = new Map([...keys].map((k) => [k, latest.get(k)?.user ?? k]));
  // The latest row received per key: every delivery (duplicates too) and identify call the identity model reads.
  const keyReceived = new Map<string, number>();
  const receivedAt = (key: string, at: number) => keyReceived.set(key, Math.max(keyReceived.get(key) ?? at, at));
  for (const d of deliveries(input)) receivedAt(d.anon ?? `user:${d.user}`, d.received);
  const userPk = (key: string) => md5(blended.get(key)!);

  // 3. Sessions.
  const byKey = new Map<string, Ev[]>();
  for (const e of events) byKey.set(e.key, [...(byKey.get(e.key) ?? []), e]);
  const maxReceived = new Map([...byKey].map(([k, list]) => [k, Math.max(...list.map((e) => e.received))]));
  type Span = { pk: string; key: string; cdpSession: string | null; device: string; category: string; campaign: Campaign; start: number; end: number; received: number };
  const spans: Span[] = [];
  if (input.mode === 'self-contained') {
    for (const [key, all] of byKey) {
      // A CDP session id holds one session; events without one are sessionized by inactivity.
      const groups = new Map<string | null, Ev[]>();
      for (const e of all) groups.set(e.cdpSession, [...(groups.get(e.cdpSession) ?? []), e]);
      for (const [cdpSession, list] of groups) {
        list.sort((a, b) => a.ts - b.ts || cmp(a.id, b.id));
        let span: Span | undefined;
        list.forEach((e, i) => {
          if (!span || (cdpSession === null && seconds(e.ts) - seconds(list[i - 1].ts) > input.timeoutS)) {
            span = { pk: md5(`${key}|${e.id}`), key, cdpSession, device: e.device, category: e.category, campaign: e.campaign, start: e.ts, end: e.ts, received: e.received };
            spans.push(span);
          }
          span.end = e.ts;
          span.received = Math.max(span.received, e.received);
        });
      }
    }
  } else {
    for (const s of input.packageSessions) {
      if (s.anonymous_id === null || !byKey.has(s.anonymous_id)) continue;
      spans.push({ pk: md5(s.session_id), key: s.anonymous_id, cdpSession: null, device: s.device as string, category: s.device_category, campaign: campaignOf(s), start: s.session_start_tstamp, end: s.session_end_tstamp, received: maxReceived.get(s.anonymous_id)! });
    }
  }
  const sessionsByUser = new Map<string, Span[]>();
  for (const s of spans) sessionsByUser.set(userPk(s.key), [...(sessionsByUser.get(userPk(s.key)) ?? []), s]);
  const sessions: SessionRow[] = [];
  for (const [user, list] of sessionsByUser) {
    list.sort((a, b) => a.start - b.start || cmp(a.pk, b.pk));
    list.forEach((s, i) => sessions.push({
      product_session_pk: s.pk, product_user_fk: user, device: s.device, device_category: s.category, starting_ts: s.start, ending_ts: s.end,
      duration_s: seconds(s.end) - seconds(s.start), sequence: i + 1, session_key: s.key, cdp_session_id: s.cdpSession, ...s.campaign, max_received_at: s.received,
    }));
  }

  // 4. Events: the key's session of the event's CDP session id; without one, the latest session of the key without
  // one that started at or before the event and was active within the timeout.
  const spansByKey = new Map<string, Span[]>();
  for (const s of spans) spansByKey.set(s.key, [...(spansByKey.get(s.key) ?? []), s]);
  const eventRows: EventRow[] = events.map((e) => {
    const candidates = (spansByKey.get(e.key) ?? []).filter((s) => (e.cdpSession !== null
      ? s.cdpSession === e.cdpSession
      : s.cdpSession === null && s.start <= e.ts && e.ts <= s.end + input.timeoutS * 1000));
    candidates.sort((a, b) => b.start - a.start);
    return {
      product_event_pk: md5(e.id), product_session_fk: candidates[0]?.pk ?? null, product_user_fk: userPk(e.key), segment_event_id: e.id,
      event_ts: e.ts, event_name: e.name, event_url: e.url, event_type: e.type, device: e.device, device_category: e.category,
      session_key: e.key, received_at: e.received,
    };
  });

  // 5. Users with at least one event.
  const users: UserRow[] = [];
  const eventsByUser = new Map<string, EventRow[]>();
  for (const e of eventRows) eventsByUser.set(e.product_user_fk, [...(eventsByUser.get(e.product_user_fk) ?? []), e]);
  const blendedByPk = new Map([...keys].map((k) => [userPk(k), blended.get(k)!]));
  const userReceived = new Map<string, number>();
  for (const k of keys) userReceived.set(userPk(k), Math.max(userReceived.get(userPk(k)) ?? 0, keyReceived.get(k)!));
  for (const [pk, list] of eventsByUser) {
    const userSessions = sessions.filter((s) => s.product_user_fk === pk);
    const latestSession = [...userSessions].sort((a, b) => b.starting_ts - a.starting_ts || cmp(b.product_session_pk, a.product_session_pk))[0];
    const latestEvent = [...list].sort((a, b) => b.event_ts - a.event_ts || cmp(b.segment_event_id, a.segment_event_id))[0];
    users.push({
      product_user_pk: pk, segment_blended_user_id: blendedByPk.get(pk)!,
      latest_device: (latestSession ?? latestEvent).device, latest_device_category: (latestSession ?? latestEvent).device_category,
      first_seen_ts: Math.min(...list.map((e) => e.event_ts)), last_seen_ts: Math.max(...list.map((e) => e.event_ts)),
      total_sessions: userSessions.length, usage_time_s: userSessions.reduce((n, s) => n + s.duration_s, 0), total_events: list.length,
      max_received_at: userReceived.get(pk)!,
    });
  }
  const analytics = input.analytics ?? NO_ANALYTICS;
  return {
    users, events: eventRows, sessions, metrics: metricsOracle({ users, events: eventRows, sessions }), retention: retentionOracle({ users, events: eventRows }),
    funnels: funnelsOracle(eventRows, analytics.funnels), attribution: attributionOracle({ events: eventRows, sessions }, analytics.attribution),
  };
}
