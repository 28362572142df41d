/**
 * The Jinja forms a var value may take that we can resolve without running dbt: `{{ ref('m') }}`,
 * `{{ ref('pkg', 'm') }}` and `{{ source('s', 't') }}`. Anything else with Jinja is left alone: no false alarms.
 */

export interface SimpleCall {
  fn: 'ref' | 'source';
  args: string[];
  /** Offsets of each argument's text inside the value string. */
  argOffsets: number[];
}

export function containsJinja(value: string): boolean {
  return /\{\{|\{%|\{#/.test(value);
}

const SIMPLE_CALL = /^\s*\{\{\s*(ref|source)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)\s*\}\}\s*$/;

export function parseSimpleCall(value: string): SimpleCall | undefined {
  const m = SIMPLE_CALL.exec(value);
  if (!m) return undefined;
  const first = value.indexOf(m[3], value.indexOf('(') + 1);
  const args = [m[3]];
  const argOffsets = [first];
  if (m[5] !== undefined) {
    args.push(m[5]);
    argOffsets.push(value.indexOf(m[5], first + m[3].length + 1));
  }
  const fn = m[1] as 'ref' | 'source';
  if (fn === 'source' && args.length !== 2) return undefined;
  return { fn, args, argOffsets };
}
