/**
 * The oracle of the funnels (wh_product_funnels_xa), from the oracle's events: each definition in README
 * ("Funnels") as plain loops over one user's events, no SQL. Times are epoch ms.
 */
import type { EventRow } from './oracle';

export type FunnelOrder = 'this-order' | 'exact' | 'any';
export interface FunnelSpec { name: string; steps: string[]; windowS: number; order: FunnelOrder }
export interface FunnelRow {
  funnel_name: string; product_user_fk: string; step_number: number; step_name: string; reached_ts: number;
  attempt_start_ts: number; steps_total: number; converted: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const byTime = (a: EventRow, b: EventRow) => a.event_ts - b.event_ts || cmp(a.product_event_pk, b.product_event_pk);

/** The times each step was reached in the attempt starting at `start` (one entry per step reached). */
function attempt(funnel: FunnelSpec, start: EventRow, events: EventRow[]): number[] {
  const end = start.event_ts + funnel.windowS * 1000;
  if (funnel.order === 'any') {
    const inWindow = events.filter((e) => funnel.steps.includes(e.event_name) && e.event_ts >= start.event_ts && e.event_ts <= end);
    const reached: number[] = [];
    for (let k = 0; k < funnel.steps.length; k++) {
      const occurrence = funnel.steps.slice(0, k + 1).filter((s) => s === funnel.steps[k]).length;
      const match = inWindow.filter((e) => e.event_name === funnel.steps[k])[occurrence - 1];
      if (!match) break;
      reached.push(Math.max(match.event_ts, reached[k - 1] ?? match.event_ts));
    }
    return reached;
  }
  const used = new Set([start.product_event_pk]);
  const reached = [start.event_ts];
  let previous = start;
  for (const step of funnel.steps.slice(1)) {
    // Exact: nothing of the user strictly between the previous step's event and this one.
    const next = events.find((e) => e.event_ts > previous.event_ts)?.event_ts ?? previous.event_ts;
    const match = events.find((e) => e.event_name === step && !used.has(e.product_event_pk) && e.event_ts >= previous.event_ts
      && e.event_ts <= end && (funnel.order !== 'exact' || e.event_ts <= next));
    if (!match) break;
    used.add(match.product_event_pk);
    reached.push(match.event_ts);
    previous = match;
  }
  return reached;
}

export function funnelsOracle(events: EventRow[], funnels: FunnelSpec[]): FunnelRow[] {
  const byUser = new Map<string, EventRow[]>();
  for (const e of events) byUser.set(e.product_user_fk, [...(byUser.get(e.product_user_fk) ?? []), e]);
  const rows: FunnelRow[] = [];
  for (const funnel of funnels) {
    for (const [user, unsorted] of byUser) {
      const list = [...unsorted].sort(byTime);
      const starts = list.filter((e) => (funnel.order === 'any' ? funnel.steps.includes(e.event_name) : e.event_name === funnel.steps[0]));
      let best: { start: EventRow; reached: number[] } | undefined;
      for (const start of starts) {
        // Starts come in time order, then key order: a later start must reach more steps to win.
        const reached = attempt(funnel, start, list);
        if (!best || reached.length > best.reached.length) best = { start, reached };
      }
      if (!best) continue;
      best.reached.forEach((ts, k) => rows.push({
        funnel_name: funnel.name, product_user_fk: user, step_number: k + 1, step_name: funnel.steps[k], reached_ts: ts,
        attempt_start_ts: best!.start.event_ts, steps_total: funnel.steps.length, converted: best!.reached.length === funnel.steps.length,
      }));
    }
  }
  return rows;
}
