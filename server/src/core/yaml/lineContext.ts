/**
 * Where the cursor is in a block-style YAML file, worked out from the text alone: completion runs while the
 * user is typing, when the YAML is often not yet valid (`  cdp-ev` with no colon).
 */
import { lineAt } from '../text';

export interface YamlLineContext {
  /** Keys of the enclosing block maps, outermost first. */
  parents: string[];
  /** The key of the cursor's line when the cursor is in its value. */
  key?: string;
  inValue: boolean;
  /** Whether the cursor's line already has `key:`. */
  hasColon: boolean;
  /** The token the cursor is in: a completion replaces exactly this (inside quotes when quoted). */
  tokenStart: number;
  tokenEnd: number;
  quoted: boolean;
}

const KEY_LINE = /^(\s*)(?:-\s+)?(?:"([^"]*)"|'([^']*)'|([^\s#'"{[][^:#]*?))\s*:(?=\s|$)/;

export function yamlLineContext(text: string, offset: number): YamlLineContext {
  const line = lineAt(text, offset);
  const column = offset - line.start;
  const match = KEY_LINE.exec(line.text);
  const indentOfLine = match ? match[1].length : (/^\s*/.exec(line.text)?.[0].length ?? 0);
  // On a blank line the cursor's column says which map the user is typing into.
  const indent = line.text.trim() === '' ? column : indentOfLine;
  const parents = parentKeys(text, line.start, indent);
  if (match && column >= match[0].length) {
    const key = match[2] ?? match[3] ?? match[4];
    let valueStart = match[0].length;
    while (valueStart < line.text.length && line.text[valueStart] === ' ') valueStart++;
    const quote = line.text[valueStart];
    if (quote === '"' || quote === "'") {
      const close = line.text.indexOf(quote, valueStart + 1);
      const end = close < 0 ? line.text.length : close;
      return { parents, key, inValue: true, hasColon: true, tokenStart: line.start + valueStart + 1, tokenEnd: line.start + end, quoted: true };
    }
    const comment = line.text.search(/\s#/);
    const end = (comment >= valueStart ? line.text.slice(0, comment) : line.text).trimEnd().length;
    const start = Math.min(valueStart, column);
    return { parents, key, inValue: true, hasColon: true, tokenStart: line.start + start, tokenEnd: line.start + Math.max(end, column), quoted: false };
  }
  // In a key: the token is the run of key characters around the cursor.
  let start = column;
  while (start > 0 && /[\w-]/.test(line.text[start - 1])) start--;
  let end = column;
  while (end < line.text.length && /[\w-]/.test(line.text[end])) end++;
  return { parents, inValue: false, hasColon: match !== null, tokenStart: line.start + start, tokenEnd: line.start + end, quoted: false };
}

function parentKeys(text: string, lineStart: number, indent: number): string[] {
  const parents: string[] = [];
  let limit = indent;
  let end = lineStart - 1;
  while (end > 0 && limit > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const raw = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) continue;
    const lineIndent = /^\s*/.exec(raw)![0].length;
    if (lineIndent >= limit) continue;
    const m = KEY_LINE.exec(raw);
    if (!m) break;
    parents.unshift(m[2] ?? m[3] ?? m[4]);
    limit = lineIndent;
  }
  return parents;
}
