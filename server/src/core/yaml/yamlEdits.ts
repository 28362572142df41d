/**
 * Minimal text insertions into block or flow YAML collections. Only new text is inserted, so comments,
 * quoting, key order and everything else in the file stay exactly as the user wrote them.
 */
import { isMap, isSeq, YAMLMap, YAMLSeq } from 'yaml';
import { lineAt } from '../text';

export interface Insertion {
  offset: number;
  /** Characters to replace at `offset` (0 for a pure insertion). */
  length: number;
  text: string;
}

export function eolOf(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

/** Adds `key: value` lines (given as `key: value` strings) to a map, or creates the map under `parentKeyEnd`. */
export function appendToMap(text: string, map: YAMLMap | null | undefined, lines: string[], keyLineOffset: number, baseIndent: string): Insertion {
  const eol = eolOf(text);
  if (isMap(map) && map.flow) {
    // Right after the last value: a comment after it, a trailing comma or a closing brace on its own line stay valid.
    if (map.items.length) return { offset: lastContentOffset(map) + 1, length: 0, text: ', ' + lines.join(', ') };
    return { offset: (map.range?.[1] ?? 1) - 1, length: 0, text: lines.join(', ') };
  }
  if (isMap(map) && map.items.length > 0) {
    const first = map.items[0].key as { range?: number[] };
    const indent = ' '.repeat((first.range?.[0] ?? 0) - lineAt(text, first.range?.[0] ?? 0).start);
    const end = lineAt(text, lastContentOffset(map)).end;
    return { offset: end, length: 0, text: lines.map((l) => eol + indent + l).join('') };
  }
  // `key:` with nothing (or `{}`) after it: the new block goes on the lines below the key.
  const keyLine = lineAt(text, keyLineOffset);
  const indent = baseIndent + '  ';
  if (isMap(map) && map.range) return replaceFlow(text, map.range, lines.map((l) => eol + indent + l).join(''));
  return { offset: keyLine.end, length: 0, text: lines.map((l) => eol + indent + l).join('') };
}

/** Adds an item (its lines, the first starting with `- `) to a block sequence. */
export function appendToSeq(text: string, seq: YAMLSeq | null | undefined, itemLines: string[], keyLineOffset: number): Insertion {
  const eol = eolOf(text);
  if (isSeq(seq) && seq.items.length > 0 && !seq.flow) {
    const firstStart = (seq.items[0] as { range?: number[] }).range?.[0] ?? 0;
    const line = lineAt(text, firstStart);
    const dash = line.text.indexOf('-');
    const indent = ' '.repeat(Math.max(0, dash));
    const end = lineAt(text, lastContentOffset(seq)).end;
    return { offset: end, length: 0, text: itemLines.map((l, i) => eol + indent + (i === 0 ? l : '  ' + l)).join('') };
  }
  const block = itemLines.map((l, i) => eol + '  ' + (i === 0 ? l : '  ' + l)).join('');
  if (isSeq(seq) && seq.flow && seq.items.length > 0) {
    return { offset: lastContentOffset(seq) + 1, length: 0, text: `, {${itemLines.map((l) => l.replace(/^- /, '')).join(', ')}}` };
  }
  if (isSeq(seq) && seq.range) return replaceFlow(text, seq.range, block);
  return { offset: lineAt(text, keyLineOffset).end, length: 0, text: block };
}

/**
 * Appends top-level lines at the end of the document, on a line of their own: before a closing `...` (YAML's
 * document end marker), which nothing may follow but comments.
 */
export function appendAtEnd(text: string, lines: string[]): Insertion {
  const eol = eolOf(text);
  const end = documentEnd(text);
  if (end !== undefined) return { offset: end, length: 0, text: lines.join(eol) + eol };
  const lead = text.length === 0 || text.endsWith('\n') ? '' : eol;
  return { offset: text.length, length: 0, text: lead + lines.join(eol) + eol };
}

/** Offset of the line holding a final `...` marker (only blank and comment lines after it), if there is one. */
function documentEnd(text: string): number | undefined {
  const lines = text.split('\n');
  let offset = text.length;
  for (let i = lines.length - 1; i >= 0; i--) {
    offset -= lines[i].length + (i < lines.length - 1 ? 1 : 0);
    const trimmed = lines[i].trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    return /^\.\.\.(\s+#.*)?\r?$/.test(lines[i]) ? offset : undefined;
  }
  return undefined;
}

/** The offset of the last character of a collection's content (not its trailing newline or comments). */
function lastContentOffset(node: YAMLMap | YAMLSeq): number {
  const last = node.items[node.items.length - 1] as { value?: { range?: number[] }; range?: number[]; key?: { range?: number[] } };
  const end = last.value?.range?.[1] ?? last.range?.[1] ?? last.key?.range?.[1] ?? 0;
  return Math.max(0, end - 1);
}

/** Replaces an empty flow collection (`{}`, `[]`) and the spaces before it with a block. */
function replaceFlow(text: string, range: readonly number[], block: string): Insertion {
  let start = range[0];
  while (start > 0 && text[start - 1] === ' ') start--;
  return { offset: start, length: range[1] - start, text: block };
}
