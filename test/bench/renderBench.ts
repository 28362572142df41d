/**
 * SQL preview latency: render + format of the largest template (the sessions fact, incremental) as a user edits it.
 * Three layers, each over 200 edits: the pure renderer with the project's inputs in hand, the language service
 * (re-reads macros, sources and the profile from disk each time), and the LSP round trip (didChange + render request
 * to the real server over stdio). Baseline: sql-formatter alone on the same SQL, in the same process.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { format } from 'sql-formatter';
import { renderModel } from '../../server/src/core/render/renderModel';
import { renderProjectOf } from '../../server/src/core/render/projectInputs';
import { readTarget } from '../../server/src/core/render/profileTarget';
import { getLanguageService } from '../../server/src/core/service';
import { silentLogger } from '../../server/src/core/types';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import { ms, percentile, row } from './stats';

const RUNS = 200;

export async function renderBench(lines: string[]): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-render-bench-'));
  try {
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    cpSync(path.join(REPO, 'templates/segment'), dir, { recursive: true });
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
    const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [], env });
    await service.addFolder(dir);
    const project = service.workspace.all()[0];
    const inputs = await renderProjectOf({ fs: nodeFileSystem, logger: silentLogger }, project, project.parsedConfig);
    const target = readTarget(readFileSync(path.join(dir, 'profiles.yml'), 'utf8'), 'product_warehouse_demo', 'duckdb', env);
    const request = (i: number) => ({ modelPath: file, folderParts: ['warehouse', 'w_product'], text: edited(i), adapter: 'duckdb' as const, incremental: true, target, env });

    const first = performance.now();
    const sample = renderModel(inputs, request(-1));
    const firstMs = performance.now() - first;
    for (let i = 0; i < 20; i++) renderModel(inputs, request(i));
    const core = timeEach(RUNS, (i) => renderModel(inputs, request(i)));
    const formatter = timeEach(RUNS, (i) => format(`${sample.raw}\n-- ${i}`, { language: 'duckdb', keywordCase: 'preserve', tabWidth: 4 }));
    const viaService = await timeEachAsync(RUNS, (i) => service.render(file, { incremental: true, text: edited(i) }));

    const client = await LspClient.start(dir, { pull: true });
    try {
      await client.open(file, text);
      for (let i = 0; i < 20; i++) await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), incremental: true });
      const lsp = await timeEachAsync(RUNS, async (i) => {
        await client.change(file, edited(i));
        const outcome = (await client.connection.sendRequest('productWarehouse/render', { uri: client.uri(file), incremental: true })) as { ok: boolean };
        if (!outcome.ok) throw new Error('render failed in the bench');
      });
      lines.push('');
      lines.push(`SQL preview: wh_product_sessions_fact (incremental, DuckDB), ${lines0.length} template lines -> ${sample.sql.split('\n').length} formatted lines, ${RUNS} edits each (a comment into one of ${sites.length} selects in turn).`);
      lines.push(row('first render (compiles the macros)', ms(firstMs)));
      lines.push(row('render + format, pure core p50 / p95', `${ms(percentile(core, 50))} / ${ms(percentile(core, 95))}`, 'target p95 <= 20 ms'));
      lines.push(row('  baseline: sql-formatter on the whole SQL p50 / p95', `${ms(percentile(formatter, 50))} / ${ms(percentile(formatter, 95))}`, `ratio core/whole-format p95 ${(percentile(core, 95) / percentile(formatter, 95)).toFixed(2)}`));
      lines.push(row('language service (inputs from disk) p50 / p95', `${ms(percentile(viaService, 50))} / ${ms(percentile(viaService, 95))}`));
      lines.push(row('LSP didChange + render request p50 / p95', `${ms(percentile(lsp, 50))} / ${ms(percentile(lsp, 95))}`, 'what the panel waits for'));
    } finally {
      await client.stop();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
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
