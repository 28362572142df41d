/**
 * The oracle of multi-touch attribution (wh_product_attributions_xa), from the oracle's events and sessions: the
 * touches, channel rules and weights of README ("Attribution") as plain loops, no SQL. Times are epoch ms.
 */
import type { EventRow, SessionRow } from './oracle';

export interface AttributionSpec { conversions: string[]; lookbackS: number; halfLifeS: number }
export interface AttributionRow {
  conversion_event_fk: string; product_user_fk: string; conversion_name: string; conversion_ts: number;
  touch_session_fk: string | null; touch_ts: number | null; touch_number: number | null; touches_total: number; channel: string;
  utm_source: string | null; utm_medium: string | null; utm_campaign: string | null; referrer: string | null;
  first_touch: number; last_touch: number; linear: number; position_based: number; time_decay: number;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const seconds = (ms: number) => Math.floor(ms / 1000);

const SEARCH = ['google.', 'bing.', 'duckduckgo.', 'yahoo.', 'baidu.', 'yandex.', 'ecosia.', 'search.'];
const SOCIAL = ['facebook.', 'instagram.', 'linkedin.', 'twitter.', 't.co/', 'x.com', 'reddit.', 'youtube.', 'tiktok.', 'pinterest.'];
const MEDIA: [string[], string][] = [
  [['cpc', 'ppc', 'paidsearch', 'paid_search', 'paid-search'], 'Paid Search'], [['paid_social', 'paidsocial', 'paid-social'], 'Paid Social'],
  [['display', 'banner', 'cpm'], 'Display'], [['email', 'e-mail', 'newsletter'], 'Email'], [['affiliate'], 'Affiliates'],
  [['social'], 'Organic Social'], [['organic'], 'Organic Search'], [['referral'], 'Referral'],
];

export function channel(s: Pick<SessionRow, 'utm_source' | 'utm_medium' | 'referrer'>): string {
  const medium = s.utm_medium?.toLowerCase();
  const byMedium = MEDIA.find(([media]) => medium !== undefined && media.includes(medium));
  if (byMedium) return byMedium[1];
  if (s.utm_medium !== null || s.utm_source !== null) return 'Other Campaign';
  if (s.referrer === null || s.referrer === '') return 'Direct';
  const referrer = s.referrer.toLowerCase();
  const hosted = (host: string) => referrer.includes(`://${host}`) || referrer.includes(`.${host}`);
  if (SEARCH.some(hosted)) return 'Organic Search';
  if (SOCIAL.some(hosted)) return 'Organic Social';
  return 'Referral';
}

export function attributionOracle(w: { events: EventRow[]; sessions: SessionRow[] }, spec: AttributionSpec): AttributionRow[] {
  const sessionsByUser = new Map<string, SessionRow[]>();
  for (const s of w.sessions) sessionsByUser.set(s.product_user_fk, [...(sessionsByUser.get(s.product_user_fk) ?? []), s]);
  const rows: AttributionRow[] = [];
  for (const e of w.events.filter((x) => spec.conversions.includes(x.event_name))) {
    const conversion = { conversion_event_fk: e.product_event_pk, product_user_fk: e.product_user_fk, conversion_name: e.event_name, conversion_ts: e.event_ts };
    const touches = (sessionsByUser.get(e.product_user_fk) ?? [])
      .filter((s) => s.product_session_pk === e.product_session_fk || (s.starting_ts >= e.event_ts - spec.lookbackS * 1000 && s.starting_ts <= e.event_ts))
      .sort((a, b) => a.starting_ts - b.starting_ts || cmp(a.product_session_pk, b.product_session_pk));
    if (touches.length === 0) {
      rows.push({
        ...conversion, touch_session_fk: null, touch_ts: null, touch_number: null, touches_total: 0, channel: 'Unattributed',
        utm_source: null, utm_medium: null, utm_campaign: null, referrer: null, first_touch: 1, last_touch: 1, linear: 1, position_based: 1, time_decay: 1,
      });
      continue;
    }
    const n = touches.length;
    const decay = touches.map((s) => 2 ** (-(seconds(e.event_ts) - seconds(s.starting_ts)) / spec.halfLifeS));
    const decaySum = decay.reduce((a, b) => a + b, 0);
    touches.forEach((s, i) => rows.push({
      ...conversion, touch_session_fk: s.product_session_pk, touch_ts: s.starting_ts, touch_number: i + 1, touches_total: n, channel: channel(s),
      utm_source: s.utm_source, utm_medium: s.utm_medium, utm_campaign: s.utm_campaign, referrer: s.referrer,
      first_touch: i === 0 ? 1 : 0, last_touch: i === n - 1 ? 1 : 0, linear: 1 / n,
      position_based: n <= 1 ? 1 : n === 2 ? 0.5 : i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2),
      time_decay: decay[i] / decaySum,
    }));
  }
  return rows;
}
