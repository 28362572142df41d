/** Small pure text helpers: line lookup, name distance, fuzzy matching. */

export interface LineInfo {
  /** Offset of the first character of the line. */
  start: number;
  /** Offset of the line break (or the end of the text). */
  end: number;
  text: string;
}

export function lineAt(text: string, offset: number): LineInfo {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  let end = text.indexOf('\n', offset);
  if (end < 0) end = text.length;
  const raw = text.slice(start, end);
  // CRLF files: the '\r' belongs to the line break, not to the line.
  const lineText = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
  return { start, end: start + lineText.length, text: lineText };
}

// Three reusable rows: the did-you-mean search calls this thousands of times per keystroke.
let rows = [new Int32Array(64), new Int32Array(64), new Int32Array(64)];

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up once the
 * distance must exceed `max`. Only cells within `max` of the diagonal are computed (others exceed it).
 */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  if (rows[0].length <= n + 1) rows = [0, 1, 2].map(() => new Int32Array(2 * (n + 1))) as typeof rows;
  let [prevPrev, prev, cur] = rows;
  const big = max >= n + a.length ? n + a.length + 1 : max + 1;
  for (let j = 0; j <= n; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    const from = Math.max(1, i - max);
    const to = Math.min(n, i + max);
    cur[0] = i;
    if (from > 1) cur[from - 1] = big;
    let rowMin = from === 1 ? i : big;
    const ai = a.charCodeAt(i - 1);
    for (let j = from; j <= to; j++) {
      const bj = b.charCodeAt(j - 1);
      let v = prev[j - 1] + (ai === bj ? 0 : 1);
      const del = prev[j] + 1;
      if (del < v) v = del;
      const ins = cur[j - 1] + 1;
      if (ins < v) v = ins;
      if (i > 1 && j > 1 && ai === b.charCodeAt(j - 2) && a.charCodeAt(i - 2) === bj && prevPrev[j - 2] + 1 < v) v = prevPrev[j - 2] + 1;
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (to < n) cur[to + 1] = big;
    if (rowMin > max) return max + 1;
    const t = prevPrev;
    prevPrev = prev;
    prev = cur;
    cur = t;
  }
  return Math.min(prev[n], max + 1);
}

/** How far a name may be from a known one and still count as a typo of it. */
export function typoThreshold(name: string): number {
  return Math.max(1, Math.min(3, Math.floor(name.length / 4)));
}

/** The closest candidate within the typo threshold, ties broken alphabetically; undefined when none. */
export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const max = typoThreshold(name);
  let best: string | undefined;
  let bestDistance = max + 1;
  for (const candidate of candidates) {
    if (candidate === name) continue;
    const d = editDistance(name.toLowerCase(), candidate.toLowerCase(), bestDistance);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      if (d <= max) {
        best = candidate;
        bestDistance = d;
      }
    }
  }
  return best;
}

/** VS Code-style subsequence match: every character of `query` appears in `name` in order. */
export function fuzzyMatches(query: string, name: string): boolean {
  const q = query.toLowerCase();
  const s = name.toLowerCase();
  if (q.length > s.length) return false;
  let qi = 0;
  for (let i = 0; i < s.length && qi < q.length; i++) if (s.charCodeAt(i) === q.charCodeAt(qi)) qi++;
  return qi === q.length;
}
