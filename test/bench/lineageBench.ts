/**
 * Lineage (issue 15) on the 20,000-model bench project, over stdio with the real server: the first request (it
 * reads every model file's refs), then 200 requests for models across the project, two levels each way; baseline:
 * an empty hover round trip in the same session. Then a neighbourhood of at least 1,000 nodes from the same project
 * is laid out and drawn by the webview's own script (client/out/lineage.js) in Chromium, as the panel does.
 */
import { readFileSync } from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { chromium } from 'playwright-core';
import type { LineageMessages, LineageRequest } from '../../server/src/protocol';
import type { LineageGraph } from '../../server/src/core/lineage/lineageTypes';
import { REPO } from '../helpers/fixtures';
import { lineageHtml } from '../../client/src/lineage/lineageHtml';
import { LspClient } from '../helpers/lspClient';
import { rssMb } from './lspBench';
import { ms, percentile, row } from './stats';
import { modelName } from './syntheticProject';

const RUNS = 200;

export async function lineageBench(lines: string[], dir: string): Promise<void> {
  const client = await LspClient.start(dir, { pull: false });
  let big: LineageGraph | undefined;
  try {
    const uri = (folder: number, i: number) => client.uri(path.join(dir, 'models', `area_${folder}`, `${modelName(folder, i)}.sql`));
    const ask = async (params: LineageRequest.Params): Promise<LineageGraph> => {
      const result = (await client.connection.sendRequest('productWarehouse/lineage', params)) as LineageRequest.Result;
      if (!result.ok) throw new Error(result.message);
      return result.graph;
    };
    const rssBefore = rssMb(client.process.pid!);
    const t0 = performance.now();
    const first = await ask({ uri: uri(25, 0), upstream: 2, downstream: 2 });
    const firstMs = performance.now() - t0;
    const times: number[] = [];
    let nodes = 0;
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      const graph = await ask({ uri: uri(1 + (i % 48), (i * 37) % 400), upstream: 2, downstream: 2 });
      times.push(performance.now() - t);
      nodes = Math.max(nodes, graph.nodes.length);
    }
    const hover: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t = performance.now();
      await client.hover(path.join(dir, 'dbt_project.yml'), 0, 0);
      hover.push(performance.now() - t);
    }
    // Downstream of one model of the first layer, level by level until the neighbourhood holds 1,000 nodes.
    for (let levels = 4; levels <= 49 && !big; levels++) {
      const graph = await ask({ uri: uri(0, 0), upstream: 0, downstream: levels });
      if (graph.nodes.length >= 1000) big = graph;
    }
    const rssAfter = rssMb(client.process.pid!);
    lines.push(row('lineage: first request (reads all refs)', ms(firstMs), `${first.nodes.length} nodes`));
    lines.push(row('lineage request p50 / p95 (200, 2 levels)', `${ms(percentile(times, 50))} / ${ms(percentile(times, 95))}`, `target p95 <= 20 ms (<= ${nodes} nodes)`));
    lines.push(row('  baseline: empty hover round trip p50', ms(percentile(hover, 50)), `lineage ${(percentile(times, 50) / percentile(hover, 50)).toFixed(1)}x`));
    lines.push(row('  server RSS before / after lineage', `${rssBefore.toFixed(1)} / ${rssAfter.toFixed(1)} MB`, 'the refs of 20,500 files held'));
  } finally {
    await client.stop();
  }
  if (!big) throw new Error('no neighbourhood of 1,000 nodes in the bench project');
  await drawBench(lines, big);
}

/** Layout + drawing of a graph by the webview script in Chromium (median of 5 after one warm-up), and of a 500-node one. */
export async function drawBench(lines: string[], graph: LineageGraph): Promise<void> {
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const script = readFileSync(path.join(REPO, 'client/out/lineage.js'), 'utf8');
    const css = readFileSync(path.join(REPO, 'media/lineage.css'), 'utf8');
    // The panel's page (client/src/lineage/lineageHtml.ts), with VS Code's API replaced by a recorder.
    // (CSP, stylesheet link and script tag taken out: the bench page inlines them).
    const html = lineageHtml({ nonce: 'bench', cspSource: '', scriptUri: '', styleUri: '' })
      .replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '')
      .replace(/<link rel="stylesheet"[^>]*>/, `<style>${css}</style>`)
      .replace(/<script[^>]*><\/script>/, '');
    await page.setContent(html);
    await page.evaluate(() => {
      const sent: unknown[] = [];
      const w = globalThis as unknown as { sent: unknown[]; acquireVsCodeApi: () => unknown };
      w.sent = sent;
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => sent.push(m), setState: () => undefined });
    });
    await page.addScriptTag({ content: script });
    const draw = async (g: LineageGraph): Promise<{ layoutMs: number; drawMs: number; engine: string; wall: number }> => {
      const state: LineageMessages.State = { view: 'lineage', status: 'ready', upstream: 0, downstream: 0, graph: g };
      return page.evaluate(async (s) => {
        // Runs in the page (browser globals, typed here by hand: the bench compiles without the DOM library).
        const w = globalThis as unknown as { sent: { type: string }[]; postMessage(m: unknown, origin: string): void; requestAnimationFrame(cb: () => void): void; performance: { now(): number } };
        const sent = w.sent;
        const before = sent.length;
        const t = w.performance.now();
        w.postMessage({ type: 'state', state: s }, '*');
        while (!sent.slice(before).some((m) => m.type === 'drawn')) await new Promise((r) => setTimeout(r, 1));
        // One frame more: the browser has laid out and painted the SVG.
        await new Promise((r) => w.requestAnimationFrame(() => r(undefined)));
        const drawn = sent.slice(before).find((m) => m.type === 'drawn') as unknown as { layoutMs: number; drawMs: number; engine: string };
        return { ...drawn, wall: w.performance.now() - t };
      }, state);
    };
    const measure = async (g: LineageGraph) => {
      await draw(g);
      const runs: { layoutMs: number; drawMs: number; engine: string; wall: number }[] = [];
      for (let i = 0; i < 5; i++) runs.push(await draw(g));
      const pick = (k: 'layoutMs' | 'drawMs' | 'wall') => percentile(runs.map((r) => r[k]), 50);
      return { layout: pick('layoutMs'), draw: pick('drawMs'), wall: pick('wall'), engine: runs[0].engine };
    };
    const full = await measure(graph);
    lines.push(row(`lineage drawing, ${graph.nodes.length} nodes / ${graph.edges.length} edges`, ms(full.wall), `target <= 500 ms (layout ${ms(full.layout)} ${full.engine}, SVG ${ms(full.draw)}, to paint)`));
    const keep = new Set(graph.nodes.slice(0, 500).map((n) => n.id));
    const half = { ...graph, nodes: graph.nodes.filter((n) => keep.has(n.id)), edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)) };
    const layered = await measure(half);
    lines.push(row(`  ${half.nodes.length} nodes / ${half.edges.length} edges`, ms(layered.wall), `layout ${ms(layered.layout)} ${layered.engine}, SVG ${ms(layered.draw)}`));
  } finally {
    await browser.close();
  }
}
