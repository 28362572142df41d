/**
 * Deterministic Segment-shaped raw data: pages, tracks and identifies as Segment's warehouse loader writes them.
 * It covers what breaks product models: anonymous visitors who identify later, several devices per user,
 * sessions split by 30-minute gaps, gaps of exactly 1800 s and 1801 s, late deliveries (received days later),
 * duplicate deliveries of one message id, server-side events without an anonymous_id, rows nobody can be
 * attributed to, and nulls in optional columns. Rows come out person by person, so any size streams.
 */

export interface PageRow {
  id: string; anonymous_id: string | null; user_id: string | null; timestamp: number; received_at: number;
  url: string; path: string; title: string | null; referrer: string | null; context_user_agent: string | null;
  /** Columns Segment writes that the dbt-labs/segment package reads (derived from the id, so the main sequence is
   * the same as before they existed). */
  sent_at: number; search: string | null; context_ip: string | null;
  context_campaign_source: string | null; context_campaign_medium: string | null; context_campaign_name: string | null;
  context_campaign_term: string | null; context_campaign_content: string | null;
  /** The truth behind CDPs with their own session id: when the device's session began (epoch ms). Not a Segment
   * column: RudderStack writes it as context_session_id, Amplitude as session_id (cdpShapes.ts). */
  session_start: number;
}
export interface TrackRow {
  id: string; anonymous_id: string | null; user_id: string | null; timestamp: number; received_at: number;
  event: string; event_text: string; context_page_url: string | null; context_user_agent: string | null;
  /** The page's referrer and campaign the track was sent from (derived from the id, like the page extras). */
  context_page_referrer: string | null; context_campaign_source: string | null; context_campaign_medium: string | null;
  context_campaign_name: string | null;
  session_start: number;
}
export interface IdentifyRow {
  id: string; anonymous_id: string | null; user_id: string; timestamp: number; received_at: number; email: string | null;
}

export interface PersonRows {
  pages: PageRow[];
  tracks: TrackRow[];
  identifies: IdentifyRow[];
}

export interface GeneratorOptions {
  seed: number;
  people: number;
  /** Epoch milliseconds of the first possible event. */
  start: number;
  days: number;
}

const USER_AGENTS = [
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148',
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36',
  'Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 Chrome/119.0 Safari/537.36 Tablet',
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_1) AppleWebKit/605.1.15 Version/17.1 Safari/605.1.15',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36',
  'Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0',
  'curl/8.4.0',
];
const PAGES = ['/', '/pricing', '/products', '/products/widget', '/cart', '/checkout', '/blog/launch', '/docs'];
const TRACKS = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed', 'Signed Up', 'Signed In'];

/** mulberry32: small, fast and the same on every platform. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function* generatePeople(options: GeneratorOptions): Generator<PersonRows> {
  const rand = random(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)];
  const between = (lo: number, hi: number) => lo + Math.floor(rand() * (hi - lo + 1));
  let counter = 0;
  const nextId = (kind: string) => `${kind}-${options.seed}-${(++counter).toString(36).padStart(6, '0')}`;
  const span = options.days * 86_400_000;

  for (let p = 0; p < options.people; p++) {
    const rows: PersonRows = { pages: [], tracks: [], identifies: [] };
    const identified = rand() < 0.7;
    const userId = `user-${options.seed}-${p}`;
    const devices = 1 + (rand() < 0.35 ? 1 : 0) + (rand() < 0.1 ? 1 : 0);
    for (let d = 0; d < devices; d++) {
      const anonymousId = `anon-${options.seed}-${p}-${d}`;
      const agent = rand() < 0.03 ? null : pick(USER_AGENTS);
      const sessions = between(1, 5);
      // The session in which this device signs in (never, for some devices).
      const identifyAt = identified && rand() < 0.85 ? between(0, sessions - 1) : Number.POSITIVE_INFINITY;
      let t = options.start + Math.floor(rand() * span * 0.8);
      let signedIn = false;
      for (let s = 0; s < sessions; s++) {
        const events = between(1, 7);
        // The SDK's session: one per pass of this loop, even across a gap longer than the inactivity timeout.
        const sessionStart = t;
        for (let e = 0; e < events; e++) {
          if (e > 0) {
            const roll = rand();
            // Gaps of exactly the timeout stay in the session; one second more starts the next.
            t += roll < 0.08 ? 1_800_000 : roll < 0.12 ? 1_801_000 : between(5, 900) * 1000;
          }
          const ts = rand() < 0.5 ? t : t + between(1, 999);
          if (s === identifyAt && e === Math.min(1, events - 1) && !signedIn) {
            signedIn = true;
            rows.identifies.push({ id: nextId('idn'), anonymous_id: anonymousId, user_id: userId, timestamp: ts, received_at: ts + between(1, 5) * 1000, email: rand() < 0.8 ? `${userId}@example.com` : null });
          }
          const lagRoll = rand();
          const lag = lagRoll < 0.8 ? between(1, 5) * 1000 : lagRoll < 0.95 ? between(1, 600) * 1000 : between(3600, 172_800) * 1000;
          const user = signedIn ? userId : null;
          const path = pick(PAGES);
          const attributable = rand() >= 0.01;
          const anon = attributable ? anonymousId : null;
          const uid = attributable ? user : null;
          if (rand() < 0.6) {
            const id = nextId('page');
            const row: PageRow = {
              id, anonymous_id: anon, user_id: uid, timestamp: ts, received_at: ts + lag,
              url: `https://shop.example${path}`, path, title: rand() < 0.1 ? null : `Shop ${path}`,
              referrer: rand() < 0.5 ? null : 'https://search.example/?q=shop', context_user_agent: agent,
              ...pageExtras(id, ts), session_start: sessionStart,
            };
            rows.pages.push(row);
            if (rand() < 0.03) rows.pages.push({ ...row, received_at: row.received_at + between(1, 3600) * 1000 });
          } else {
            const text = pick(TRACKS);
            const serverSide = signedIn && rand() < 0.05;
            const id = nextId('track');
            const row: TrackRow = {
              id, anonymous_id: serverSide ? null : anon, user_id: uid, timestamp: ts, received_at: ts + lag,
              event: text.toLowerCase().replace(/ /g, '_'), event_text: text,
              context_page_url: serverSide || rand() < 0.1 ? null : `https://shop.example${path}`,
              context_user_agent: serverSide ? null : agent, session_start: sessionStart, ...trackExtras(id, serverSide),
            };
            rows.tracks.push(row);
            if (rand() < 0.03) rows.tracks.push({ ...row, received_at: row.received_at + between(1, 3600) * 1000 });
          }
        }
        t += between(1801, 3 * 86_400) * 1000;
      }
    }
    yield rows;
  }
}

const CAMPAIGNS = [
  { source: 'newsletter', medium: 'email', name: 'spring_sale' },
  { source: 'google', medium: 'cpc', name: 'brand' },
  { source: 'partner', medium: 'referral', name: null },
];

/** A random stream of a row's own, from its id: columns added later leave the main sequence as it was. */
function idRandom(id: string): () => number {
  let h = 2166136261;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
  return random(h >>> 0);
}

/** The columns of a page row that only the package reads, from the row's own id (its own random stream). */
function pageExtras(id: string, ts: number): Pick<PageRow, 'sent_at' | 'search' | 'context_ip' | 'context_campaign_source' | 'context_campaign_medium' | 'context_campaign_name' | 'context_campaign_term' | 'context_campaign_content'> {
  const rand = idRandom(id);
  const campaign = rand() < 0.3 ? CAMPAIGNS[Math.floor(rand() * CAMPAIGNS.length)] : undefined;
  return {
    sent_at: ts + Math.floor(rand() * 500), search: rand() < 0.2 ? '?ref=ad' : null,
    context_ip: rand() < 0.9 ? `10.0.${Math.floor(rand() * 256)}.${Math.floor(rand() * 256)}` : null,
    context_campaign_source: campaign?.source ?? null, context_campaign_medium: campaign?.medium ?? null,
    context_campaign_name: campaign?.name ?? null, context_campaign_term: null, context_campaign_content: campaign && rand() < 0.5 ? 'banner' : null,
  };
}

/** A track's page context: referrer and campaign (none for server-side calls). */
function trackExtras(id: string, serverSide: boolean): Pick<TrackRow, 'context_page_referrer' | 'context_campaign_source' | 'context_campaign_medium' | 'context_campaign_name'> {
  const rand = idRandom(id);
  const campaign = !serverSide && rand() < 0.2 ? CAMPAIGNS[Math.floor(rand() * CAMPAIGNS.length)] : undefined;
  return {
    context_page_referrer: !serverSide && rand() < 0.3 ? 'https://search.example/?q=shop' : null,
    context_campaign_source: campaign?.source ?? null, context_campaign_medium: campaign?.medium ?? null, context_campaign_name: campaign?.name ?? null,
  };
}

/** All rows at once (tests and small data sets). */
export function generate(options: GeneratorOptions): PersonRows {
  const all: PersonRows = { pages: [], tracks: [], identifies: [] };
  for (const person of generatePeople(options)) {
    all.pages.push(...person.pages);
    all.tracks.push(...person.tracks);
    all.identifies.push(...person.identifies);
  }
  return all;
}

/** `YYYY-MM-DD HH:MM:SS[.mmm]` in UTC, as Segment's loader writes timestamps. */
export function formatTimestamp(ms: number): string {
  const iso = new Date(ms).toISOString();
  const base = iso.slice(0, 19).replace('T', ' ');
  return ms % 1000 === 0 ? base : `${base}.${iso.slice(20, 23)}`;
}
