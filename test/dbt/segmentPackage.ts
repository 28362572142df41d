/**
 * The dbt-labs/segment package's rules (the corpus copy, on dbt_utils 1.4.1), restated in TypeScript for the oracle:
 * page views deduplicated by id (first received), device parsed from the user agent, sessions per anonymous_id split
 * after more than 30 minutes between page views (whole seconds), session ids from dbt_utils' surrogate key, and the
 * last known user_id per anonymous_id. It is held equal to the real package's tables in the dbt suites; nothing here
 * is asserted on its own authority.
 */
import { createHash } from 'crypto';
import { PageRow } from '../../examples/generator/segmentData';

export interface PackagePageView {
  page_view_id: string; anonymous_id: string | null; user_id: string | null; tstamp: number; received_at_tstamp: number;
  page_url: string; device: string | null; device_category: string;
  referrer: string | null; utm_source: string | null; utm_medium: string | null; utm_campaign: string | null;
}
export interface PackageSession {
  session_id: string; anonymous_id: string | null; blended_user_id: string | null; session_start_tstamp: number; session_end_tstamp: number;
  device: string | null; device_category: string;
  /** Of the session's first page view. */
  referrer: string | null; utm_source: string | null; utm_medium: string | null; utm_campaign: string | null;
}

const md5 = (s: string) => createHash('md5').update(s).digest('hex');
const NULL_KEY = '_dbt_utils_surrogate_key_null_';

/** dbt.split_part: PostgreSQL answers '' past the last part, DuckDB's string_split(...)[n] and Spark's split(...)[n] answer null. */
function splitPart(text: string | null, delimiter: string, part: number, adapter: 'duckdb' | 'postgres' | 'spark'): string | null {
  if (text === null) return null;
  const parts = text.split(delimiter);
  return part <= parts.length ? parts[part - 1] : adapter === 'postgres' ? '' : null;
}

export function packageDevice(agent: string | null, adapter: 'duckdb' | 'postgres' | 'spark'): string | null {
  if (agent !== null && agent.toLowerCase().includes('android')) return 'Android';
  const word = splitPart(splitPart(agent, '(', 2, adapter), ' ', 1, adapter);
  return word === null ? null : word.replace(/;/g, '');
}

export function packageDeviceCategory(device: string | null): string {
  if (device === 'iPhone' || device === 'Android') return device;
  if (device === 'iPad' || device === 'iPod') return 'Tablet';
  if (device === 'Windows' || device === 'Macintosh' || device === 'X11') return 'Desktop';
  return 'Uncategorized';
}

export function packageModels(pages: readonly PageRow[], adapter: 'duckdb' | 'postgres' | 'spark', cutoffS = 1800): { pageViews: PackagePageView[]; sessions: PackageSession[] } {
  const first = new Map<string, PageRow>();
  for (const p of pages) {
    const seen = first.get(p.id);
    if (!seen || p.received_at < seen.received_at) first.set(p.id, p);
  }
  const pageViews = [...first.values()].map((p) => {
    const device = packageDevice(p.context_user_agent, adapter);
    return {
      page_view_id: p.id, anonymous_id: p.anonymous_id, user_id: p.user_id, tstamp: p.timestamp, received_at_tstamp: p.received_at,
      page_url: p.url, device, device_category: packageDeviceCategory(device),
      referrer: p.referrer, utm_source: p.context_campaign_source, utm_medium: p.context_campaign_medium, utm_campaign: p.context_campaign_name,
    };
  });
  // Window functions partition by anonymous_id: page views without one form a partition of their own.
  const byAnonymous = new Map<string | null, PackagePageView[]>();
  for (const v of pageViews) byAnonymous.set(v.anonymous_id, [...(byAnonymous.get(v.anonymous_id) ?? []), v]);
  const sessions: PackageSession[] = [];
  for (const [anonymousId, views] of byAnonymous) {
    views.sort((a, b) => a.tstamp - b.tstamp);
    const stitched = [...views].reverse().find((v) => v.user_id !== null)?.user_id ?? null;
    let number = 0;
    let current: PackageSession | undefined;
    views.forEach((v, i) => {
      if (!current || Math.floor(v.tstamp / 1000) - Math.floor(views[i - 1].tstamp / 1000) > cutoffS) {
        number++;
        current = {
          session_id: md5(`${anonymousId ?? NULL_KEY}-${number}`), anonymous_id: anonymousId, blended_user_id: stitched ?? anonymousId,
          session_start_tstamp: v.tstamp, session_end_tstamp: v.tstamp, device: v.device, device_category: v.device_category,
          referrer: v.referrer, utm_source: v.utm_source, utm_medium: v.utm_medium, utm_campaign: v.utm_campaign,
        };
        sessions.push(current);
      }
      current.session_end_tstamp = v.tstamp;
    });
  }
  return { pageViews, sessions };
}
