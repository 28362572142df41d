/**
 * `npm run bench:warehouse`: the models on DuckDB with 10M generated events (BENCH_EVENTS to change it). Times a
 * full-refresh `dbt run`, then an incremental one after 1% more events arrive, and prints both and their ratio.
 */
import { spawnSync } from 'child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { addTemplates, REPO } from '../../examples/demo/project';
import { writeDataSet, EVENTS_PER_PERSON } from '../../examples/generator/cli';

const DBT = path.join(REPO, '.venv/bin/dbt');
const PYTHON = path.join(REPO, '.venv/bin/python');

/** Per-model seconds of the last dbt run, slowest first. */
function modelTimes(project: string): string {
  const results = JSON.parse(readFileSync(path.join(project, 'target/run_results.json'), 'utf8')) as { results: { unique_id: string; execution_time: number }[] };
  return results.results
    .sort((a, b) => b.execution_time - a.execution_time)
    .map((r) => `${r.unique_id.split('.').pop()} ${r.execution_time.toFixed(1)} s`)
    .join(', ');
}

function run(exe: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): number {
  const t0 = performance.now();
  const r = spawnSync(exe, args, { cwd, env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) throw new Error(`${path.basename(exe)} ${args.join(' ')} failed:\n${(r.stdout + r.stderr).split('\n').slice(-30).join('\n')}`);
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const events = Number(process.env.BENCH_EVENTS ?? 10_000_000);
  const work = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-wh-'));
  try {
    const project = path.join(work, 'shop');
    cpSync(path.join(REPO, 'examples/shop'), project, { recursive: true });
    for (const f of readdirSync(path.join(project, 'seeds'))) rmSync(path.join(project, 'seeds', f));
    addTemplates(project);
    const env = { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1', PW_DUCKDB_PATH: path.join(project, 'warehouse.duckdb') };
    const dbt = (...args: string[]) => run(DBT, [...args, '--profiles-dir', project, '--project-dir', project], project, env);

    const people = Math.ceil(events / EVENTS_PER_PERSON);
    let t0 = performance.now();
    const base = await writeDataSet({ out: path.join(work, 'base'), seed: 7, people, days: 28 });
    const baseRows = base.pages + base.tracks;
    process.stdout.write(`generated ${baseRows} events (${base.pages} page views, ${base.tracks} tracks) + ${base.identifies} identifies in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
    run(PYTHON, [path.join(REPO, 'test/bench/load_duckdb.py'), env.PW_DUCKDB_PATH, path.join(work, 'base'), 'replace'], work, env);

    const full = dbt('run', '--full-refresh');
    process.stdout.write(`full refresh (dbt run --full-refresh): ${(full / 1000).toFixed(1)} s\n  ${modelTimes(project)}\n`);

    // 1% more events: new visitors, loaded after everything else (their received_at is later).
    t0 = performance.now();
    const extra = await writeDataSet({ out: path.join(work, 'extra'), seed: 8, people: Math.ceil(people / 100), days: 28 });
    process.stdout.write(`generated ${extra.pages + extra.tracks} more events (${(((extra.pages + extra.tracks) / baseRows) * 100).toFixed(2)}%)\n`);
    run(PYTHON, [path.join(REPO, 'test/bench/shift_and_append.py'), env.PW_DUCKDB_PATH, path.join(work, 'extra')], work, env);
    const incremental = dbt('run');
    process.stdout.write(`incremental (dbt run):                ${(incremental / 1000).toFixed(1)} s\n  ${modelTimes(project)}\n`);
    process.stdout.write(`ratio incremental / full:             ${((incremental / full) * 100).toFixed(1)}%   (target <= 10%)\n`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  process.stderr.write(`bench:warehouse failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
