/**
 * Language-server benchmark (issue 2): cold index, edit -> publishDiagnostics and completion latency over
 * stdio, server RSS, lineage (issue 15), and `dbt parse` on the same project when dbt is installed.
 */
import { spawnSync } from 'child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { getLanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import { ms, percentile, row } from './stats';
import { modelName, writeSyntheticProject } from './syntheticProject';
import { lineageBench } from './lineageBench';

function walkCount(dir: string): number {
  let n = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) n += e.isDirectory() ? walkCount(path.join(dir, e.name)) : 1;
  return n;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) / 1024;
}

export function findDbt(): string | undefined {
  const local = path.join(REPO, '.venv/bin/dbt');
  if (existsSync(local)) return local;
  const which = spawnSync('sh', ['-c', 'command -v dbt'], { encoding: 'utf8' });
  return which.status === 0 ? which.stdout.trim() : undefined;
}

export async function lspBench(lines: string[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-bench-'));
  try {
    const { modelNames } = writeSyntheticProject(dir, { models: 20_000, folders: 50, packages: 50, modelsPerPackage: 10 });
    lines.push(`Synthetic project: 20,000 models in 50 folders + 50 installed packages (${modelNames.length} model names).`);

    // Baseline in the same process: a bare recursive readdir of the same tree.
    const b0 = performance.now();
    const files = walkCount(dir);
    const baseline = performance.now() - b0;
    const coldRuns: number[] = [];
    let indexed = 0;
    for (let i = 0; i < 3; i++) {
      const service = getLanguageService({ fs: nodeFileSystem });
      const t0 = performance.now();
      await service.addFolder(dir);
      coldRuns.push(performance.now() - t0);
      const project = service.workspace.all()[0];
      indexed = [...project.allNodes()].length;
    }
    lines.push(row('cold index (median of 3)', ms(percentile(coldRuns, 50)), 'target <= 500 ms'));
    lines.push(row('  baseline: bare recursive readdir', `${ms(baseline)} (${files} files)`, `ratio ${(percentile(coldRuns, 50) / baseline).toFixed(1)}x`));

    const client = await LspClient.start(dir, { pull: false });
    const file = path.join(dir, 'dbt_project.yml');
    const base = readFileSync(file, 'utf8');
    await client.open(file);
    await client.pushedDiagnostics(file, 1, 60_000);
    const rssIndexed = rssMb(client.process.pid!);
    const valid: number[] = [];
    const invalid: number[] = [];
    const events = `cdp-events-model: ${modelName(0, 0)}`;
    for (let i = 0; i < 200; i++) {
      // Alternate valid and mistyped names: the lookup path and the did-you-mean path are both timed.
      const typo = i % 2 === 1;
      const name = modelName(i % 50, i) + (typo ? 'x' : '');
      const text = base.replace(events, `cdp-events-model: ${name}`);
      const t0 = performance.now();
      const version = await client.change(file, text);
      const found = await client.pushedDiagnostics(file, version);
      (typo ? invalid : valid).push(performance.now() - t0);
      if (found.length !== (typo ? 1 : 0)) throw new Error(`unexpected diagnostics for ${name}: ${JSON.stringify(found)}`);
    }
    const diag = [...valid, ...invalid];
    const roundTrip: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t0 = performance.now();
      await client.hover(file, 0, 0);
      roundTrip.push(performance.now() - t0);
    }
    const completion: number[] = [];
    let items = 0;
    const line = base.split('\n').findIndex((l) => l.startsWith('  cdp-events-model:'));
    const prefixes = ['', 'stg', 'fct_sales__ord', 'pkg_3', 'segment'];
    for (let i = 0; i < 200; i++) {
      const prefix = prefixes[i % prefixes.length];
      const version = await client.change(file, base.replace(events, `cdp-events-model: ${prefix}`));
      await client.pushedDiagnostics(file, version);
      const t0 = performance.now();
      const list = await client.completion(file, line, '  cdp-events-model: '.length + prefix.length);
      completion.push(performance.now() - t0);
      items = Math.max(items, list.items.length);
    }
    const rss = rssMb(client.process.pid!);
    await client.stop();
    const rtt = percentile(roundTrip, 50);
    lines.push(row('edit -> publishDiagnostics p50 / p95 (all 200)', `${ms(percentile(diag, 50))} / ${ms(percentile(diag, 95))}`, 'target p95 <= 5 ms'));
    lines.push(row('  valid names p50 / p95', `${ms(percentile(valid, 50))} / ${ms(percentile(valid, 95))}`));
    lines.push(row('  mistyped names (did-you-mean) p50 / p95', `${ms(percentile(invalid, 50))} / ${ms(percentile(invalid, 95))}`));
    lines.push(row('completion p50 / p95', `${ms(percentile(completion, 50))} / ${ms(percentile(completion, 95))}`, `target p95 <= 5 ms (<= ${items} items)`));
    lines.push(row('  baseline: empty hover round trip p50', ms(rtt), `diag ${(percentile(diag, 50) / rtt).toFixed(1)}x, completion ${(percentile(completion, 50) / rtt).toFixed(1)}x`));
    lines.push(row('server RSS after the runs', `${rss.toFixed(1)} MB`, `target <= 80 MB (${rssIndexed.toFixed(1)} MB right after indexing)`));

    await lineageBench(lines, dir);

    const dbt = process.env.BENCH_SKIP_DBT === '1' ? undefined : findDbt();
    if (!dbt) {
      lines.push('dbt parse: skipped (no dbt found: run `npm run setup:dbt` to compare).');
      return;
    }
    const t0 = performance.now();
    const parse = spawnSync(dbt, ['parse', '--profiles-dir', dir, '--project-dir', dir, '--no-partial-parse'], { cwd: dir, encoding: 'utf8', timeout: 600_000 });
    const dbtMs = performance.now() - t0;
    if (parse.status !== 0) {
      lines.push(`dbt parse failed (exit ${parse.status}): ${(parse.stdout + parse.stderr).split('\n').slice(-5).join(' ')}`);
      return;
    }
    const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, { resource_type: string; name: string }> };
    const dbtNames = new Set(Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').map((n) => n.name));
    const ours = new Set(modelNames);
    const same = dbtNames.size === ours.size && [...ours].every((n) => dbtNames.has(n)) && indexed === ours.size;
    lines.push(row('dbt parse (same project, no partial parse)', ms(dbtMs), `ratio ${(dbtMs / percentile(coldRuns, 50)).toFixed(0)}x slower than our cold index (target >= 50x)`));
    lines.push(row('same set of model names as dbt', same ? 'yes' : 'NO', `ours ${indexed}, dbt ${dbtNames.size}`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
