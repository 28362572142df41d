/**
 * The oracle's reading of each CDP's raw tables onto the canonical events relation (DESIGN.md, "Many CDPs, one
 * warehouse"), restated in TypeScript from the CDP registry's field table — no SQL, nothing shared with the
 * templates. Every CDP's rows come from one truth (examples/generator/cdpShapes.ts), so one oracle judges them all.
 */
import { GeneratedCdp, RawTable } from '../../examples/generator/cdpShapes';

export interface Canonical {
  id: string | null;
  type: 'page' | 'track' | 'screen' | 'identify' | 'other';
  name: string | null;
  url: string | null;
  anon: string | null;
  user: string | null;
  ts: number;
  received: number;
  agent: string | null;
  /** The CDP's own session id, null where it has none. */
  cdpSession: string | null;
  referrer: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
}

type Row = Record<string, unknown>;
const str = (v: unknown): string | null => (v === null || v === undefined ? null : String(v));
const num = (v: unknown): number => v as number;
const props = (v: unknown): Record<string, unknown> => (v === null || v === undefined ? {} : JSON.parse(String(v)) as Record<string, unknown>);
const sessionId = (v: unknown, none?: string): string | null => {
  const text = str(v);
  return text === null || text === '' || text === none ? null : text;
};
/** PostHog and Mixpanel: distinct_id is the user once it differs from the device's id. */
const userOf = (distinct: unknown, device: string | null): string | null => (device === null || str(distinct) !== device ? str(distinct) : null);

function table(tables: RawTable[], name: string): Row[] {
  const found = tables.find((t) => t.name === name);
  if (!found) throw new Error(`no raw table ${name}`);
  return found.rows;
}

export function canonical(cdp: GeneratedCdp, tables: RawTable[]): Canonical[] {
  switch (cdp) {
    case 'segment':
    case 'rudderstack': {
      const session = (r: Row) => (cdp === 'rudderstack' ? sessionId(r.context_session_id) : null);
      const campaign = (r: Row) => ({ utmSource: str(r.context_campaign_source), utmMedium: str(r.context_campaign_medium), utmCampaign: str(r.context_campaign_name) });
      const none = { referrer: null, utmSource: null, utmMedium: null, utmCampaign: null };
      return [
        ...table(tables, 'pages').map((r): Canonical => ({ id: str(r.id), type: 'page', name: 'page_view', url: str(r.url), anon: str(r.anonymous_id), user: str(r.user_id), ts: num(r.timestamp), received: num(r.received_at), agent: str(r.context_user_agent), cdpSession: session(r), referrer: str(r.referrer), ...campaign(r) })),
        ...table(tables, 'tracks').map((r): Canonical => ({ id: str(r.id), type: 'track', name: str(r.event_text ?? r.event), url: str(r.context_page_url), anon: str(r.anonymous_id), user: str(r.user_id), ts: num(r.timestamp), received: num(r.received_at), agent: str(r.context_user_agent), cdpSession: session(r), referrer: str(r.context_page_referrer), ...campaign(r) })),
        ...table(tables, 'identifies').map((r): Canonical => ({ id: str(r.id), type: 'identify', name: null, url: null, anon: str(r.anonymous_id), user: str(r.user_id), ts: num(r.timestamp), received: num(r.received_at), agent: null, cdpSession: null, ...none })),
      ];
    }
    case 'snowplow':
      return table(tables, 'events').map((r): Canonical => ({
        id: str(r.event_id), type: r.event === 'page_view' ? 'page' : r.event === 'struct' || r.event === 'unstruct' ? 'track' : 'other',
        name: r.event === 'page_view' ? 'page_view' : r.event === 'struct' ? str(r.se_action ?? r.event_name) : str(r.event_name),
        url: str(r.page_url), anon: str(r.domain_userid), user: str(r.user_id), ts: num(r.derived_tstamp), received: num(r.collector_tstamp),
        agent: str(r.useragent), cdpSession: sessionId(r.domain_sessionid),
        referrer: str(r.page_referrer), utmSource: str(r.mkt_source), utmMedium: str(r.mkt_medium), utmCampaign: str(r.mkt_campaign),
      }));
    case 'amplitude':
      return table(tables, 'events').map((r): Canonical => {
        const p = props(r.event_properties);
        const page = r.event_type === '[Amplitude] Page Viewed';
        const identify = r.event_type === '$identify';
        return {
          id: str(r.$insert_id ?? r.uuid), type: page ? 'page' : identify ? 'identify' : 'track', name: page ? 'page_view' : identify ? null : str(r.event_type),
          url: str(p['[Amplitude] Page URL']), anon: str(r.device_id), user: str(r.user_id),
          ts: num(r.event_time), received: num(r.server_upload_time), agent: null, cdpSession: sessionId(r.session_id, '-1'),
          referrer: str(p.referrer), utmSource: str(p.utm_source), utmMedium: str(p.utm_medium), utmCampaign: str(p.utm_campaign),
        };
      });
    case 'posthog':
      return table(tables, 'events').map((r): Canonical => {
        const p = props(r.properties);
        const device = str(p.$device_id ?? p.$anon_distinct_id);
        const type = r.event === '$pageview' ? 'page' : r.event === '$screen' ? 'screen' : r.event === '$identify' ? 'identify' : 'track';
        return {
          id: str(r.uuid), type, name: type === 'page' ? 'page_view' : type === 'identify' ? null : str(r.event), url: str(p.$current_url),
          anon: device, user: userOf(r.distinct_id, device), ts: num(r.timestamp), received: num(r.inserted_at), agent: str(p.$raw_user_agent),
          cdpSession: sessionId(p.$session_id),
          referrer: str(p.$referrer), utmSource: str(p.utm_source), utmMedium: str(p.utm_medium), utmCampaign: str(p.utm_campaign),
        };
      });
    case 'mixpanel':
      return table(tables, 'event').map((r): Canonical => {
        const device = str(r.device_id ?? r.distinct_id_before_identity);
        const p = props(r.properties);
        const type = r.name === '$mp_web_page_view' ? 'page' : r.name === '$identify' ? 'identify' : 'track';
        return {
          id: str(r.insert_id), type, name: type === 'page' ? 'page_view' : type === 'identify' ? null : str(r.name), url: str(r.current_url),
          anon: device, user: userOf(r.distinct_id, device), ts: num(r.time), received: num(r._fivetran_synced), agent: null, cdpSession: null,
          referrer: str(r.referrer), utmSource: str(p.utm_source), utmMedium: str(p.utm_medium), utmCampaign: str(p.utm_campaign),
        };
      });
  }
}
