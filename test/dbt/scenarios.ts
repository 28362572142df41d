/** The oracle scenarios, shared by the DuckDB and PostgreSQL suites. */
import * as assert from 'assert';
import { generate, GeneratorOptions, PersonRows } from '../../examples/generator/segmentData';
import { DbtProjectRun, Mode, normalise } from './harness';
import { oracle, Warehouse } from './oracle';
import { packageModels } from './segmentPackageFixture';

export const TIMEOUT_S = 1800;

export function data(seed: number, people = 60): PersonRows {
  const options: GeneratorOptions = { seed, people, start: Date.UTC(2024, 2, 1), days: 14 };
  return generate(options);
}

export function expected(mode: Mode, raw: PersonRows): Warehouse {
  if (mode === 'self-contained') return normalise(oracle({ mode, raw, timeoutS: TIMEOUT_S }));
  const fixture = packageModels(raw.pages);
  return normalise(oracle({ mode, raw, timeoutS: TIMEOUT_S, pageViews: fixture.pageViews, packageSessions: fixture.sessions }));
}

export function load(project: DbtProjectRun, raw: PersonRows): void {
  project.writeSeeds(raw, project.mode === 'package' ? packageModels(raw.pages) : undefined);
  project.dbt('seed', '--full-refresh');
}

/** Every row of every model equals the oracle's. */
export function assertWarehouse(actual: Warehouse, wanted: Warehouse, what: string): void {
  for (const table of ['users', 'events', 'sessions'] as const) {
    assert.strictEqual(actual[table].length, wanted[table].length, `${what}: ${table} row count`);
    assert.deepStrictEqual(actual[table], wanted[table], `${what}: ${table} rows`);
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
  assertWarehouse(project().read(), expected(project().mode, raw), `seed ${seed}`);
}

export function incrementalScenario(project: () => DbtProjectRun, seed: number): void {
  const { first, all: raw, cutoff } = split(data(seed));
  const stats = secondLoadStats(raw, cutoff);
  assert.ok(stats.late > 0 && stats.duplicates > 0, `seed ${seed} must bring late (${stats.late}) and duplicate (${stats.duplicates}) rows`);
  load(project(), first);
  project().build('--full-refresh');
  assertWarehouse(project().read(), expected(project().mode, first), `seed ${seed}, first load`);
  load(project(), raw);
  project().build();
  for (const model of ['wh_product_sessions_fact', 'wh_product_events_fact']) {
    // Evidence that the second build took the incremental path: a delete of the affected keys, not a create.
    const sql = project().executedSql(model).toLowerCase();
    assert.ok(sql.includes('delete from') && !sql.includes('create table'), `${model} ran incrementally:\n${sql.slice(0, 300)}`);
  }
  const incremental = project().read();
  assertWarehouse(incremental, expected(project().mode, raw), `seed ${seed}, incremental`);
  project().build('--full-refresh');
  assertWarehouse(project().read(), incremental, `seed ${seed}, full refresh equals incremental`);
}
