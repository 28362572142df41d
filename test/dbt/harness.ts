/**
 * Real dbt on a temporary copy of examples/shop with the templates added: seeds from the generator, `dbt build`,
 * then the three models read back and normalised for comparison with the oracle.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { csvText, Table } from '../../examples/generator/csv';
import { GeneratedCdp } from '../../examples/generator/cdpShapes';
import { asCdpProject, writeCdpSeeds } from '../../examples/demo/project';
import { IdentifyRow, PageRow, PersonRows, TrackRow } from '../../examples/generator/segmentData';
import { CORPUS, REPO } from '../helpers/fixtures';
import { EventRow, SessionRow, UserRow, Warehouse } from './oracle';
import { MetricsRow } from './metricsOracle';
import { RetentionRow } from './retentionOracle';
import { FunnelRow } from './funnelsOracle';
import { AttributionRow } from './attributionOracle';
import { PackagePageView, PackageSession } from './segmentPackage';
import { PostgresServer } from './postgres';
import { SparkWorker } from './spark';
import { parse } from 'yaml';
import { MODEL_CHOICES } from '../../server/src/core/scaffold/plan';

/** The scaffold's every model: the analytics models are opt-in, and the oracle judges them too. */
const ALL_MODELS = MODEL_CHOICES.join(',');

/** The time zone dbt and the warehouses run in during the tests: one with daylight saving. */
export const TEST_TIME_ZONE = 'Europe/Berlin';

/** Writes one seed table's rows as CSV text. */
export type SeedCsv = (table: Table, rows: readonly (PageRow | TrackRow | IdentifyRow)[]) => string;

export const VENV = path.join(REPO, '.venv');
export const DBT = path.join(VENV, 'bin/dbt');
export const PYTHON = path.join(VENV, 'bin/python');

export function requireDbt(): void {
  if (!existsSync(DBT)) throw new Error(`dbt is not installed at ${DBT}: run "npm run setup:dbt" (creates .venv with dbt-core, dbt-duckdb, dbt-postgres).`);
}

export type Mode = 'self-contained' | 'package';
export type Target = 'duckdb' | 'postgres' | 'spark';


let projectCount = 0;

export class DbtProjectRun {
  readonly dir: string;
  readonly schema: string;

  readonly cdp: GeneratedCdp;
  /** product-warehouse-sessions: false when the project asks for inactivity sessions. */
  readonly native: boolean;

  constructor(readonly mode: Mode, readonly target: Target, private readonly server?: PostgresServer | SparkWorker, options: { cdp?: GeneratedCdp; sessions?: 'native' | 'inactivity'; scaffoldAdapter?: Target } = {}) {
    requireDbt();
    this.cdp = options.cdp ?? 'segment';
    this.native = options.sessions !== 'inactivity';
    this.dir = mkdtempSync(path.join(os.tmpdir(), `pw-dbt-${target}-${this.cdp}-${mode}-`));
    cpSync(path.join(REPO, 'examples/shop'), this.dir, { recursive: true });
    const projectFile = path.join(this.dir, 'dbt_project.yml');
    // Package mode is scaffolded into a project that has not chosen a mode yet: the scaffold writes what it needs.
    let text = readFileSync(projectFile, 'utf8');
    if (mode === 'package') text = text.replace(/\n  product-warehouse-mode: self-contained/, '');
    if (this.cdp !== 'segment') text = asCdpProject(this.dir, text, this.cdp);
    if (!this.native) text = text.replace('\nvars:\n', '\nvars:\n  product-warehouse-sessions: inactivity\n');
    writeFileSync(projectFile, text);
    // The models go in the way users get them: through the scaffold command.
    const scaffold = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'scaffold', this.dir, '--adapter', options.scaffoldAdapter ?? target, '--mode', mode, '--models', ALL_MODELS], { encoding: 'utf8' });
    if (scaffold.status !== 0) throw new Error(`scaffold failed: ${scaffold.stdout}${scaffold.stderr}`);
    if (mode === 'package') {
      // What `dbt deps` would install for the scaffolded packages.yml (it cannot reach dbt Hub here): the real
      // dbt-labs/segment package and the dbt_utils 1.x it requires, copied from the corpus.
      cpSync(path.join(CORPUS, 'dbt-labs+segment'), path.join(this.dir, 'dbt_packages/segment'), { recursive: true, filter: (src) => !src.includes('integration_tests') });
      cpSync(path.join(CORPUS, 'packages/dbt_utils@1.4.1'), path.join(this.dir, 'dbt_packages/dbt_utils'), { recursive: true, filter: (src) => !src.includes('integration_tests') });
    }
    this.schema = target === 'duckdb' ? 'main' : `pw_${mode.replace('-', '_')}_${process.pid}_${++projectCount}`;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'False',
      DO_NOT_TRACK: '1',
      PW_DUCKDB_PATH: path.join(this.dir, 'warehouse.duckdb'),
      // Not UTC: the models must not depend on the session's time zone (DuckDB takes the machine's, PostgreSQL PGTZ).
      TZ: TEST_TIME_ZONE,
      PGTZ: TEST_TIME_ZONE,
      PW_PG_SCHEMA: this.schema,
      PW_SPARK_SCHEMA: this.schema,
      ...(this.server ? this.server.env() : {}),
    };
  }

  /**
   * `dbt build` of everything but the seeds. The seeds stand in for Segment's raw tables and are loaded by
   * `load()`; rebuilding them inside a full-refresh build would drop them with CASCADE on PostgreSQL, taking the
   * staging views built moments before with them (dbt cannot know the sources are those seeds).
   */
  build(...args: string[]): string {
    return this.dbt('build', '--exclude-resource-type', 'seed', ...args);
  }

  /** Runs dbt in the project; throws with dbt's output when it fails. */
  dbt(...args: string[]): string {
    const all = [...args, '--profiles-dir', this.dir, '--project-dir', this.dir, '--target', this.target];
    const { status, output } = this.server instanceof SparkWorker ? this.sparkDbt(all) : (() => {
      const result = spawnSync(DBT, all, { cwd: this.dir, env: this.env(), encoding: 'utf8', timeout: 600_000 });
      return { status: result.status, output: `${result.stdout}${result.stderr}` };
    })();
    if (status !== 0) {
      // dbt ends with a summary of the failures: show it, not the list of skipped nodes before it.
      const lines = output.split('\n');
      const summary = lines.findIndex((l) => /Completed with|Encountered an error/.test(l));
      throw new Error(`dbt ${args.join(' ')} failed (exit ${status}) in ${this.dir}:\n${(summary >= 0 ? lines.slice(summary) : lines.slice(-40)).join('\n')}`);
    }
    return output;
  }

  /** dbt in the suite's Spark worker (one session for every command; spark.ts). */
  private sparkDbt(args: string[]): { status: number; output: string } {
    const response = (this.server as SparkWorker).request({ op: 'dbt', args, cwd: this.dir, env: this.env() });
    return { status: response.ok ? 0 : 1, output: response.output ?? '' };
  }

  /**
   * The seeds into the warehouse. On Spark the raw tables are loaded by pyspark from the same CSV files, with
   * their +column_types: dbt-spark's session seeds write an empty cell as the text 'None', not null. The segment
   * package's own seed (package mode) has no empty cells and goes through dbt.
   */
  loadSeeds(): void {
    if (!(this.server instanceof SparkWorker)) {
      this.dbt('seed', '--full-refresh');
      return;
    }
    const project = parse(readFileSync(path.join(this.dir, 'dbt_project.yml'), 'utf8')) as { seeds: Record<string, Record<string, { '+column_types': Record<string, string> }>> };
    const tables = Object.entries(project.seeds.shop_analytics).filter(([name]) => existsSync(path.join(this.dir, 'seeds', `${name}.csv`)))
      .map(([name, config]) => ({ name, csv: path.join(this.dir, 'seeds', `${name}.csv`), types: config['+column_types'] }));
    const response = this.server.request({ op: 'load', schema: this.schema, tables });
    if (!response.ok) throw new Error(`loading the raw tables into Spark failed:\n${response.output}`);
    if (this.mode === 'package') this.dbt('seed', '--full-refresh', '--select', 'package:segment');
  }

  writeSeeds(raw: PersonRows, csv: SeedCsv = csvText): void {
    const seeds = path.join(this.dir, 'seeds');
    mkdirSync(seeds, { recursive: true });
    if (this.cdp !== 'segment') {
      writeCdpSeeds(this.dir, this.cdp, raw);
      return;
    }
    writeFileSync(path.join(seeds, 'pages.csv'), csv('pages', raw.pages));
    writeFileSync(path.join(seeds, 'tracks.csv'), csv('tracks', raw.tracks));
    writeFileSync(path.join(seeds, 'identifies.csv'), csv('identifies', raw.identifies));
  }

  /** The time zone of dbt's own warehouse session (what `current_setting` says inside a dbt query). */
  sessionTimeZone(): string {
    const setting = this.target === 'duckdb' ? "current_setting('TimeZone')" : "current_setting('timezone')";
    const out = this.dbt('show', '--inline', `select ${setting} as tz`, '--output', 'json', '--log-format', 'json');
    for (const line of out.split('\n')) {
      const preview = (() => { try { return JSON.parse(line)?.data?.preview; } catch { return undefined; } })();
      if (typeof preview === 'string') return (JSON.parse(preview) as { tz: string }[])[0].tz;
    }
    throw new Error(`dbt show printed no preview:\n${out.slice(-2000)}`);
  }

  /** The package's two tables package mode reads, as the real package built them (times as epoch ms). */
  readPackage(): { pageViews: PackagePageView[]; sessions: PackageSession[] } {
    const json = this.dump(['segment_web_page_views', 'segment_web_sessions']);
    const pick = <T>(rows: Record<string, unknown>[], columns: (keyof T)[]): T[] =>
      rows.map((r) => Object.fromEntries(columns.map((c) => [c, PACKAGE_TIMES.has(String(c)) ? toMs(r[c as string]) : r[c as string]])) as T)
        .sort((a, b) => (String(Object.values(a as object)[0]) < String(Object.values(b as object)[0]) ? -1 : 1));
    return {
      pageViews: pick<PackagePageView>(json.segment_web_page_views, ['page_view_id', 'anonymous_id', 'user_id', 'tstamp', 'received_at_tstamp', 'page_url', 'device', 'device_category', ...CAMPAIGN_COLUMNS]),
      sessions: pick<PackageSession>(json.segment_web_sessions, ['session_id', 'anonymous_id', 'blended_user_id', 'session_start_tstamp', 'session_end_tstamp', 'device', 'device_category', ...CAMPAIGN_COLUMNS]),
    };
  }

  private dump(tables: string[]): Record<string, Record<string, unknown>[]> {
    if (this.server instanceof SparkWorker) {
      const response = this.server.request({ op: 'dump', schema: this.schema, tables });
      if (!response.ok) throw new Error(`reading ${tables.join(', ')} from Spark failed:\n${response.output}`);
      return response.tables!;
    }
    const args = this.target === 'duckdb'
      ? ['duckdb', path.join(this.dir, 'warehouse.duckdb'), this.schema, ...tables]
      : ['postgres', this.schema, ...tables];
    const result = spawnSync(PYTHON, [path.join(REPO, 'test/dbt/dump_tables.py'), ...args], { env: this.env(), encoding: 'utf8', maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`dump_tables.py failed: ${result.stderr}`);
    return JSON.parse(result.stdout) as Record<string, Record<string, unknown>[]>;
  }

  /**
   * The three models, normalised: times as epoch ms, rows sorted by primary key. The load stamps (`loaded_at`,
   * `max_loaded_at`: when a dbt run loaded the rows, not data the oracle can know) must be set on every row, and are
   * then left out.
   */
  read(): Warehouse {
    const json = this.dump(['wh_product_users_dim', 'wh_product_events_fact', 'wh_product_sessions_fact', 'wh_product_metrics_xa', 'wh_product_retention_xa', 'wh_product_funnels_xa', 'wh_product_attributions_xa']);
    const stamped = (table: string, column: string) =>
      json[table].map((row) => {
        const { [column]: stamp, ...rest } = row;
        if (typeof stamp !== 'string' || !/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d/.test(stamp)) throw new Error(`${table}.${column} is not a timestamp: ${JSON.stringify(stamp)}`);
        return rest;
      });
    return normalise({
      users: stamped('wh_product_users_dim', 'max_loaded_at') as unknown as UserRow[],
      events: stamped('wh_product_events_fact', 'loaded_at') as unknown as EventRow[],
      sessions: stamped('wh_product_sessions_fact', 'max_loaded_at') as unknown as SessionRow[],
      metrics: stamped('wh_product_metrics_xa', 'max_loaded_at') as unknown as MetricsRow[],
      retention: stamped('wh_product_retention_xa', 'max_loaded_at') as unknown as RetentionRow[],
      funnels: stamped('wh_product_funnels_xa', 'max_loaded_at') as unknown as FunnelRow[],
      attribution: stamped('wh_product_attributions_xa', 'max_loaded_at') as unknown as AttributionRow[],
    });
  }

  /** How many rows of the deliveries table each dbt run loaded, oldest run first. */
  loadsPerRun(): number[] {
    const rows = this.dump(['int_product_warehouse__deliveries']).int_product_warehouse__deliveries;
    const counts = new Map<string, number>();
    for (const row of rows) counts.set(String(row.loaded_at), (counts.get(String(row.loaded_at)) ?? 0) + 1);
    return [...counts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([, n]) => n);
  }

  /** The SQL dbt last executed for a model (target/run/...). */
  executedSql(model: string): string {
    return readFileSync(path.join(this.dir, 'target/run/shop_analytics/models/warehouse/w_product', `${model}.sql`), 'utf8');
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

const CAMPAIGN_COLUMNS = ['referrer', 'utm_source', 'utm_medium', 'utm_campaign'] as const;

const PACKAGE_TIMES = new Set(['tstamp', 'received_at_tstamp', 'session_start_tstamp', 'session_end_tstamp']);

const TIME_COLUMNS = new Set(['first_seen_ts', 'last_seen_ts', 'event_ts', 'received_at', 'starting_ts', 'ending_ts', 'max_received_at', 'reached_ts', 'attempt_start_ts', 'conversion_ts', 'touch_ts']);

function toMs(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const [date, time] = value.split(' ');
  const [whole, fraction = '0'] = time.split('.');
  return Date.parse(`${date}T${whole}Z`) + Math.round(Number(`0.${fraction}`) * 1000);
}

/**
 * Times to epoch ms, rows sorted by their primary key: the leading columns that make it (retention: cohort and day;
 * funnels: funnel, user and step; attribution: conversion, user, name, time and touch).
 */
export function normalise(w: Warehouse): Warehouse {
  const fix = <T extends object>(rows: T[], keyColumns = 1): T[] =>
    rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, TIME_COLUMNS.has(k) ? toMs(v) : v])) as T)
      .sort((a, b) => {
        const ka = JSON.stringify(Object.values(a).slice(0, keyColumns));
        const kb = JSON.stringify(Object.values(b).slice(0, keyColumns));
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
  return {
    users: fix(w.users), events: fix(w.events), sessions: fix(w.sessions), metrics: fix(w.metrics), retention: fix(w.retention, 2),
    funnels: fix(w.funnels, 3), attribution: fix(w.attribution, 5),
  };
}
