/**
 * The lineage / ERD webview: draws the graph the server computed, laid out by the core's layout (dagre up to 500
 * nodes, columns beyond), as SVG. Nodes are focusable buttons with screen-reader labels; Enter, Space or a click asks
 * the extension to open the node's file. Loaded under a nonce; every text goes in with textContent.
 */
import type { LineageMessages } from '../../server/src/protocol';
import type { Erd, LineageGraph, LineageNode } from '../../server/src/core/lineage/lineageTypes';
import { layoutGraph } from '../../server/src/core/lineage/layout';
import { arrowMarker, curve, edgePath, svg, text, textWidth } from './draw';

declare function acquireVsCodeApi(): { postMessage(message: LineageMessages.FromWebview): void; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const NODE_HEIGHT = 28;
const ROW_HEIGHT = 20;
const PAD = 12;
const KIND_LABEL: Record<LineageNode['kind'], string> = { model: 'model', seed: 'seed', snapshot: 'snapshot', source: 'source', missing: 'missing ref' };

function send(message: LineageMessages.FromWebview): void {
  vscode.postMessage(message);
}

function font(): string {
  const style = getComputedStyle(document.body);
  return `${style.fontSize} ${style.fontFamily}`;
}

function where(node: LineageNode): string {
  if (node.depth === 0) return 'the model shown';
  const n = Math.abs(node.depth);
  return `${n} level${n === 1 ? '' : 's'} ${node.depth < 0 ? 'upstream' : 'downstream'}`;
}

function activate(el: SVGGElement, id: string): void {
  el.addEventListener('click', () => send({ type: 'open', id }));
  el.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      send({ type: 'open', id });
    }
  });
}

function drawLineage(graph: LineageGraph, host: SVGSVGElement): { engine: 'layered' | 'columns'; layoutMs: number } {
  const f = font();
  const label = (n: LineageNode) => (n.kind === 'missing' ? `${n.name} (missing)` : n.name);
  const started = performance.now();
  const layout = layoutGraph({
    nodes: graph.nodes.map((n) => ({ id: n.id, depth: n.depth, height: NODE_HEIGHT, width: Math.ceil(Math.min(360, textWidth(label(n), f) + 2 * PAD + 14)) })),
    edges: graph.edges,
  });
  const layoutMs = performance.now() - started;
  const cyclic = new Set(graph.cycles.flat());
  fit(host, layout.width, layout.height);
  host.append(arrowMarker());
  const edges = svg('g', {}, ['edges']);
  for (const e of layout.edges) {
    const classes = ['edge', ...(cyclic.has(e.from) && cyclic.has(e.to) ? ['edge-cycle'] : [])];
    edges.append(svg('path', { d: edgePath(e.points), 'marker-end': 'url(#arrow)' }, classes));
  }
  host.append(edges);
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  const nodes = svg('g', {}, ['nodes']);
  for (const placed of layout.nodes) {
    const node = byId.get(placed.id)!;
    const classes = ['node', `node-${node.kind}`, ...(node.id === graph.focus ? ['focus'] : []), ...(cyclic.has(node.id) ? ['cycle'] : [])];
    const g = svg('g', { transform: `translate(${placed.x},${placed.y})`, 'data-id': node.id, 'data-name': node.name, 'data-kind': node.kind }, classes);
    g.setAttribute('role', node.path ? 'button' : 'img');
    g.setAttribute('aria-label', `${KIND_LABEL[node.kind]} ${node.name}${node.packageName ? ` (${node.packageName})` : ''}, ${where(node)}${cyclic.has(node.id) ? ', in a cycle' : ''}`);
    if (node.path) {
      g.setAttribute('tabindex', '0');
      activate(g, node.id);
    }
    g.append(svg('rect', { width: placed.width, height: placed.height, rx: node.kind === 'source' ? 12 : 4 }, ['box']));
    g.append(svg('rect', { width: 6, height: placed.height, rx: 2 }, ['kind-bar']));
    g.append(text(PAD + 4, placed.height / 2 + 4, label(node), ['label']));
    const title = svg('title');
    title.textContent = `${KIND_LABEL[node.kind]} ${node.name}${node.packageName ? ` · ${node.packageName}` : ''}${node.path ? '' : ' · not in the project or its packages'}`;
    g.append(title);
    nodes.append(g);
  }
  host.append(nodes);
  return { engine: layout.engine, layoutMs };
}

function drawErd(erd: Erd, host: SVGSVGElement): { engine: 'layered' | 'columns'; layoutMs: number } {
  const f = font();
  const size = new Map(erd.entities.map((e) => {
    const widest = Math.max(textWidth(e.name, `bold ${f}`), ...e.columns.map((c) => textWidth(`${c.name}  ${c.dataType ?? ''}`, f) + 34));
    return [e.id, { width: Math.ceil(Math.min(420, widest + 2 * PAD)), height: NODE_HEIGHT + Math.max(1, e.columns.length) * ROW_HEIGHT + 6 }];
  }));
  const started = performance.now();
  // The referenced model (the users dimension) sits left of the models that reference it.
  const layout = layoutGraph({ nodes: erd.entities.map((e) => ({ id: e.id, depth: 0, ...size.get(e.id)! })), edges: erd.relations.map((r) => ({ from: r.to.entity, to: r.from.entity })) });
  const layoutMs = performance.now() - started;
  fit(host, layout.width, layout.height);
  const placed = new Map(layout.nodes.map((n) => [n.id, n]));
  const rowY = (entityId: string, column: string) => {
    const entity = erd.entities.find((e) => e.id === entityId)!;
    const i = Math.max(0, entity.columns.findIndex((c) => c.name === column));
    return placed.get(entityId)!.y + NODE_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2 + 3;
  };
  const links = svg('g', {}, ['relations']);
  for (const r of erd.relations) {
    const from = placed.get(r.from.entity)!;
    const to = placed.get(r.to.entity)!;
    const leftToRight = to.x + to.width <= from.x;
    const a = { x: leftToRight ? from.x : from.x + from.width, y: rowY(r.from.entity, r.from.column) };
    const b = { x: leftToRight ? to.x + to.width : to.x, y: rowY(r.to.entity, r.to.column) };
    const path = svg('path', { d: curve(a, b) }, ['relation']);
    const title = svg('title');
    title.textContent = `${r.from.column} → ${r.to.column}`;
    path.append(title);
    links.append(path, svg('circle', { cx: a.x, cy: a.y, r: 3 }, ['relation-end']));
  }
  const entities = svg('g', {}, ['entities']);
  for (const entity of erd.entities) {
    const box = placed.get(entity.id)!;
    const g = svg('g', { transform: `translate(${box.x},${box.y})`, 'data-id': entity.id, 'data-name': entity.name, tabindex: 0, role: 'button' }, ['entity']);
    const keys = entity.columns.filter((c) => c.key === 'primary').map((c) => c.name);
    g.setAttribute('aria-label', `model ${entity.name}, ${entity.columns.length} columns${keys.length ? `, key ${keys.join(', ')}` : ''}`);
    activate(g, entity.id);
    g.append(svg('rect', { width: box.width, height: box.height, rx: 4 }, ['box']));
    g.append(svg('rect', { width: box.width, height: NODE_HEIGHT, rx: 4 }, ['entity-header']));
    g.append(text(PAD, NODE_HEIGHT / 2 + 5, entity.name, ['entity-name']));
    entity.columns.forEach((c, i) => {
      const y = NODE_HEIGHT + i * ROW_HEIGHT + ROW_HEIGHT / 2 + 7;
      const badge = c.key === 'primary' ? 'PK' : c.key === 'alternate' ? 'UK' : c.references ? 'FK' : '';
      if (badge) g.append(text(PAD, y, badge, ['badge', `badge-${badge.toLowerCase()}`]));
      g.append(text(PAD + 26, y, c.name, ['column']));
      if (c.dataType) g.append(text(box.width - PAD, y, c.dataType, ['column-type']));
    });
    if (entity.columns.length === 0) g.append(text(PAD, NODE_HEIGHT + ROW_HEIGHT / 2 + 7, 'no columns documented', ['column', 'muted']));
    entities.append(g);
  }
  host.append(links, entities);
  return { engine: layout.engine, layoutMs };
}

/**
 * Sizes the drawing: shrunk to the panel's width when that keeps at least 40% of its size (text stays readable), else
 * drawn at full size in a scrolling canvas centred on the focus.
 */
let sized: { host: SVGSVGElement; width: number; height: number } | undefined;

function fit(host: SVGSVGElement, width: number, height: number): void {
  sized = { host, width, height };
  // The window's width: the canvas may not be laid out yet when the first state arrives.
  const room = Math.max(200, document.documentElement.clientWidth - 32);
  const scale = width > room && room / width >= 0.4 ? room / width : 1;
  host.setAttribute('width', String(Math.round(width * scale)));
  host.setAttribute('height', String(Math.round(height * scale)));
  host.setAttribute('viewBox', `0 0 ${width} ${height}`);
}

function show(state: LineageMessages.State): void {
  vscode.setState(state);
  $<HTMLButtonElement>('view-lineage').setAttribute('aria-pressed', String(state.view === 'lineage'));
  $<HTMLButtonElement>('view-erd').setAttribute('aria-pressed', String(state.view === 'erd'));
  $('levels').hidden = state.view !== 'lineage';
  $<HTMLButtonElement>('copy').hidden = state.view !== 'lineage';
  // An input the user is typing in keeps their text (a state for the previous value may still arrive).
  for (const [id, value] of [['upstream', state.upstream], ['downstream', state.downstream]] as const) {
    const input = $<HTMLInputElement>(id);
    if (document.activeElement !== input) input.value = String(value);
  }
  const summary = state.view === 'lineage' && state.graph
    ? `${state.graph.nodes.length} nodes, ${state.graph.edges.length} edges${state.graph.cycles.length ? ` · ${state.graph.cycles.length} cycle(s) (dbt will refuse to build them)` : ''}${state.graph.truncated ? ' · truncated' : ''}${state.graph.dynamic.length ? ` · ${state.graph.dynamic.length} call(s) not resolvable without running the template` : ''}`
    : state.view === 'erd' && state.erd ? `${state.erd.entities.length} models, ${state.erd.relations.length} relationships` : '';
  $('status').textContent = state.status === 'ready' ? summary : state.message ?? '';
  $('status').className = `status status-${state.status}`;
  $('project').textContent = state.project ?? '';
  const host = $<HTMLElement>('canvas');
  const graph = svg('svg', {}, ['graph']);
  graph.setAttribute('role', 'group');
  const started = performance.now();
  let drawn: { engine: 'layered' | 'columns'; layoutMs: number } | undefined;
  if (state.status === 'ready' && state.view === 'lineage' && state.graph) {
    graph.setAttribute('aria-label', `Lineage of ${state.graph.nodes.find((n) => n.id === state.graph!.focus)?.name ?? ''}`);
    drawn = drawLineage(state.graph, graph);
  } else if (state.status === 'ready' && state.view === 'erd' && state.erd) {
    graph.setAttribute('aria-label', 'Product warehouse entity-relationship diagram');
    drawn = drawErd(state.erd, graph);
  }
  host.replaceChildren(graph);
  if (drawn) {
    const total = performance.now() - started;
    const count = state.view === 'lineage' ? [state.graph!.nodes.length, state.graph!.edges.length] : [state.erd!.entities.length, state.erd!.relations.length];
    send({ type: 'drawn', nodes: count[0], edges: count[1], engine: drawn.engine, layoutMs: Math.round(drawn.layoutMs), drawMs: Math.round(total - drawn.layoutMs) });
    host.querySelector<SVGGElement>('.focus')?.scrollIntoView({ block: 'center', inline: 'center' });
  }
}

function levelsChanged(): void {
  const up = Number($<HTMLInputElement>('upstream').value);
  const down = Number($<HTMLInputElement>('downstream').value);
  if (Number.isInteger(up) && Number.isInteger(down) && up >= 0 && down >= 0) send({ type: 'setLevels', upstream: up, downstream: down });
}

// The panel resized (or shown for the first time): size the drawing again, without laying it out again.
window.addEventListener('resize', () => sized && fit(sized.host, sized.width, sized.height));
window.addEventListener('message', (event: MessageEvent<LineageMessages.ToWebview>) => {
  if (event.data?.type === 'state') show(event.data.state);
});
$('view-lineage').addEventListener('click', () => send({ type: 'setView', view: 'lineage' }));
$('view-erd').addEventListener('click', () => send({ type: 'setView', view: 'erd' }));
$('upstream').addEventListener('change', levelsChanged);
$('downstream').addEventListener('change', levelsChanged);
$('copy').addEventListener('click', () => send({ type: 'copyMermaid' }));
send({ type: 'ready' });
