/**
 * Real dbt on a temporary copy of examples/shop with the templates added: seeds from the generator, `dbt build`,
 * then the three models read back and normalised for comparison with the oracle.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { csvText } from '../../examples/generator/csv';
import { formatTimestamp, PersonRows } from '../../examples/generator/segmentData';
import { REPO } from '../helpers/fixtures';
import { EventRow, SessionRow, UserRow, Warehouse } from './oracle';
import { PackagePageView, PackageSession } from './segmentPackageFixture';
import { PostgresServer } from './postgres';

export const VENV = path.join(REPO, '.venv');
export const DBT = path.join(VENV, 'bin/dbt');
const PYTHON = path.join(VENV, 'bin/python');

export function requireDbt(): void {
  if (!existsSync(DBT)) throw new Error(`dbt is not installed at ${DBT}: run "npm run setup:dbt" (creates .venv with dbt-core, dbt-duckdb, dbt-postgres).`);
}

export type Mode = 'self-contained' | 'package';
export type Target = 'duckdb' | 'postgres';

const PACKAGE_SEEDS = `    segment_web_page_views:
      +column_types: {page_view_id: varchar, anonymous_id: varchar, user_id: varchar, tstamp: timestamp, received_at_tstamp: timestamp, page_url: varchar, device: varchar, device_category: varchar}
    segment_web_sessions:
      +column_types: {session_id: varchar, anonymous_id: varchar, blended_user_id: varchar, session_start_tstamp: timestamp, session_end_tstamp: timestamp, device: varchar, device_category: varchar}
`;


export class DbtProjectRun {
  readonly dir: string;
  readonly schema: string;

  constructor(readonly mode: Mode, readonly target: Target, private readonly pg?: PostgresServer) {
    requireDbt();
    this.dir = mkdtempSync(path.join(os.tmpdir(), `pw-dbt-${target}-${mode}-`));
    cpSync(path.join(REPO, 'examples/shop'), this.dir, { recursive: true });
    const projectFile = path.join(this.dir, 'dbt_project.yml');
    let text = readFileSync(projectFile, 'utf8').replace('product-warehouse-mode: self-contained', `product-warehouse-mode: ${mode}`);
    if (mode === 'package') text += PACKAGE_SEEDS;
    writeFileSync(projectFile, text);
    // The models go in the way users get them: through the scaffold command.
    const scaffold = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'scaffold', this.dir, '--adapter', target, '--mode', mode], { encoding: 'utf8' });
    if (scaffold.status !== 0) throw new Error(`scaffold failed: ${scaffold.stdout}${scaffold.stderr}`);
    // Package mode lists dbt-labs/segment in packages.yml; `dbt deps` cannot run here, and the package's two models
    // are seeds in these tests, so the requirement goes again.
    if (mode === 'package') rmSync(path.join(this.dir, 'packages.yml'));
    this.schema = target === 'duckdb' ? 'main' : `pw_${mode.replace('-', '_')}_${process.pid}`;
  }

  env(): NodeJS.ProcessEnv {
    return {
      ...process.env,
      DBT_SEND_ANONYMOUS_USAGE_STATS: 'False',
      DO_NOT_TRACK: '1',
      PW_DUCKDB_PATH: path.join(this.dir, 'warehouse.duckdb'),
      PW_PG_SCHEMA: this.schema,
      ...(this.pg ? this.pg.env() : {}),
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
    const result = spawnSync(DBT, [...args, '--profiles-dir', this.dir, '--project-dir', this.dir, '--target', this.target], {
      cwd: this.dir, env: this.env(), encoding: 'utf8', timeout: 600_000,
    });
    const output = `${result.stdout}${result.stderr}`;
    if (result.status !== 0) {
      // dbt ends with a summary of the failures: show it, not the list of skipped nodes before it.
      const lines = output.split('\n');
      const summary = lines.findIndex((l) => /Completed with|Encountered an error/.test(l));
      throw new Error(`dbt ${args.join(' ')} failed (exit ${result.status}) in ${this.dir}:\n${(summary >= 0 ? lines.slice(summary) : lines.slice(-40)).join('\n')}`);
    }
    return output;
  }

  writeSeeds(raw: PersonRows, fixture?: { pageViews: PackagePageView[]; sessions: PackageSession[] }): void {
    const seeds = path.join(this.dir, 'seeds');
    mkdirSync(seeds, { recursive: true });
    writeFileSync(path.join(seeds, 'pages.csv'), csvText('pages', raw.pages));
    writeFileSync(path.join(seeds, 'tracks.csv'), csvText('tracks', raw.tracks));
    writeFileSync(path.join(seeds, 'identifies.csv'), csvText('identifies', raw.identifies));
    if (fixture) {
      writeFileSync(path.join(seeds, 'segment_web_page_views.csv'), table(['page_view_id', 'anonymous_id', 'user_id', 'tstamp', 'received_at_tstamp', 'page_url', 'device', 'device_category'], fixture.pageViews));
      writeFileSync(path.join(seeds, 'segment_web_sessions.csv'), table(['session_id', 'anonymous_id', 'blended_user_id', 'session_start_tstamp', 'session_end_tstamp', 'device', 'device_category'], fixture.sessions));
    }
  }

  /** The three models, normalised: times as epoch ms, rows sorted by primary key. */
  read(): Warehouse {
    const tables = ['wh_product_users_dim', 'wh_product_events_fact', 'wh_product_sessions_fact'];
    const args = this.target === 'duckdb'
      ? ['duckdb', path.join(this.dir, 'warehouse.duckdb'), this.schema, ...tables]
      : ['postgres', this.schema, ...tables];
    const result = spawnSync(PYTHON, [path.join(REPO, 'test/dbt/dump_tables.py'), ...args], { env: this.env(), encoding: 'utf8', maxBuffer: 1 << 30 });
    if (result.status !== 0) throw new Error(`dump_tables.py failed: ${result.stderr}`);
    const json = JSON.parse(result.stdout) as Record<string, Record<string, unknown>[]>;
    return normalise({
      users: json.wh_product_users_dim as unknown as UserRow[],
      events: json.wh_product_events_fact as unknown as EventRow[],
      sessions: json.wh_product_sessions_fact as unknown as SessionRow[],
    });
  }

  /** The SQL dbt last executed for a model (target/run/...). */
  executedSql(model: string): string {
    return readFileSync(path.join(this.dir, 'target/run/shop_analytics/models/warehouse/w_product', `${model}.sql`), 'utf8');
  }

  cleanup(): void {
    rmSync(this.dir, { recursive: true, force: true });
  }
}

function table(columns: string[], rows: object[]): string {
  const cell = (v: unknown, c: string) => {
    if (v === null || v === undefined) return '';
    const text = c.endsWith('tstamp') ? formatTimestamp(v as number) : String(v);
    return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return columns.join(',') + '\n' + rows.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c], c)).join(',')).join('\n') + '\n';
}

const TIME_COLUMNS = new Set(['first_seen_ts', 'last_seen_ts', 'event_ts', 'received_at', 'starting_ts', 'ending_ts', 'max_received_at']);

function toMs(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const [date, time] = value.split(' ');
  const [whole, fraction = '0'] = time.split('.');
  return Date.parse(`${date}T${whole}Z`) + Math.round(Number(`0.${fraction}`) * 1000);
}

/** Times to epoch ms, rows sorted by their first column (the primary key). */
export function normalise(w: Warehouse): Warehouse {
  const fix = <T extends object>(rows: T[]): T[] =>
    rows
      .map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, TIME_COLUMNS.has(k) ? toMs(v) : v])) as T)
      .sort((a, b) => {
        const ka = String(Object.values(a)[0]);
        const kb = String(Object.values(b)[0]);
        return ka < kb ? -1 : ka > kb ? 1 : 0;
      });
  return { users: fix(w.users), events: fix(w.events), sessions: fix(w.sessions) };
}
