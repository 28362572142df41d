/**
 * Position-aware YAML, parsed the way dbt reads it (YAML 1.1 as PyYAML does: `yes` is a boolean).
 * The `yaml` package keeps node offsets and comments, which both the diagnostics and the
 * comment-preserving edits need.
 */
import { Document, isMap, isPair, isScalar, isSeq, parseDocument, Pair, Scalar, visit, YAMLMap } from 'yaml';
import { MAX_CONFIG_FILE_BYTES, MAX_YAML_NESTING, Problem } from '../types';

export interface ParsedYaml {
  text: string;
  doc: Document.Parsed;
  /** Syntax errors and duplicate keys, already as problems. */
  problems: Problem[];
}

export type YamlNode = Document.Parsed['contents'];

/** Why a text is not parsed at all (too large, nested too deep), as a problem at its start. */
export function unparseable(text: string, maxBytes = MAX_CONFIG_FILE_BYTES): Problem | undefined {
  const stop = (code: string, message: string): Problem => ({ offset: 0, length: 0, severity: 'error', code, message });
  if (text.length > maxBytes) return stop('file-too-large', `File is ${text.length} characters; YAML files like this one over ${maxBytes} are not checked.`);
  let depth = 0;
  let indent = 0;
  let lineStart = true;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) {
      lineStart = true;
      indent = 0;
    } else if (lineStart && (c === 32 || c === 45)) {
      // Spaces and `- ` both open a level of block nesting.
      if (++indent > MAX_YAML_NESTING * 2) return stop('too-deep', `Nested deeper than ${MAX_YAML_NESTING} levels; not checked.`);
    } else {
      lineStart = false;
      if (c === 123 || c === 91) {
        if (++depth > MAX_YAML_NESTING) return stop('too-deep', `Nested deeper than ${MAX_YAML_NESTING} levels; not checked.`);
      } else if ((c === 125 || c === 93) && depth > 0) depth--;
    }
  }
  return undefined;
}

const EMPTY_SOURCE = '';

export function parseYaml(text: string, maxBytes = MAX_CONFIG_FILE_BYTES): ParsedYaml {
  // Bounded input only: an unparseable text is parsed as empty, with the reason as its one problem.
  const stop = unparseable(text, maxBytes);
  if (stop) return { text, doc: parseDocument(EMPTY_SOURCE, { version: '1.1' }), problems: [stop] };
  // uniqueKeys off: duplicate keys become our own diagnostic with the exact key range.
  const doc = withoutStackTraces(() => parseDocument(text, { version: '1.1', uniqueKeys: false, prettyErrors: false }));
  const problems: Problem[] = doc.errors.slice(0, MAX_SYNTAX_ERRORS).map((e) => ({
    offset: e.pos[0],
    length: Math.max(0, e.pos[1] - e.pos[0]),
    severity: 'error' as const,
    code: 'yaml-syntax',
    message: `YAML syntax error: ${firstLine(e.message)}`,
  }));
  if (doc.errors.length > MAX_SYNTAX_ERRORS) {
    const next = doc.errors[MAX_SYNTAX_ERRORS];
    problems.push({
      offset: next.pos[0], length: Math.max(0, next.pos[1] - next.pos[0]), severity: 'error', code: 'yaml-syntax',
      message: `YAML syntax error: ${doc.errors.length - MAX_SYNTAX_ERRORS} more from here on (the first ${MAX_SYNTAX_ERRORS} are shown).`,
    });
  }
  problems.push(...duplicateKeys(doc, text).slice(0, MAX_SYNTAX_ERRORS));
  return { text, doc, problems };
}

/**
 * Syntax errors reported per file. A fuzzed 150 KB file had 24,531: sending them all took a second over LSP, and
 * past the first few nobody reads them.
 */
export const MAX_SYNTAX_ERRORS = 100;

/** The yaml package makes an Error per syntax error; their stack traces (unused) were a third of that second. */
function withoutStackTraces<T>(run: () => T): T {
  const limit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return run();
  } finally {
    Error.stackTraceLimit = limit;
  }
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

function duplicateKeys(doc: Document.Parsed, text: string): Problem[] {
  const problems: Problem[] = [];
  visit(doc, {
    Map(_key, map) {
      const seen = new Map<string, number>();
      for (const pair of map.items) {
        const name = keyName(pair);
        const range = isScalar(pair.key) ? pair.key.range : undefined;
        if (name === undefined || !range) continue;
        const first = seen.get(name);
        if (first === undefined) {
          seen.set(name, range[0]);
          continue;
        }
        problems.push({
          offset: range[0],
          length: range[1] - range[0],
          severity: 'error',
          code: 'duplicate-key',
          message: `Duplicate key "${name}" (first defined on line ${lineNumber(text, first)}); dbt keeps only the last one.`,
        });
      }
    },
  });
  return problems;
}

/** 1-based line of an offset. */
export function lineNumber(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

export function keyName(pair: Pair<unknown, unknown>): string | undefined {
  if (!isScalar(pair.key)) return undefined;
  const v = pair.key.value;
  return v === null || v === undefined ? undefined : String(v);
}

/** The pair for `key` in a map node (the last one when duplicated, as dbt reads it). */
export function mapPair(node: unknown, key: string): Pair<Scalar, unknown> | undefined {
  if (!isMap(node)) return undefined;
  let found: Pair<Scalar, unknown> | undefined;
  for (const pair of node.items) if (keyName(pair) === key) found = pair as Pair<Scalar, unknown>;
  return found;
}

export function asMap(node: unknown): YAMLMap | undefined {
  return isMap(node) ? node : undefined;
}

/** [start, end) of a node's value (without trailing comments). */
export function nodeRange(node: unknown): [number, number] | undefined {
  if ((isScalar(node) || isMap(node) || isSeq(node)) && node.range) return [node.range[0], node.range[1]];
  return undefined;
}

/** The range of a scalar's text without its quotes: where a replacement keeps the user's quoting. */
export function innerRange(node: Scalar): [number, number] {
  const [start, end] = node.range ?? [0, 0];
  if (node.type === 'QUOTE_DOUBLE' || node.type === 'QUOTE_SINGLE') return [start + 1, Math.max(start + 1, end - 1)];
  return [start, end];
}

/** A scalar's value as a string, or undefined for non-strings (numbers, booleans, null, collections). */
export function stringValue(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

export function describeValue(node: unknown): string {
  if (isMap(node)) return 'a map';
  if (isSeq(node)) return 'a list';
  if (isPair(node)) return 'a pair';
  if (isScalar(node)) {
    if (node.value === null) return 'nothing (null)';
    if (typeof node.value === 'boolean') return `a boolean (${String(node.value)})`;
    if (typeof node.value === 'number') return `a number (${node.value})`;
    return 'a string';
  }
  return 'nothing';
}
