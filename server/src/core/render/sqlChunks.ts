/**
 * Splits a `with a as (…), b as (…) select …` query at its top level, so each CTE body can be formatted (and
 * cached) on its own: sql-formatter's parser costs about 5 µs per character, and an edit changes one CTE, not all.
 * Quotes, comments and nested parentheses are respected; anything else is not split.
 */
export interface CteQuery {
  /** Comments before `with`. */
  leading: string;
  /** `with` as written (keyword case is kept). */
  withKeyword: string;
  ctes: { name: string; asKeyword: string; body: string }[];
  /** The final statement after the last CTE. */
  main: string;
}

/** Index just past the quoted string, identifier or comment starting at `i`, or `i` when none starts there. */
function skipOpaque(sql: string, i: number): number {
  const c = sql[i];
  if (c === "'" || c === '"' || c === '`') {
    for (let j = i + 1; j < sql.length; j++) {
      if (sql[j] === c) {
        if (sql[j + 1] === c) j++;
        else return j + 1;
      }
    }
    return sql.length;
  }
  if (c === '-' && sql[i + 1] === '-') {
    const end = sql.indexOf('\n', i);
    return end < 0 ? sql.length : end + 1;
  }
  if (c === '/' && sql[i + 1] === '*') {
    const end = sql.indexOf('*/', i + 2);
    return end < 0 ? sql.length : end + 2;
  }
  return i;
}

/** Deeper than this, sql-formatter's parser needs seconds (1,000 nested brackets: 6.5 s), and no real model goes. */
export const MAX_BRACKET_DEPTH = 100;

export type BracketProblem =
  | { kind: 'unclosed' | 'unopened'; offset: number; bracket: string }
  | { kind: 'mismatched'; offset: number; bracket: string; opener: string; openerOffset: number }
  | { kind: 'too-deep'; offset: number; bracket: string };

const CLOSER: Record<string, string> = { '(': ')', '[': ']' };
const OPENER: Record<string, string> = { ')': '(', ']': '[' };

/**
 * Where the parentheses and square brackets stop balancing or nest too deep (quotes and comments respected);
 * undefined when they are fine. sql-formatter's parser rejects unbalanced SQL anyway, after a time that grows
 * steeply with the nesting (13 s for 50 unclosed parentheses, 30 s for 1,600 unclosed `[`), so the preview does not ask it.
 */
export function bracketProblem(sql: string): BracketProblem | undefined {
  const open: number[] = [];
  let tooDeep: number | undefined;
  for (let i = 0; i < sql.length; ) {
    const next = skipOpaque(sql, i);
    if (next !== i) {
      i = next;
      continue;
    }
    const c = sql[i];
    if (CLOSER[c]) {
      open.push(i);
      if (open.length > MAX_BRACKET_DEPTH && tooDeep === undefined) tooDeep = i;
    } else if (OPENER[c]) {
      const at = open.pop();
      if (at === undefined) return { kind: 'unopened', offset: i, bracket: c };
      if (sql[at] !== OPENER[c]) return { kind: 'mismatched', offset: i, bracket: c, opener: sql[at], openerOffset: at };
    }
    i++;
  }
  if (open.length) return { kind: 'unclosed', offset: open[0], bracket: sql[open[0]] };
  return tooDeep === undefined ? undefined : { kind: 'too-deep', offset: tooDeep, bracket: sql[tooDeep] };
}

/** Index of the `)` closing the `(` at `open`, or -1. */
function closing(sql: string, open: number): number {
  let depth = 0;
  for (let i = open; i < sql.length; ) {
    const next = skipOpaque(sql, i);
    if (next !== i) {
      i = next;
      continue;
    }
    if (sql[i] === '(') depth++;
    else if (sql[i] === ')' && --depth === 0) return i;
    i++;
  }
  return -1;
}

/** Skips whitespace and comments. */
function skipSpace(sql: string, i: number): number {
  for (;;) {
    while (i < sql.length && /\s/.test(sql[i])) i++;
    const next = sql[i] === '-' || sql[i] === '/' ? skipOpaque(sql, i) : i;
    if (next === i) return i;
    i = next;
  }
}

export function splitCtes(sql: string): CteQuery | undefined {
  const start = skipSpace(sql, 0);
  const withMatch = /^with\s/i.exec(sql.slice(start, start + 5));
  if (!withMatch || /^with\s+recursive\b/i.test(sql.slice(start))) return undefined;
  const query: CteQuery = { leading: sql.slice(0, start), withKeyword: sql.slice(start, start + 4), ctes: [], main: '' };
  let i = start + 4;
  for (;;) {
    // Between CTEs only whitespace: a comment there would be lost by formatting the pieces.
    while (i < sql.length && /\s/.test(sql[i])) i++;
    const head = /^([A-Za-z_][\w$]*)\s+(as)\s*\(/i.exec(sql.slice(i, i + 300));
    if (!head) return undefined;
    const open = i + head[0].length - 1;
    const close = closing(sql, open);
    if (close < 0) return undefined;
    query.ctes.push({ name: head[1], asKeyword: head[2], body: sql.slice(open + 1, close) });
    i = close + 1;
    while (i < sql.length && /\s/.test(sql[i])) i++;
    if (sql[i] === ',') {
      i++;
      continue;
    }
    query.main = sql.slice(i);
    return /^select\b/i.test(query.main) ? query : undefined;
  }
}
