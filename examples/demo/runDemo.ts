/**
 * `npm run demo`: the product warehouse on the embedded default, DuckDB. Copies examples/shop to demo-out/shop,
 * adds the models, checks the configuration with our own CLI, runs `dbt seed` and `dbt build`, prints a summary.
 * `npm run demo -- --cdp <name>` does the same for another CDP: the example data (the same people and events) written
 * as that CDP's raw tables, its source declared, and the scaffold finding the CDP from it.
 */
import { spawn, spawnSync } from 'child_process';
import { existsSync, readFileSync, rmSync, cpSync, writeFileSync } from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { GENERATED_CDPS, GeneratedCdp } from '../generator/cdpShapes';
import { generate } from '../generator/segmentData';
import { cdpSpec } from '../../server/src/core/cdp/registry';
import { asCdpProject, REPO, writeCdpSeeds } from './project';
import { MODEL_CHOICES } from '../../server/src/core/scaffold/plan';

/** Where the demo's project goes (PW_DEMO_OUT: the tests' own folder, so a user's demo-out is left alone). */
const OUT = process.env.PW_DEMO_OUT ?? path.join(REPO, 'demo-out/shop');
const DBT = path.join(REPO, '.venv/bin/dbt');
const PYTHON = path.join(REPO, '.venv/bin/python');
const step = (text: string) => process.stdout.write(`\n== ${text}\n`);

function dbt(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(DBT, [...args, '--profiles-dir', OUT, '--project-dir', OUT], {
      cwd: OUT, env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1', PW_DUCKDB_PATH: path.join(OUT, 'warehouse.duckdb') },
    });
    let tail = '';
    const show = (chunk: Buffer) => {
      const text = chunk.toString();
      tail = (tail + text).slice(-4000);
      // Progress: one line per node finished, and dbt's closing summary.
      for (const line of text.split('\n')) if (/ of \d+ (OK|PASS|ERROR|FAIL|WARN)|Done\.|Completed/.test(line)) process.stdout.write(`   ${line.replace(/\x1b\[[0-9;]*m/g, '').replace(/^\d\d:\d\d:\d\d\s+/, '')}\n`);
    };
    child.stdout.on('data', show);
    child.stderr.on('data', show);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`dbt ${args.join(' ')} failed (exit ${code}):\n${tail}`))));
  });
}

/** The CDP asked for with `--cdp <name>`; Segment when none. */
function cdpArgument(args: string[]): GeneratedCdp {
  const at = args.indexOf('--cdp');
  if (at < 0) return 'segment';
  const value = args[at + 1];
  if (!(GENERATED_CDPS as readonly string[]).includes(value)) throw new Error(`--cdp takes one of ${GENERATED_CDPS.join(', ')}${value && !value.startsWith('--') ? `, not "${value}"` : ''}`);
  return value as GeneratedCdp;
}

async function main(): Promise<void> {
  const cdp = cdpArgument(process.argv.slice(2));
  if (!existsSync(DBT)) throw new Error(`dbt is missing at ${DBT}: run "npm run setup:dbt" (it needs Python 3.9+ with venv).`);
  step(`Fresh copy of examples/shop in ${path.relative(REPO, OUT)}`);
  rmSync(OUT, { recursive: true, force: true });
  cpSync(path.join(REPO, 'examples/shop'), OUT, { recursive: true });
  const spec = cdpSpec(cdp)!;
  if (cdp !== 'segment') {
    step(`The example data as ${spec.displayName}'s raw tables (source '${spec.sourceName}')`);
    const projectFile = path.join(OUT, 'dbt_project.yml');
    writeFileSync(projectFile, asCdpProject(OUT, readFileSync(projectFile, 'utf8'), cdp));
    // examples/shop's seeds are this generator output in Segment's shape; the same people and events, in the CDP's.
    writeCdpSeeds(OUT, cdp, generate({ seed: 42, people: 80, start: Date.UTC(2024, 2, 1), days: 14 }));
  }

  step('Scaffolding the product warehouse (dbt-product-warehouse scaffold)');
  // Every model, the analytics ones (opt-in for users) included: the summary shows a week of the daily metrics.
  const scaffold = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'scaffold', OUT, '--cdp', cdp, '--models', MODEL_CHOICES.join(',')], { encoding: 'utf8' });
  process.stdout.write(`   ${(scaffold.stdout + scaffold.stderr).trim().split('\n').filter((l) => !l.startsWith('  created')).join('\n   ')} (${(scaffold.stdout.match(/created/g) ?? []).length} files created)\n`);
  if (scaffold.status !== 0) throw new Error('scaffold failed (above)');

  step('Checking the configuration (dbt-product-warehouse check)');
  const check = spawnSync(process.execPath, [path.join(REPO, 'server/out/cli.js'), 'check', OUT], { encoding: 'utf8' });
  process.stdout.write(`   ${(check.stdout + check.stderr).trim().replace(/\n/g, '\n   ')}\n`);
  if (check.status !== 0) throw new Error('the example project has configuration errors (above)');

  step(`dbt seed (the ${spec.displayName} raw tables: ${spec.tableVars.map((v) => v.table).join(', ')})`);
  await dbt(['seed']);
  step('dbt build on DuckDB (models and their tests)');
  await dbt(['build', '--exclude-resource-type', 'seed']);

  step('Summary');
  // The project's first funnel, as dbt reads it (the order and window defaults of README, "Funnels").
  const vars = (parse(readFileSync(path.join(OUT, 'dbt_project.yml'), 'utf8')) as { vars: Record<string, { name: string; order?: string; 'window-seconds'?: number }[]> }).vars;
  const first = vars['product-warehouse-funnels'][0];
  const funnel = { name: first.name, order: first.order ?? 'this-order', windowS: first['window-seconds'] ?? 604800 };
  const summary = spawnSync(PYTHON, [path.join(REPO, 'examples/demo/summary.py'), path.join(OUT, 'warehouse.duckdb'), funnel.name], { encoding: 'utf8' });
  if (summary.status !== 0) throw new Error(`summary failed: ${summary.stderr}`);
  const s = JSON.parse(summary.stdout);
  const lines = [
    `users     ${s.users} (${s.identified} identified, ${s.users - s.identified} anonymous)`,
    `sessions  ${s.sessions} (average ${Math.round(s.avg_duration_s)} s)`,
    `events    ${s.events} (${s.pages} page views, ${s.tracks} tracks)`,
    'top events',
    ...s.top_events.map(([name, n]: [string, number]) => `  ${String(n).padStart(6)}  ${name}`),
    'sessions per user',
    ...s.sessions_per_user.map(([k, n]: [number, number]) => `  ${String(k).padStart(3)} session(s): ${n} user(s)`),
    'latest device of users',
    ...s.devices.map(([k, n]: [string, number]) => `  ${k.padEnd(8)} ${n}`),
    'daily metrics (wh_product_metrics_xa), the week up to the highest WAU',
    '  day           DAU   WAU   MAU   new',
    ...s.week.map(([day, dau, wau, mau, fresh]: [string, number, number, number, number]) => `  ${day}  ${[dau, wau, mau, fresh].map((n) => String(n).padStart(4)).join('  ')}`),
    `funnel "${funnel.name}" (wh_product_funnels_xa, ${funnel.order}, window ${funnel.windowS} s): users reaching each step`,
    ...s.funnel.map(([k, name, n]: [number, string, number]) => `  ${k}. ${name.padEnd(18)} ${String(n).padStart(4)}  ${percent(n, s.funnel[0][2])}`),
    s.cohort ? `retention of the largest cohort (wh_product_retention_xa): ${s.cohort[0]}, ${s.cohort[1]} users` : 'retention: no cohort',
    `  ${s.retention.map(([day, n]: [number, number]) => `day ${day}: ${percent(n, s.cohort[1])}`).join('  ')}`,
    `conversions by channel (wh_product_attributions_xa): ${s.conversions} conversions`,
    '  channel            first  linear    last',
    ...s.channels.map(([channel, first, linear, last]: [string, number, number, number]) => `  ${channel.padEnd(16)} ${[first, linear, last].map((n) => n.toFixed(2).padStart(6)).join('  ')}`),
  ];
  process.stdout.write(lines.map((l) => `   ${l}`).join('\n') + `\n\nThe warehouse is in ${path.relative(REPO, path.join(OUT, 'warehouse.duckdb'))}.\n`);
}

function percent(n: number, of: number): string {
  return `${of === 0 ? 0 : Math.round((100 * n) / of)}%`.padStart(4);
}

main().catch((e) => {
  process.stderr.write(`\ndemo failed: ${(e as Error).message}\n`);
  process.exitCode = 1;
});
