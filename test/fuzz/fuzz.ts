/**
 * `npm run fuzz -- [--documents N] [--seed S]`: mutated YAML, SQL and Jinja through the real server over stdio (the
 * bundled server, a real LSP client), with renders, completions, hovers, definitions, quick fixes, scaffolds and file
 * events, on a copy of the example project with dbt_utils installed. Prints documents, requests, crashes, hangs
 * (no answer in 10 s), requests over 1 s, p50/p99/max per request kind and the server's RSS. Slow and failing
 * inputs are saved to bench-out/fuzz/ to be replayed. Not part of `npm test`.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { copyTemplates, REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import { rssMb } from '../bench/lspBench';
import { percentile } from '../bench/stats';
import { mutate, random } from './mutate';

const HANG_MS = 10_000;
const SLOW_MS = 1_000;
const CORPUS = path.resolve(REPO, '../shared/corpus');
/** Files the run mutates on disk now and then (a macro, the sources, the profile), relative to the project. */
const DISK_FILES = ['macros/fuzz.sql', 'models/staging/sources.yml', 'profiles.yml'];

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
}

function filesUnder(dir: string, ext: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return name === 'integration_tests' ? [] : filesUnder(full, ext);
    return ext.test(name) ? [full] : [];
  });
}

interface Stats {
  times: Map<string, number[]>;
  /** Renders the engine stopped at its deadline (a runaway template): bounded by design, counted apart. */
  timeouts: number;
  /** Requests that waited for the engine to start (once per session, and after a stopped render). */
  engineStarts: number;
  slow: { kind: string; ms: number; file: string }[];
  hangs: number;
  crashes: number;
  errors: number;
}

async function main(): Promise<void> {
  const documents = arg('documents', 2000);
  const rnd = random(arg('seed', 1));
  const out = path.join(REPO, 'bench-out/fuzz');
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-fuzz-'));
  cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
  copyTemplates(dir);
  cpSync(path.join(CORPUS, 'packages/dbt_utils@1.4.1'), path.join(dir, 'dbt_packages/dbt_utils'), { recursive: true });
  writeFileSync(path.join(dir, 'packages.yml'), 'packages:\n  - package: dbt-labs/dbt_utils\n    version: [">=1.0.0", "<2.0.0"]\n');
  const project = path.join(dir, 'dbt_project.yml');
  const packages = path.join(dir, 'packages.yml');
  const model = path.join(dir, 'models/warehouse/w_product/wh_product_sessions_fact.sql');
  const yamlSeeds = [project, packages, path.join(dir, 'profiles.yml'), ...filesUnder(path.join(dir, 'models'), /\.yml$/), ...filesUnder(CORPUS, /^dbt_project\.yml$/)].map((f) => readFileSync(f, 'utf8'));
  const sqlSeeds = [...filesUnder(path.join(dir, 'models'), /\.sql$/), ...filesUnder(path.join(dir, 'macros'), /\.sql$/), ...filesUnder(path.join(CORPUS, 'dbt-labs+jaffle_shop'), /\.sql$/)].map((f) => readFileSync(f, 'utf8'));
  const stats: Stats = { times: new Map(), timeouts: 0, engineStarts: 0, slow: [], hangs: 0, crashes: 0, errors: 0 };
  let engineStarting = false;
  let client = await LspClient.start(dir, { pull: true });
  const watchEngine = (c: LspClient) => c.connection.onNotification('productWarehouse/engineState', (p: { state: string }) => {
    if (p.state === 'starting') engineStarting = true;
  });
  watchEngine(client);
  const rssStart = rssMb(client.process.pid!);
  let rssMax = rssStart;
  const opened = new Set<string>();
  let requests = 0;

  const timed = async (kind: string, text: string, send: () => Promise<unknown>): Promise<unknown> => {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const hang = new Promise<'hang'>((resolve) => (timer = setTimeout(() => resolve('hang'), HANG_MS)));
    requests++;
    try {
      const result = await Promise.race([send(), hang]);
      const ms = performance.now() - started;
      if (result === 'hang') {
        stats.hangs++;
        writeFileSync(path.join(out, `hang-${stats.hangs}-${kind.replace(/\W/g, '_')}.txt`), text);
        return undefined;
      }
      if ((result as { kind?: string } | undefined)?.kind === 'timeout') {
        stats.timeouts++;
        return result;
      }
      if (kind === 'render' && engineStarting) {
        engineStarting = false;
        stats.engineStarts++;
        return result;
      }
      (stats.times.get(kind) ?? stats.times.set(kind, []).get(kind)!).push(ms);
      if (ms > SLOW_MS) {
        const file = path.join(out, `slow-${stats.slow.length + 1}-${kind.replace(/\W/g, '_')}.txt`);
        writeFileSync(file, text);
        // The files the run changes on disk are part of the input: keep them beside it, so a replay has the same state.
        for (const changed of DISK_FILES) {
          const at = path.join(dir, changed);
          if (existsSync(at)) writeFileSync(`${file}.${changed.replace(/\//g, '_')}`, readFileSync(at));
        }
        stats.slow.push({ kind, ms, file });
      }
      return result;
    } catch (e) {
      stats.errors++;
      writeFileSync(path.join(out, `error-${stats.errors}-${kind.replace(/\W/g, '_')}.txt`), `${(e as Error).message}\n---\n${text}`);
      return undefined;
    } finally {
      clearTimeout(timer);
    }
  };

  const restartIfDead = async () => {
    if (client.process.exitCode === null && !client.process.killed) return;
    stats.crashes++;
    client = await LspClient.start(dir, { pull: true });
    watchEngine(client);
    opened.clear();
  };

  const started = Date.now();
  for (let i = 0; i < documents; i++) {
    await restartIfDead();
    const choice = rnd();
    const file = choice < 0.45 ? project : choice < 0.55 ? packages : model;
    const seeds = file === model ? sqlSeeds : yamlSeeds;
    const text = mutate(seeds[Math.floor(rnd() * seeds.length)], seeds, rnd);
    const uri = client.uri(file);
    if (!opened.has(file)) {
      await client.open(file, text);
      opened.add(file);
    } else await client.change(file, text);
    const offset = Math.floor(rnd() * (text.length + 1));
    const before = text.slice(0, offset);
    const position = { line: before.split('\n').length - 1, character: before.length - before.lastIndexOf('\n') - 1 };
    const at = { textDocument: { uri }, position };
    if (file === model) {
      await timed('render', text, () => client.connection.sendRequest('productWarehouse/render', { uri, adapter: ['duckdb', 'postgres', 'snowflake', 'bigquery', 'databricks'][Math.floor(rnd() * 5)], incremental: rnd() < 0.5 }));
      await timed('completion (sql)', text, () => client.connection.sendRequest('textDocument/completion', at));
      await timed('definition (sql)', text, () => client.connection.sendRequest('textDocument/definition', at));
      await timed('lineage', text, () => client.connection.sendRequest('productWarehouse/lineage', { uri, upstream: 3, downstream: 3 }));
    } else {
      const diagnostics = (await timed('diagnostics', text, () => client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } }))) as { items?: unknown[] } | undefined;
      await timed('completion', text, () => client.connection.sendRequest('textDocument/completion', at));
      await timed('hover', text, () => client.connection.sendRequest('textDocument/hover', at));
      await timed('definition', text, () => client.connection.sendRequest('textDocument/definition', at));
      await timed('codeAction', text, () => client.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: diagnostics?.items ?? [] } }));
    }
    if (i % 97 === 0) {
      // A file changed on disk: a macro, the sources, the profile.
      const target = path.join(dir, DISK_FILES[Math.floor(rnd() * DISK_FILES.length)]);
      const original = readFileSync(target, { encoding: 'utf8', flag: 'a+' });
      writeFileSync(target, mutate(original || 'x', target.endsWith('.sql') ? sqlSeeds : yamlSeeds, rnd));
      await timed('file event', '', () => client.watchedFilesChanged([{ file: target, type: 'changed' }]));
    }
    if (i % 211 === 0) {
      await timed('scaffold', text, () => client.executeCommand('productWarehouse.scaffold', [{ project: dir, models: rnd() < 0.5 ? ['users'] : ['sessions'], onConflict: 'skip' }]));
    }
    if (i % 100 === 0) rssMax = Math.max(rssMax, rssMb(client.process.pid!));
    if (i % 1000 === 999) process.stderr.write(`${i + 1} documents, ${requests} requests, ${((Date.now() - started) / 1000).toFixed(0)} s\n`);
  }
  await restartIfDead();
  const rssEnd = rssMb(client.process.pid!);
  await client.stop();
  rmSync(dir, { recursive: true, force: true });

  const lines = [`fuzz: ${documents} documents, ${requests} requests in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${arg('seed', 1)})`];
  lines.push(`crashes ${stats.crashes}, hangs (no answer in ${HANG_MS / 1000} s) ${stats.hangs}, request errors ${stats.errors}, requests over ${SLOW_MS} ms ${stats.slow.length}`);
  lines.push(`renders stopped at the engine's deadline (runaway templates, bounded) ${stats.timeouts}; renders that waited for the engine to start ${stats.engineStarts}`);
  for (const [kind, times] of [...stats.times.entries()].sort()) {
    lines.push(`  ${kind.padEnd(18)} n=${String(times.length).padEnd(7)} p50 ${percentile(times, 50).toFixed(1)} ms  p99 ${percentile(times, 99).toFixed(1)} ms  max ${Math.max(...times).toFixed(0)} ms`);
  }
  for (const s of stats.slow.sort((a, b) => b.ms - a.ms).slice(0, 10)) lines.push(`  slow: ${s.kind} ${s.ms.toFixed(0)} ms (${path.relative(REPO, s.file)})`);
  lines.push(`server RSS: ${rssStart.toFixed(0)} MB at start, ${rssMax.toFixed(0)} MB at most, ${rssEnd.toFixed(0)} MB at the end`);
  process.stdout.write(lines.join('\n') + '\n');
}

void main().catch((e) => {
  process.stderr.write(`fuzz failed: ${(e as Error).stack ?? e}\n`);
  process.exitCode = 1;
});
