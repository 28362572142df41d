/**
 * The oracle of the daily metrics (wh_product_metrics_xa), from the oracle's own users, events and sessions: plain
 * loops over UTC days, no SQL. Days are `YYYY-MM-DD`, as the warehouse's date type reads back.
 */
import type { EventRow, SessionRow, UserRow } from './oracle';

export interface MetricsRow {
  date_day: string; dau: number; wau: number; mau: number; stickiness: number | null; new_users: number; returning_users: number;
  sessions: number; avg_session_duration_s: number | null; events: number;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function metricsOracle(w: { users: UserRow[]; events: EventRow[]; sessions: SessionRow[] }): MetricsRow[] {
  if (w.events.length === 0) return [];
  const activeOn = new Map<number, Set<string>>();
  const eventsOn = new Map<number, number>();
  for (const e of w.events) {
    const day = dayOf(e.event_ts);
    if (!activeOn.has(day)) activeOn.set(day, new Set());
    activeOn.get(day)!.add(e.product_user_fk);
    eventsOn.set(day, (eventsOn.get(day) ?? 0) + 1);
  }
  const newOn = new Map<number, number>();
  for (const u of w.users) newOn.set(dayOf(u.first_seen_ts), (newOn.get(dayOf(u.first_seen_ts)) ?? 0) + 1);
  const startedOn = new Map<number, number[]>();
  for (const s of w.sessions) startedOn.set(dayOf(s.starting_ts), [...(startedOn.get(dayOf(s.starting_ts)) ?? []), s.duration_s]);
  const days = [...activeOn.keys()];
  const first = Math.min(...days);
  const last = Math.max(...days);
  const activeWithin = (day: number, span: number) => {
    const users = new Set<string>();
    for (let d = day - span + 1; d <= day; d++) for (const u of activeOn.get(d) ?? []) users.add(u);
    return users.size;
  };
  const rows: MetricsRow[] = [];
  for (let day = first; day <= last; day++) {
    const dau = activeOn.get(day)?.size ?? 0;
    const mau = activeWithin(day, 30);
    const durations = startedOn.get(day) ?? [];
    rows.push({
      date_day: isoDay(day), dau, wau: activeWithin(day, 7), mau, stickiness: mau > 0 ? dau / mau : null,
      new_users: newOn.get(day) ?? 0, returning_users: dau - (newOn.get(day) ?? 0), sessions: durations.length,
      avg_session_duration_s: durations.length ? durations.reduce((a, b) => a + b, 0) / durations.length : null, events: eventsOn.get(day) ?? 0,
    });
  }
  return rows;
}
