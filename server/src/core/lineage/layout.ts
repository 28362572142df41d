/**
 * Places the lineage graph and the ERD for drawing: dagre's layered layout (ranks by longest path, its crossing
 * reduction, edges routed around nodes) up to {@link LAYERED_MAX_NODES} nodes. Beyond that dagre needs seconds
 * (measured here: 0.25 s at 500 nodes, ~0.9 s at 1,000, with longest-path ranks and the single ordering pass), so larger graphs get a
 * column layout from the core's levels — one column per level, each column ordered by its neighbours' positions
 * in the column before (one barycentre sweep outwards from the focus), straight edges. Pure: the webview runs it,
 * the bench times it.
 */
// dagre ships a CommonJS build beside its ES module (its `require` export); only its types are ESM-only.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dagre = require('@dagrejs/dagre') as typeof import('@dagrejs/dagre', { with: { 'resolution-mode': 'import' } });

export interface LayoutInput {
  nodes: { id: string; width: number; height: number; /** Level from the focus: the column layout's column. */ depth: number }[];
  edges: { from: string; to: string }[];
}

export interface PlacedNode {
  id: string;
  /** Top-left corner. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface Layout {
  engine: 'layered' | 'columns';
  nodes: PlacedNode[];
  edges: { from: string; to: string; points: { x: number; y: number }[] }[];
  width: number;
  height: number;
}

export const LAYERED_MAX_NODES = 500;
const MARGIN = 16;
const NODE_GAP = 12;
const RANK_GAP = 56;

export function layoutGraph(input: LayoutInput, options: { forceEngine?: Layout['engine'] } = {}): Layout {
  const engine = options.forceEngine ?? (input.nodes.length <= LAYERED_MAX_NODES ? 'layered' : 'columns');
  return engine === 'layered' ? layered(input) : columns(input);
}

function layered(input: LayoutInput): Layout {
  const g = new dagre.graphlib.Graph({ multigraph: false });
  g.setGraph({ rankdir: 'LR', nodesep: NODE_GAP, ranksep: RANK_GAP, marginx: MARGIN, marginy: MARGIN, ranker: 'longest-path' });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of input.nodes) g.setNode(n.id, { width: n.width, height: n.height });
  for (const e of input.edges) if (e.from !== e.to) g.setEdge(e.from, e.to);
  dagre.layout(g, { disableOptimalOrderHeuristic: input.nodes.length > 100 });
  const nodes = input.nodes.map((n) => {
    const placed = g.node(n.id) as { x: number; y: number };
    return { id: n.id, x: placed.x - n.width / 2, y: placed.y - n.height / 2, width: n.width, height: n.height };
  });
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = input.edges.map((e) => {
    if (e.from === e.to) return { ...e, points: selfLoop(byId.get(e.from)!) };
    const points = ((g.edge(e.from, e.to) as { points?: { x: number; y: number }[] } | undefined)?.points ?? []).map((p) => ({ x: p.x, y: p.y }));
    return { ...e, points };
  });
  const label = g.graph() as { width?: number; height?: number };
  return { engine: 'layered', nodes, edges, width: label.width ?? 0, height: label.height ?? 0 };
}

function columns(input: LayoutInput): Layout {
  const levels = new Map<number, LayoutInput['nodes']>();
  for (const n of input.nodes) {
    const list = levels.get(n.depth);
    if (list) list.push(n);
    else levels.set(n.depth, [n]);
  }
  const neighbours = new Map<string, string[]>();
  for (const e of input.edges) {
    (neighbours.get(e.from) ?? neighbours.set(e.from, []).get(e.from)!).push(e.to);
    (neighbours.get(e.to) ?? neighbours.set(e.to, []).get(e.to)!).push(e.from);
  }
  const order = new Map<string, number>();
  const depths = [...levels.keys()].sort((a, b) => Math.abs(a) - Math.abs(b) || a - b);
  for (const depth of depths) {
    const list = levels.get(depth)!;
    const inward = depth === 0 ? 0 : depth - Math.sign(depth);
    const centre = (id: string) => {
      const placed = (neighbours.get(id) ?? []).map((o) => order.get(o)).filter((v): v is number => v !== undefined);
      return placed.length ? placed.reduce((a, b) => a + b, 0) / placed.length : Number.MAX_SAFE_INTEGER;
    };
    const keyed = list.map((n, i) => ({ n, key: depth === inward ? i : centre(n.id), i }));
    keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    keyed.forEach((k, i) => order.set(k.n.id, i));
  }
  const sortedDepths = [...levels.keys()].sort((a, b) => a - b);
  const nodes: PlacedNode[] = [];
  let x = MARGIN;
  let height = 0;
  for (const depth of sortedDepths) {
    const list = [...levels.get(depth)!].sort((a, b) => order.get(a.id)! - order.get(b.id)!);
    const width = Math.max(...list.map((n) => n.width));
    let y = MARGIN;
    for (const n of list) {
      nodes.push({ id: n.id, x, y, width: n.width, height: n.height });
      y += n.height + NODE_GAP;
    }
    height = Math.max(height, y - NODE_GAP + MARGIN);
    x += width + RANK_GAP;
  }
  const byId = new Map(nodes.map((n) => [n.id, n]));
  const edges = input.edges.map((e) => {
    const a = byId.get(e.from)!;
    const b = byId.get(e.to)!;
    if (a === b) return { ...e, points: selfLoop(a) };
    return { ...e, points: [{ x: a.x + a.width, y: a.y + a.height / 2 }, { x: b.x, y: b.y + b.height / 2 }] };
  });
  return { engine: 'columns', nodes, edges, width: x - RANK_GAP + MARGIN, height };
}

function selfLoop(n: PlacedNode): { x: number; y: number }[] {
  const right = n.x + n.width;
  return [{ x: right, y: n.y + 4 }, { x: right + 16, y: n.y - 8 }, { x: right + 16, y: n.y + n.height + 8 }, { x: right, y: n.y + n.height - 4 }];
}
