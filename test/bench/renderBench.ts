/**
 * SQL preview: the engine's start (first ever on a machine, then the first preview of a session from its memory
 * snapshot), and render + format of the largest template (the sessions fact, incremental) as a user edits it, through
 * the language service and over LSP (didChange + render request to the real server over stdio). Baseline:
 * sql-formatter alone on the same SQL, in the same process. Also the server's memory with the engine loaded and the
 * size of the .vsix.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { format } from 'sql-formatter';
import { getLanguageService } from '../../server/src/core/service';
import { PreviewEngine } from '../../server/src/engine/previewEngine';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { copyTemplates, REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import { ms, percentile, row } from './stats';
import { rssMb } from './lspBench';

const RUNS = 200;

function engineAt(snapshotDir: string): PreviewEngine {
  const out = path.join(REPO, 'server/out');
  return new PreviewEngine({ engineDir: path.join(out, 'engine'), workerScript: path.join(out, 'engineWorker.js'), snapshotDir });
}

export async function renderBench(lines: string[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-render-bench-'));
  const snapshots = mkdtempSync(path.join(os.tmpdir(), 'pw-engine-snapshot-'));
  try {
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    copyTemplates(dir);
    const file = path.join(dir, 'models/warehouse/w_product/wh_product_sessions_fact.sql');
    const text = readFileSync(file, 'utf8');
    // Each edit adds a comment after one of the template's `select`s in turn, so every CTE gets edited.
    const lines0 = text.split('\n');
    const sites = lines0.flatMap((line, n) => (/^\s*select\b/.test(line) ? [n] : []));
    const edited = (i: number) => {
      const copy = [...lines0];
      const n = sites[((i % sites.length) + sites.length) % sites.length];
      copy[n] = copy[n].replace(/select\b/, `select /* edit ${i} */`);
      return copy.join('\n');
    };
    const env = { PW_DUCKDB_PATH: 'bench.duckdb' };

    // The engine's start, measured as the panel sees it: from the render request to the SQL.
    const firstPreview = async (engine: PreviewEngine) => {
      const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [], env, engine });
      const t = performance.now();
      const outcome = await service.render(file, { incremental: true });
      if (!outcome.ok) throw new Error(`render failed in the bench: ${outcome.message}`);
      return { ms: performance.now() - t, service, sql: outcome.sql, raw: outcome.raw };
    };
    const coldEngine = engineAt(snapshots);
    const cold = await firstPreview(coldEngine);
    coldEngine.dispose();
    const engine = engineAt(snapshots);
    const warm = await firstPreview(engine);
    const { service } = warm;

    for (let i = 0; i < 20; i++) await service.render(file, { incremental: true, text: edited(i) });
    const viaService = await timeEachAsync(RUNS, async (i) => {
      const outcome = await service.render(file, { incremental: true, text: edited(i) });
      if (!outcome.ok) throw new Error('render failed in the bench');
    });
    const formatter = timeEach(RUNS, (i) => format(`${warm.raw}\n-- ${i}`, { language: 'duckdb', keywordCase: 'preserve', tabWidth: 4 }));
    engine.dispose();

    const client = await LspClient.start(dir, { pull: true });
    let lsp: number[];
    let serverRss: number;
    try {
      await client.open(file, text);
      for (let i = 0; i < 20; i++) await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), incremental: true });
      lsp = await timeEachAsync(RUNS, async (i) => {
        await client.change(file, edited(i));
        const outcome = (await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), incremental: true })) as { ok: boolean };
        if (!outcome.ok) throw new Error('render failed in the bench');
      });
      serverRss = rssMb(client.process.pid!);
    } finally {
      await client.stop();
    }

    lines.push('');
    lines.push(`SQL preview: wh_product_sessions_fact (incremental, DuckDB), ${lines0.length} template lines -> ${warm.sql.split('\n').length} formatted lines, ${RUNS} edits each (a comment into one of ${sites.length} selects in turn).`);
    lines.push(row('first preview, first ever on this machine', ms(cold.ms), 'engine start from the wheels + snapshot saved'));
    lines.push(row('first preview of a session', ms(warm.ms), 'target <= 3 s (engine start from its snapshot)'));
    lines.push(row('language service: render + format p50 / p95', `${ms(percentile(viaService, 50))} / ${ms(percentile(viaService, 95))}`, 'target p95 <= 20 ms'));
    lines.push(row('  baseline: sql-formatter on the whole SQL p50 / p95', `${ms(percentile(formatter, 50))} / ${ms(percentile(formatter, 95))}`, `ratio p95 ${(percentile(viaService, 95) / percentile(formatter, 95)).toFixed(2)}`));
    lines.push(row('LSP didChange + render request p50 / p95', `${ms(percentile(lsp, 50))} / ${ms(percentile(lsp, 95))}`, 'what the panel waits for'));
    lines.push(row('server RSS with the engine running', `${serverRss.toFixed(1)} MB`, 'the engine worker included'));
    const vsix = path.join(REPO, 'dbt-product-warehouse.vsix');
    if (process.env.BENCH_SKIP_VSIX !== '1') spawnSync('npx', ['vsce', 'package', '--no-dependencies', '--no-rewrite-relative-links', '--out', vsix], { cwd: REPO, encoding: 'utf8' });
    if (existsSync(vsix)) lines.push(row('.vsix size', `${(statSync(vsix).size / 1024 / 1024).toFixed(2)} MB`, 'target <= 12 MB'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(snapshots, { recursive: true, force: true });
  }
}

function timeEach(runs: number, f: (i: number) => unknown): number[] {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    f(i);
    times.push(performance.now() - t);
  }
  return times;
}

async function timeEachAsync(runs: number, f: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await f(i);
    times.push(performance.now() - t);
  }
  return times;
}
