/**
 * Stand-ins for the two dbt-labs/segment package models package mode reads, with the package's column contract
 * (segment_web_page_views: page_view_id, anonymous_id, user_id, tstamp, received_at_tstamp, page_url, device,
 * device_category; segment_web_sessions: session_id, anonymous_id, blended_user_id, session_start_tstamp,
 * session_end_tstamp, device, device_category). Computed like the package: page views per anonymous_id, 30 minutes.
 */
import { PageRow } from '../../examples/generator/segmentData';
import { device, deviceCategory } from './deviceRules';

export interface PackagePageView {
  page_view_id: string; anonymous_id: string; user_id: string | null; tstamp: number; received_at_tstamp: number;
  page_url: string; device: string; device_category: string;
}
export interface PackageSession {
  session_id: string; anonymous_id: string; blended_user_id: string; session_start_tstamp: number; session_end_tstamp: number;
  device: string; device_category: string;
}

export function packageModels(pages: readonly PageRow[]): { pageViews: PackagePageView[]; sessions: PackageSession[] } {
  const first = new Map<string, PageRow>();
  for (const p of pages) {
    if (p.anonymous_id === null) continue;
    const seen = first.get(p.id);
    if (!seen || p.received_at < seen.received_at) first.set(p.id, p);
  }
  const pageViews = [...first.values()].map((p) => ({
    page_view_id: p.id, anonymous_id: p.anonymous_id!, user_id: p.user_id, tstamp: p.timestamp, received_at_tstamp: p.received_at,
    page_url: p.url, device: device(p.context_user_agent), device_category: deviceCategory(p.context_user_agent),
  }));
  const byAnonymous = new Map<string, PackagePageView[]>();
  for (const v of pageViews) byAnonymous.set(v.anonymous_id, [...(byAnonymous.get(v.anonymous_id) ?? []), v]);
  const sessions: PackageSession[] = [];
  for (const [anonymousId, views] of byAnonymous) {
    views.sort((a, b) => a.tstamp - b.tstamp || (a.page_view_id < b.page_view_id ? -1 : 1));
    const lastUser = [...views].reverse().find((v) => v.user_id !== null)?.user_id ?? anonymousId;
    let current: PackageSession | undefined;
    views.forEach((v, i) => {
      if (!current || Math.floor(v.tstamp / 1000) - Math.floor(views[i - 1].tstamp / 1000) > 1800) {
        current = {
          session_id: `${anonymousId}#${sessions.filter((s) => s.anonymous_id === anonymousId).length + 1}`,
          anonymous_id: anonymousId, blended_user_id: lastUser, session_start_tstamp: v.tstamp, session_end_tstamp: v.tstamp,
          device: v.device, device_category: v.device_category,
        };
        sessions.push(current);
      }
      current.session_end_tstamp = v.tstamp;
    });
  }
  return { pageViews, sessions };
}
