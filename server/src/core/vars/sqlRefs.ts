/** `ref()` calls in model SQL: the one at the cursor, and the argument being typed. */
import { lineAt } from '../text';

export interface RefAt {
  name: string;
  packageName?: string;
  start: number;
  end: number;
}

const REF_CALL = /\bref\(\s*(['"])([\w.-]+)\1(?:\s*,\s*(['"])([\w.-]+)\3)?[^)]*\)/g;

/** The ref() call whose text holds `offset`, with the range of its model-name argument. */
export function refAt(text: string, offset: number): RefAt | undefined {
  const line = lineAt(text, offset);
  for (const m of line.text.matchAll(REF_CALL)) {
    const callStart = line.start + (m.index ?? 0);
    if (offset < callStart || offset > callStart + m[0].length) continue;
    const name = m[4] ?? m[2];
    const argIndex = m[4] ? m[0].indexOf(m[4], m[0].indexOf(m[2]) + m[2].length + 1) : m[0].indexOf(m[2]);
    const start = callStart + argIndex;
    return { name, packageName: m[4] ? m[2] : undefined, start, end: start + name.length };
  }
  return undefined;
}

export interface RefArgument {
  /** Set when completing the second argument of `ref('package', '...')`. */
  packageName?: string;
  tokenStart: number;
  tokenEnd: number;
}

/** When the cursor is inside the quotes of a ref() argument, the token to replace. */
export function refArgumentAt(text: string, offset: number): RefArgument | undefined {
  const line = lineAt(text, offset);
  const before = line.text.slice(0, offset - line.start);
  const two = /\bref\(\s*(['"])([\w.-]+)\1\s*,\s*(['"])([\w.-]*)$/.exec(before);
  const one = two ? undefined : /\bref\(\s*(['"])([\w.-]*)$/.exec(before);
  const typed = two ? two[4] : one?.[2];
  if (typed === undefined) return undefined;
  let end = offset;
  while (end < line.end && /[\w.-]/.test(text[end])) end++;
  return { packageName: two?.[2], tokenStart: offset - typed.length, tokenEnd: end };
}
