/** The oracle scenarios, shared by the DuckDB and PostgreSQL suites. */
import * as assert from 'assert';
import { generate, GeneratorOptions, PageRow, PersonRows } from '../../examples/generator/segmentData';
import { REPO } from '../helpers/fixtures';
import { DbtProjectRun, normalise, SeedCsv } from './harness';
import { deliveries, oracle, Warehouse } from './oracle';
import * as path from 'path';
import { analyticsSpec } from './analyticsSpec';
import { withAnalyticsEdges } from './analyticsEdges';
import { packageModels, PackagePageView, PackageSession } from './segmentPackage';

export const TIMEOUT_S = 1800;

export function data(seed: number, people = 60): PersonRows {
  // 40 days of first visits (and sessions up to 15 days later): the 30-day MAU window and day-30 retention are exercised.
  const options: GeneratorOptions = { seed, people, start: Date.UTC(2024, 2, 1), days: 40 };
  return withAnalyticsEdges(generate(options), analyticsSpec(path.join(REPO, 'examples/shop')).attribution.lookbackS);
}

/**
 * What the models must hold. Package mode: our models on top of the package's two tables — as the package's rules
 * compute them from all the data (segmentPackage.ts, held equal to the real package after every full build), or as
 * they stand in the warehouse after the package's own incremental run (`packageTables`).
 */
export function expected(project: DbtProjectRun, raw: PersonRows, packageTables?: { pageViews: PackagePageView[]; sessions: PackageSession[] }): Warehouse {
  const analytics = analyticsSpec(project.dir);
  if (project.mode === 'self-contained') return normalise(oracle({ mode: 'self-contained', raw, timeoutS: TIMEOUT_S, cdp: project.cdp, native: project.native, analytics }));
  const tables = packageTables ?? packageModels(raw.pages, project.target);
  return normalise(oracle({ mode: 'package', raw, timeoutS: TIMEOUT_S, pageViews: tables.pageViews, packageSessions: tables.sessions, analytics }));
}

export function load(project: DbtProjectRun, raw: PersonRows, csv?: SeedCsv): void {
  project.writeSeeds(raw, csv);
  project.loadSeeds();
}

/** The real package's tables equal the TypeScript statement of its rules (so the oracle's input is the package's). */
export function assertPackageRules(project: DbtProjectRun, raw: PersonRows): void {
  if (project.mode !== 'package') return;
  const ours = packageModels(raw.pages, project.target);
  const sort = <T>(rows: T[]) => [...rows].sort((a, b) => (String(Object.values(a as object)[0]) < String(Object.values(b as object)[0]) ? -1 : 1));
  const real = project.readPackage();
  assert.deepStrictEqual(real.pageViews, sort(ours.pageViews), 'segment_web_page_views as the package built it');
  assert.deepStrictEqual(real.sessions, sort(ours.sessions), 'segment_web_sessions as the package built it');
}

/** The attribution weights: doubles summed and divided in a different order by the database, equal within 1e-12. */
const WEIGHTS = ['first_touch', 'last_touch', 'linear', 'position_based', 'time_decay'];

/** Every row of every model equals the oracle's (the attribution weights within 1e-12, then as the oracle's). */
export function assertWarehouse(actual: Warehouse, wanted: Warehouse, what: string): void {
  for (const table of ['users', 'events', 'sessions', 'metrics', 'retention', 'funnels', 'attribution'] as const) {
    assert.strictEqual(actual[table].length, wanted[table].length, `${what}: ${table} row count`);
    const rows = table !== 'attribution' ? actual[table] : actual.attribution.map((row, i) => {
      const oracleRow = wanted.attribution[i] as unknown as Record<string, number>;
      const close = Object.fromEntries(WEIGHTS.map((w) => {
        const value = (row as unknown as Record<string, number>)[w];
        return [w, Math.abs(value - oracleRow[w]) <= 1e-12 ? oracleRow[w] : value];
      }));
      return { ...row, ...close };
    });
    assert.deepStrictEqual(rows, wanted[table], `${what}: ${table} rows`);
  }
}

/**
 * Rows received up to `cutoff` (the first load), and everything plus a loader retry that delivers every 15th
 * first-load page and track again after the cutoff (the second load).
 */
export function split(raw: PersonRows, share = 0.7): { first: PersonRows; all: PersonRows; cutoff: number } {
  const times = [...raw.pages, ...raw.tracks, ...raw.identifies].map((r) => r.received_at).sort((a, b) => a - b);
  const cutoff = times[Math.floor(times.length * share)];
  const upTo = <T extends { received_at: number }>(rows: T[]) => rows.filter((r) => r.received_at <= cutoff);
  const retry = <T extends { received_at: number }>(rows: T[]) =>
    upTo(rows).filter((_, i) => i % 15 === 0).map((r, i) => ({ ...r, received_at: cutoff + (i + 1) * 1000 }));
  return {
    first: { pages: upTo(raw.pages), tracks: upTo(raw.tracks), identifies: upTo(raw.identifies) },
    all: { pages: [...raw.pages, ...retry(raw.pages)], tracks: [...raw.tracks, ...retry(raw.tracks)], identifies: raw.identifies },
    cutoff,
  };
}

/** Late rows (event time before the cutoff) and duplicate deliveries in the second load: the cases to prove. */
export function secondLoadStats(raw: PersonRows, cutoff: number): { late: number; duplicates: number } {
  const rows = [...raw.pages, ...raw.tracks];
  const firstIds = new Set(rows.filter((r) => r.received_at <= cutoff).map((r) => r.id));
  const second = rows.filter((r) => r.received_at > cutoff);
  return { late: second.filter((r) => r.timestamp <= cutoff).length, duplicates: second.filter((r) => firstIds.has(r.id)).length };
}

export function fullScenario(project: () => DbtProjectRun, seed: number): void {
  const raw = data(seed);
  load(project(), raw);
  project().build('--full-refresh');
  assertPackageRules(project(), raw);
  assertWarehouse(project().read(), expected(project(), raw), `seed ${seed}`);
}

/**
 * A device two people share: Alice browses on it and on her phone before the cutoff; after it, Bob signs in on the
 * shared device. The device's key moves to Bob, and Alice — still a user, through her phone — loses its events:
 * an incremental run must recompute a user none of the new rows belong to. And a lone visitor, the only user first
 * seen on a day weeks before everybody else, signs in as Carol after the cutoff, who was first seen days earlier:
 * the visitor's cohort is left without users and must go, while the daily metrics of those old days change.
 */
export function withSharedDevice(first: PersonRows, all: PersonRows, cutoff: number): { first: PersonRows; all: PersonRows } {
  const hour = 3_600_000;
  const page = (id: string, anonymous: string, user: string | null, ts: number, agent: string): PageRow => ({
    id, anonymous_id: anonymous, user_id: user, timestamp: ts, received_at: ts + 1000, url: 'https://shop.example/', path: '/', title: null,
    referrer: null, context_user_agent: agent, sent_at: ts, search: null, context_ip: null, context_campaign_source: null,
    context_campaign_medium: null, context_campaign_name: null, context_campaign_term: null, context_campaign_content: null,
    session_start: ts,
  });
  const ipad = 'Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
  const iphone = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148';
  // Older than the lookback (3 days): only the key's move, not the window, can bring Alice into the second run.
  const before = [
    page('shared-alice-1', 'shared-device', 'user-alice', cutoff - 120 * hour, ipad), page('alice-phone-1', 'alice-phone', 'user-alice', cutoff - 119 * hour, iphone),
    page('carol-laptop-1', 'carol-laptop', 'user-carol', Date.UTC(2024, 1, 10, 12), iphone), page('lone-1', 'lone-device', null, Date.UTC(2024, 1, 15, 12), ipad),
  ];
  const after = [page('shared-bob-1', 'shared-device', 'user-bob', cutoff + hour, ipad), page('lone-2', 'lone-device', 'user-carol', cutoff + 2 * hour, ipad)];
  return { first: { ...first, pages: [...first.pages, ...before] }, all: { ...all, pages: [...all.pages, ...before, ...after] } };
}

export function incrementalScenario(project: () => DbtProjectRun, seed: number): void {
  const loads = split(data(seed));
  const { first, all: raw } = withSharedDevice(loads.first, loads.all, loads.cutoff);
  const cutoff = loads.cutoff;
  const stats = secondLoadStats(raw, cutoff);
  assert.ok(stats.late > 0 && stats.duplicates > 0, `seed ${seed} must bring late (${stats.late}) and duplicate (${stats.duplicates}) rows`);
  load(project(), first);
  project().build('--full-refresh');
  assertPackageRules(project(), first);
  assertWarehouse(project().read(), expected(project(), first), `seed ${seed}, first load`);
  load(project(), raw);
  project().build();
  // The daily metrics and retention are tables, rebuilt every run (README, "The analytics models").
  for (const model of ['wh_product_sessions_fact', 'wh_product_events_fact', 'wh_product_users_dim', 'wh_product_funnels_xa', 'wh_product_attributions_xa']) {
    // Evidence that the second build took the incremental path: a delete of the affected keys, not a create.
    const sql = project().executedSql(model).toLowerCase();
    // Spark: one MERGE that deletes the batch's keys' rows and inserts the batch (product_warehouse_spark.sql).
    const replaced = project().target === 'spark' ? sql.includes('merge into') && sql.includes('when matched then delete') : sql.includes('delete from');
    assert.ok(replaced && !/create (or replace )?table/.test(sql), `${model} ran incrementally:\n${sql.slice(0, 300)}`);
  }
  if (project().mode === 'self-contained') {
    // The second run loaded exactly the rows that arrived after the first (the loader's retries included: a
    // redelivery is a row of its own), and rewrote none of the rows it already held.
    const held = (rows: PersonRows) => deliveries({ mode: 'self-contained', raw: rows, timeoutS: TIMEOUT_S, cdp: project().cdp }).length;
    assert.deepStrictEqual(project().loadsPerRun(), [held(first), held(raw) - held(first)], `seed ${seed}: rows loaded per run`);
  }
  const incremental = project().read();
  // Package mode: the package's incremental run keeps its own trailing window (late page views stay unsessionized
  // until it is full-refreshed); our models are exact on top of the package's tables as they now stand.
  const packageNow = project().mode === 'package' ? project().readPackage() : undefined;
  assertWarehouse(incremental, expected(project(), raw, packageNow), `seed ${seed}, incremental`);
  project().build('--full-refresh');
  assertPackageRules(project(), raw);
  const full = project().read();
  assertWarehouse(full, expected(project(), raw), `seed ${seed}, full refresh`);
  if (project().mode === 'self-contained') assertWarehouse(full, incremental, `seed ${seed}, full refresh equals incremental`);
}
