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

/**
 * Optimal-string-alignment distance (Levenshtein plus adjacent transpositions), giving up once the
 * distance must exceed `max`: the did-you-mean search runs against thousands of names per keystroke.
 */
export function editDistance(a: string, b: string, max = Number.MAX_SAFE_INTEGER): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const n = b.length;
  let prevPrev = new Array<number>(n + 1).fill(0);
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  let cur = new Array<number>(n + 1).fill(0);
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = cur[0];
    for (let j = 1; j <= n; j++) {
      const cost = a.charCodeAt(i - 1) === b.charCodeAt(j - 1) ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prevPrev[j - 2] + 1);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    [prevPrev, prev, cur] = [prev, cur, prevPrev];
  }
  return prev[n];
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
  if (query.length === 0) return true;
  const q = query.toLowerCase();
  const s = name.toLowerCase();
  let qi = 0;
  for (let i = 0; i < s.length && qi < q.length; i++) if (s[i] === q[qi]) qi++;
  return qi === q.length;
}
