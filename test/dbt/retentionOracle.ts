/**
 * The oracle of day-N retention (wh_product_retention_xa), from the oracle's own users and events: cohorts by
 * first-seen UTC day, plain loops, no SQL. Days are `YYYY-MM-DD`.
 */
import type { EventRow, UserRow } from './oracle';

export interface RetentionRow {
  cohort_day: string; day_number: number; cohort_size: number; retained_users: number; retained_users_or_after: number; as_of_day: string;
}

const DAY_MS = 86_400_000;
const dayOf = (ms: number) => Math.floor(ms / DAY_MS);
const isoDay = (day: number) => new Date(day * DAY_MS).toISOString().slice(0, 10);

export function retentionOracle(w: { users: UserRow[]; events: EventRow[] }, retentionDays = 30): RetentionRow[] {
  if (w.users.length === 0) return [];
  const activeDays = new Map<string, Set<number>>();
  for (const e of w.events) {
    if (!activeDays.has(e.product_user_fk)) activeDays.set(e.product_user_fk, new Set());
    activeDays.get(e.product_user_fk)!.add(dayOf(e.event_ts));
  }
  const cohorts = new Map<number, UserRow[]>();
  for (const u of w.users) cohorts.set(dayOf(u.first_seen_ts), [...(cohorts.get(dayOf(u.first_seen_ts)) ?? []), u]);
  const asOf = Math.max(...w.users.map((u) => dayOf(u.last_seen_ts)));
  const rows: RetentionRow[] = [];
  for (const [cohort, members] of [...cohorts].sort(([a], [b]) => a - b)) {
    for (let n = 0; n <= retentionDays && cohort + n <= asOf; n++) {
      rows.push({
        cohort_day: isoDay(cohort), day_number: n, cohort_size: members.length,
        retained_users: members.filter((u) => activeDays.get(u.product_user_pk)?.has(cohort + n)).length,
        retained_users_or_after: members.filter((u) => dayOf(u.last_seen_ts) >= cohort + n).length,
        as_of_day: isoDay(asOf),
      });
    }
  }
  return rows;
}
