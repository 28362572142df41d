/**
 * A parsed YAML node as plain data (what dbt's PyYAML load gives), within fixed bounds: a hostile or half-typed
 * file (thousands of nested `{`, alias bombs) costs at most `maxNodes` steps and `maxDepth` levels, never the
 * superlinear time of a full conversion. What lies beyond a bound becomes null and the result says it was cut.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, Node } from 'yaml';

export interface PlainLimits {
  maxDepth: number;
  /** Nodes visited, aliases counted each time they are followed. */
  maxNodes: number;
}

export const PLAIN_LIMITS: PlainLimits = { maxDepth: 64, maxNodes: 200_000 };

export interface PlainData {
  value: unknown;
  /** True when a bound was reached (part of the file was left out). */
  truncated: boolean;
}

export function toPlainData(node: unknown, limits: PlainLimits = PLAIN_LIMITS): PlainData {
  let budget = limits.maxNodes;
  let truncated = false;
  const convert = (current: unknown, depth: number, resolving: Set<unknown>): unknown => {
    if (--budget < 0 || depth > limits.maxDepth) {
      truncated = true;
      return null;
    }
    if (isAlias(current)) {
      // An alias is followed like dbt's loader does, but each visit spends budget and a cycle stops.
      const target = (current as unknown as { source: string; resolve?: (doc: unknown) => unknown }).source;
      const anchored = anchors.get(target);
      if (!anchored || resolving.has(anchored)) {
        truncated = true;
        return null;
      }
      resolving.add(anchored);
      const value = convert(anchored, depth + 1, resolving);
      resolving.delete(anchored);
      return value;
    }
    if (isScalar(current)) return current.value ?? null;
    if (isSeq(current)) return current.items.map((item) => convert(item, depth + 1, resolving));
    if (isMap(current)) {
      const out: Record<string, unknown> = {};
      for (const pair of current.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? pair.key.value : convert(pair.key, depth + 1, resolving);
        if (key === '<<' && pair.value) {
          // YAML 1.1 merge keys, as PyYAML applies them: the merged map's keys, then ours over them.
          const merged = convert(pair.value, depth + 1, resolving);
          for (const source of Array.isArray(merged) ? merged : [merged]) {
            if (source && typeof source === 'object' && !Array.isArray(source)) {
              for (const [k, v] of Object.entries(source)) if (!(k in out)) out[k] = v;
            }
          }
          continue;
        }
        out[String(key)] = convert(pair.value, depth + 1, resolving);
      }
      return out;
    }
    return null;
  };
  const anchors = new Map<string, unknown>();
  collectAnchors(node, anchors, limits.maxNodes);
  const value = convert(node, 0, new Set());
  return { value, truncated };
}

/** Anchored nodes by name (the last definition wins, as in YAML). */
function collectAnchors(root: unknown, anchors: Map<string, unknown>, maxNodes: number): void {
  const stack: unknown[] = [root];
  let visited = 0;
  while (stack.length && visited++ < maxNodes) {
    const node = stack.pop();
    if (!node || typeof node !== 'object') continue;
    const anchor = (node as Node).anchor;
    if (anchor) anchors.set(anchor, node);
    if (isSeq(node)) stack.push(...node.items);
    else if (isMap(node)) for (const pair of node.items) if (isPair(pair)) stack.push(pair.key, pair.value);
  }
}
