/**
 * The lineage of one node: its parents up to `upstream` levels and its children down to `downstream` levels,
 * through ref() and source(), resolved the way dbt resolves them (a package-qualified ref names its package; a
 * plain one prefers the caller's own package, then the root project). Pure: it reads the index through
 * {@link LineageWorld}. A cycle is walked once and reported, never looped.
 */
import { IndexedNode, IndexedSource } from '../project/nodeTable';
import { TextRef } from './refsInText';
import { LineageEdge, LineageGraph, LineageNode } from './lineageTypes';

export type { LineageEdge, LineageGraph, LineageKind, LineageNode } from './lineageTypes';

export interface LineageWorld {
  rootPackage: string;
  refsOf(node: IndexedNode): readonly TextRef[];
  /** Files that call the key's target (see fileRefs.targetKey). */
  callers(key: string): ReadonlySet<string>;
  nodesInFile(file: string): readonly IndexedNode[];
  lookup(name: string): IndexedNode[];
  lookupSource(source: string, table: string): IndexedSource[];
  isEnabled(node: IndexedNode): boolean;
}

export interface LineageOptions {
  upstream: number;
  downstream: number;
  /** Stop adding nodes beyond this many (the walk still finishes the edges of the nodes it has). */
  maxNodes?: number;
}

export const DEFAULT_MAX_NODES = 5000;

type Vertex = { node: LineageNode; indexed?: IndexedNode; source?: IndexedSource };

export function nodeId(node: IndexedNode): string {
  return `${node.kind}.${node.packageName}.${node.name}`;
}

export function resolveRef(world: LineageWorld, caller: IndexedNode | undefined, ref: { name: string; packageName?: string }): IndexedNode | undefined {
  let found = world.lookup(ref.name).filter((n) => world.isEnabled(n));
  if (ref.packageName) found = found.filter((n) => n.packageName === ref.packageName);
  return found.find((n) => n.packageName === caller?.packageName) ?? found.find((n) => n.packageName === world.rootPackage) ?? found[0];
}

function resolveSource(world: LineageWorld, caller: IndexedNode | undefined, source: string, table: string): IndexedSource | undefined {
  const found = world.lookupSource(source, table);
  return found.find((s) => s.packageName === caller?.packageName) ?? found.find((s) => s.packageName === world.rootPackage) ?? found[0];
}

function indexedVertex(node: IndexedNode, depth: number): Vertex {
  return { indexed: node, node: { id: nodeId(node), kind: node.kind, name: node.name, packageName: node.packageName, path: node.path, offset: node.offset, depth } };
}

function sourceVertex(source: IndexedSource, depth: number): Vertex {
  const name = `${source.sourceName}.${source.table}`;
  return { source, node: { id: `source.${source.packageName}.${name}`, kind: 'source', name, packageName: source.packageName, path: source.path, offset: source.offset, depth } };
}

function parentsOf(world: LineageWorld, vertex: Vertex, dynamic: LineageGraph['dynamic']): Vertex[] {
  const caller = vertex.indexed;
  if (!caller || caller.kind === 'seed') return [];
  const parents: Vertex[] = [];
  for (const ref of world.refsOf(caller)) {
    if (ref.kind === 'dynamic') {
      dynamic.push({ node: vertex.node.id, call: ref.call });
      continue;
    }
    if (ref.kind === 'ref') {
      const target = resolveRef(world, caller, ref);
      // A missing model in an {% if %} branch: dbt parses the project, so that branch is not taken.
      if (!target && ref.conditional) continue;
      parents.push(target ? indexedVertex(target, 0) : { node: { id: `missing.ref.${ref.packageName ? `${ref.packageName}.` : ''}${ref.name}`, kind: 'missing', name: ref.name, packageName: ref.packageName, depth: 0 } });
    } else {
      const target = resolveSource(world, caller, ref.source, ref.table);
      if (!target && ref.conditional) continue;
      const name = `${ref.source}.${ref.table}`;
      parents.push(target ? sourceVertex(target, 0) : { node: { id: `missing.source.${name}`, kind: 'missing', name, depth: 0 } });
    }
  }
  return parents;
}

function childrenOf(world: LineageWorld, vertex: Vertex): Vertex[] {
  const key = vertex.indexed ? `ref:${vertex.indexed.name}` : vertex.source ? `source:${vertex.source.sourceName}.${vertex.source.table}` : undefined;
  if (!key) return [];
  const children: Vertex[] = [];
  for (const file of world.callers(key)) {
    for (const child of world.nodesInFile(file)) {
      if (child.kind === 'seed' || !world.isEnabled(child)) continue;
      // The child calls the name; it is our child only if the call resolves to this very node.
      const calls = world.refsOf(child).some((ref) =>
        ref.kind === 'ref' && vertex.indexed && ref.name === vertex.indexed.name ? resolveRef(world, child, ref) === vertex.indexed
          : ref.kind === 'source' && vertex.source ? resolveSource(world, child, ref.source, ref.table) === vertex.source : false);
      if (calls) children.push(indexedVertex(child, 0));
    }
  }
  return children;
}

/** The neighbourhood of `focus`, breadth first, each direction walked only its own way. */
export function lineageOf(world: LineageWorld, focus: IndexedNode, options: LineageOptions): LineageGraph {
  const maxNodes = options.maxNodes ?? DEFAULT_MAX_NODES;
  const vertices = new Map<string, Vertex>();
  const edges = new Map<string, LineageEdge>();
  const dynamic: LineageGraph['dynamic'] = [];
  let truncated = false;
  const start = indexedVertex(focus, 0);
  vertices.set(start.node.id, start);
  const walk = (direction: -1 | 1, levels: number) => {
    let frontier = [start];
    for (let level = 1; level <= levels && frontier.length; level++) {
      const next: Vertex[] = [];
      for (const vertex of frontier) {
        const found = direction < 0 ? parentsOf(world, vertex, dynamic) : childrenOf(world, vertex);
        for (const other of found) {
          let known = vertices.get(other.node.id);
          if (!known) {
            if (vertices.size >= maxNodes) {
              truncated = true;
              continue;
            }
            known = { ...other, node: { ...other.node, depth: direction * level } };
            vertices.set(known.node.id, known);
            next.push(known);
          }
          const edge = direction < 0 ? { from: known.node.id, to: vertex.node.id } : { from: vertex.node.id, to: known.node.id };
          edges.set(`${edge.from}\u0000${edge.to}`, edge);
        }
      }
      frontier = next;
    }
  };
  walk(-1, Math.max(0, options.upstream));
  walk(1, Math.max(0, options.downstream));
  // Sorted: the walk's order follows file-read order, the answer must not.
  const nodes = [...vertices.values()].map((v) => v.node).sort((a, b) => a.depth - b.depth || compare(a.id, b.id));
  const edgeList = [...edges.values()].sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to));
  return { focus: start.node.id, nodes, edges: edgeList, cycles: findCycles(nodes.map((n) => n.id), edgeList), dynamic: dedupe(dynamic), truncated };
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function dedupe(dynamic: LineageGraph['dynamic']): LineageGraph['dynamic'] {
  const seen = new Set<string>();
  return dynamic.filter((d) => !seen.has(`${d.node}\u0000${d.call}`) && seen.add(`${d.node}\u0000${d.call}`));
}

/** Strongly connected components of more than one node, or a node that refs itself (Tarjan, iterative). */
export function findCycles(ids: string[], edges: LineageEdge[]): string[][] {
  const out = new Map<string, string[]>(ids.map((id) => [id, []]));
  for (const e of edges) out.get(e.from)?.push(e.to);
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const cycles: string[][] = [];
  let counter = 0;
  for (const root of ids) {
    if (index.has(root)) continue;
    const work: { id: string; next: number }[] = [{ id: root, next: 0 }];
    index.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length) {
      const top = work[work.length - 1];
      const targets = out.get(top.id) ?? [];
      if (top.next < targets.length) {
        const w = targets[top.next++];
        if (!index.has(w)) {
          index.set(w, counter);
          low.set(w, counter++);
          stack.push(w);
          onStack.add(w);
          work.push({ id: w, next: 0 });
        } else if (onStack.has(w)) low.set(top.id, Math.min(low.get(top.id)!, index.get(w)!));
        continue;
      }
      work.pop();
      if (work.length) low.set(work[work.length - 1].id, Math.min(low.get(work[work.length - 1].id)!, low.get(top.id)!));
      if (low.get(top.id) === index.get(top.id)) {
        const component: string[] = [];
        let w: string;
        do {
          w = stack.pop()!;
          onStack.delete(w);
          component.push(w);
        } while (w !== top.id);
        if (component.length > 1 || targets.includes(top.id)) cycles.push(component.sort(compare));
      }
    }
  }
  return cycles;
}
