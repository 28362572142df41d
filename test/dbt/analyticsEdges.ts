/**
 * People whose events sit on the edges of the analytics definitions (README, "Funnels" and "Attribution"), added to
 * every generated data set: funnel steps at the same timestamp, a step exactly at the window's end and one a second
 * after, repeated step names, an exact-order funnel broken by an event between and kept by a simultaneous one, a UTC
 * day boundary inside a funnel, a conversion with touches on three devices (one exactly at the lookback's start, one
 * a second before it) and a conversion with a single touch.
 */
import { PageRow, PersonRows, TrackRow } from '../../examples/generator/segmentData';

const DESKTOP = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15';
const SECOND = 1000;
const DAY = 86_400 * SECOND;

interface Context { device: string; user: string; session: number; referrer?: string; medium?: string; source?: string }

function track(id: string, name: string, ts: number, c: Context): TrackRow {
  return {
    id, anonymous_id: c.device, user_id: c.user, timestamp: ts, received_at: ts + SECOND, event: name.toLowerCase().replace(/ /g, '_'), event_text: name,
    context_page_url: 'https://shop.example/products', context_user_agent: DESKTOP, context_page_referrer: c.referrer ?? null,
    context_campaign_source: c.source ?? null, context_campaign_medium: c.medium ?? null, context_campaign_name: null, session_start: c.session,
  };
}

function page(id: string, ts: number, c: Context): PageRow {
  return {
    id, anonymous_id: c.device, user_id: c.user, timestamp: ts, received_at: ts + SECOND, url: 'https://shop.example/', path: '/', title: 'Shop',
    referrer: c.referrer ?? null, context_user_agent: DESKTOP, sent_at: ts, search: null, context_ip: null,
    context_campaign_source: c.source ?? null, context_campaign_medium: c.medium ?? null, context_campaign_name: null,
    context_campaign_term: null, context_campaign_content: null, session_start: c.session,
  };
}

/** The edge cases' rows; `lookbackS` is the project's attribution lookback. */
export function analyticsEdges(lookbackS: number): PersonRows {
  const pages: PageRow[] = [];
  const tracks: TrackRow[] = [];
  // Funnel steps 1 and 2 at one time, half a second before midnight UTC; step 3 exactly one day (the checkout
  // funnel's window) after the start, step 4 a second later.
  const t0 = Date.UTC(2024, 2, 10, 23, 59, 59, 500);
  const funnel = (session: number): Context => ({ device: 'edge-funnel-laptop', user: 'user-edge-funnel', session });
  tracks.push(track('edge-f1', 'Product Viewed', t0, funnel(t0)), track('edge-f2', 'Product Added', t0, funnel(t0)),
    track('edge-f3', 'Checkout Started', t0 + DAY, funnel(t0 + DAY)), track('edge-f4', 'Order Completed', t0 + DAY + SECOND, funnel(t0 + DAY)));
  // Exact order: a page view between Product Added and Checkout Started breaks the first attempt; the second has
  // an event at the same time as Product Added (not between) and converts.
  const t1 = Date.UTC(2024, 2, 12, 10);
  const exact: Context = { device: 'edge-exact-laptop', user: 'user-edge-exact', session: t1 };
  tracks.push(track('edge-e1', 'Product Added', t1, exact), track('edge-e2', 'Checkout Started', t1 + 10 * SECOND, exact),
    track('edge-e3', 'Product Added', t1 + 20 * SECOND, exact), track('edge-e4', 'Signed In', t1 + 20 * SECOND, exact),
    track('edge-e5', 'Checkout Started', t1 + 30 * SECOND, exact));
  pages.push(page('edge-e-page', t1 + 5 * SECOND, exact));
  // Repeated step names: two Product Viewed at one time, Product Added exactly at the hour's end.
  const t2 = Date.UTC(2024, 2, 14, 8);
  const repeat: Context = { device: 'edge-repeat-laptop', user: 'user-edge-repeat', session: t2 };
  tracks.push(track('edge-r1', 'Product Viewed', t2, repeat), track('edge-r2', 'Product Viewed', t2, repeat),
    track('edge-r3', 'Product Added', t2 + 3600 * SECOND, repeat), track('edge-r4', 'Product Added', t2 + 3601 * SECOND, repeat));
  // A conversion with touches on four devices of one user: a newsletter visit two days before on the phone, one
  // from a search engine on the laptop where it converts, one on a tablet exactly at the lookback's start (a touch)
  // and one on a work computer a second earlier (not a touch).
  const conversion = Date.UTC(2024, 2, 22, 9, 1);
  const attr = (device: string, session: number, extra: Partial<Context> = {}): Context => ({ device, user: 'user-edge-attr', session, ...extra });
  const phone = conversion - 2 * DAY;
  const laptop = conversion - 60 * SECOND;
  const tablet = conversion - lookbackS * SECOND;
  const work = tablet - SECOND;
  pages.push(page('edge-a-phone', phone, attr('edge-attr-phone', phone, { source: 'newsletter', medium: 'email' })),
    page('edge-a-laptop', laptop, attr('edge-attr-laptop', laptop, { referrer: 'https://www.google.com/search?q=shop' })),
    page('edge-a-tablet', tablet, attr('edge-attr-tablet', tablet, { referrer: 'https://t.co/abc' })),
    page('edge-a-work', work, attr('edge-attr-work', work, { referrer: 'https://blog.example/review' })));
  tracks.push(track('edge-a-order', 'Order Completed', conversion, attr('edge-attr-laptop', laptop)));
  // A conversion whose user has one session: a single touch, every weight 1.
  const t3 = Date.UTC(2024, 2, 25, 16, 30);
  const single: Context = { device: 'edge-single-phone', user: 'user-edge-single', session: t3, source: 'partner', medium: 'referral' };
  pages.push(page('edge-s-page', t3, single));
  tracks.push(track('edge-s-signup', 'Signed Up', t3 + 30 * SECOND, single));
  return { pages, tracks, identifies: [] };
}

export function withAnalyticsEdges(raw: PersonRows, lookbackS: number): PersonRows {
  const edges = analyticsEdges(lookbackS);
  return { pages: [...raw.pages, ...edges.pages], tracks: [...raw.tracks, ...edges.tracks], identifies: raw.identifies };
}
