/**
 * The `ref()` and `source()` calls of a model's text, as dbt's parser sees them: inside Jinja expressions and
 * statements of SQL files (not in Jinja comments), anywhere in Python models (`dbt.ref("x")`). An argument written
 * as `var('name')` or `var('name', 'default')` is read from the project's vars, as dbt would at parse time; any
 * other expression cannot be known without running the template and is reported as dynamic. A var whose value
 * holds a ref()/source() call (`segment_page_views_table: "{{ source('segment', 'pages') }}"`) is a dependency
 * too: dbt renders a var's value when the model reads it.
 */

export type TextRef =
  | { kind: 'ref'; name: string; packageName?: string; conditional?: true }
  | { kind: 'source'; source: string; table: string; conditional?: true }
  | { kind: 'dynamic'; call: string; conditional?: true };

/**
 * The product warehouse's own relation macro, `product_warehouse_relation(var_name, default_table)`: the var's
 * relation when set, else `source(<the CDP's source name>, default_table)` (templates/warehouse/macros). Models
 * call it for every raw table, so lineage reads it as the dependency it makes.
 */
export interface RelationMacro {
  /** The source name of the project's CDP. */
  cdpSource: string;
}

/** A project var's value as a string, or undefined when the project does not set it. */
export type VarLookup = (name: string) => string | undefined;

const STRING = String.raw`(?:'[^'\n]*'|"[^"\n]*")`;
const VAR = String.raw`var\(\s*${STRING}\s*(?:,\s*${STRING}\s*)?\)`;
const ARG = `(?:${STRING}|${VAR})`;
const CALL_START = /\b(ref|source)\(/g;
// Each argument starts with a quote or `var(`, so the repetition cannot backtrack badly on hostile text. Only
// keyword arguments (`v=2`, `version=2`) may follow the names.
const FIXED_ARGS = new RegExp(String.raw`\s*(${ARG}(?:\s*,\s*${ARG})*)\s*(?:,\s*\w+\s*=\s*[\w'"]+\s*)?\)`, 'y');
const ONE_ARG = new RegExp(ARG, 'g');
const VAR_CALL = new RegExp(VAR, 'g');
const OPENER = /\{[{%#]/g;
const CLOSER: Record<string, string> = { '{{': '}}', '{%': '%}', '{#': '#}' };

/**
 * The Jinja expressions and statements of a template, in order, comments skipped. Linear: each opener looks for its
 * closer once, and an opener with no closer ends the scan (Jinja would refuse the template there too), so text full
 * of unclosed `{{` cannot make it quadratic.
 */
function jinjaBlocks(text: string): string[] {
  const blocks: string[] = [];
  OPENER.lastIndex = 0;
  for (let m = OPENER.exec(text); m; m = OPENER.exec(text)) {
    const end = text.indexOf(CLOSER[m[0]], m.index + 2);
    if (end < 0) break;
    if (m[0] !== '{#') blocks.push(text.slice(m.index, end + 2));
    OPENER.lastIndex = end + 2;
  }
  return blocks;
}

const RELATION_MACRO = new RegExp(String.raw`\bproduct_warehouse_relation\(\s*(${STRING})\s*,\s*(${STRING})\s*\)`, 'g');
const TAG = /^\{%[-+]?\s*(if|elif|else|endif)\b([\s\S]*?)[-+]?%\}$/;
// `var('name'[, 'default']) == 'value'` (or !=), and the product warehouse's `product_warehouse_mode() == 'value'`.
const SIMPLE_CONDITION = new RegExp(String.raw`^\s*(${VAR}|product_warehouse_mode\(\s*\))\s*(==|!=)\s*(${STRING})\s*$`);

type Branch = { state: boolean | undefined; taken: boolean | undefined };

/** true/false when the condition compares a var with a literal; undefined for anything else. */
function evaluate(condition: string, vars: VarLookup): boolean | undefined {
  const m = SIMPLE_CONDITION.exec(condition);
  if (!m) return undefined;
  const value = m[1].startsWith('var') ? argValue(m[1], vars) : vars('product-warehouse-mode') ?? 'self-contained';
  if (value === undefined) return undefined;
  return (value === m[3].slice(1, -1)) === (m[2] === '==');
}

/** Whether the innermost branches are taken: false if any is known not taken, undefined if any is unknown. */
function branchTaken(stack: Branch[]): boolean | undefined {
  let result: boolean | undefined = true;
  for (const b of stack) {
    if (b.state === false) return false;
    if (b.state === undefined) result = undefined;
  }
  return result;
}

/** Applies an if/elif/else/endif tag to the branch stack. */
function applyTag(stack: Branch[], tag: string, condition: string, vars: VarLookup): void {
  if (tag === 'if') {
    const state = evaluate(condition, vars);
    stack.push({ state, taken: state });
  } else if (tag === 'endif') stack.pop();
  else if (stack.length) {
    const top = stack[stack.length - 1];
    // An earlier branch taken: this one is not. None known: this one is known only if its own test is.
    const state = top.taken === true ? false : tag === 'else' ? (top.taken === false ? true : undefined) : top.taken === false ? evaluate(condition, vars) : undefined;
    top.state = state;
    top.taken = top.taken === true || state === true ? true : top.taken === false && state === false ? false : undefined;
  }
}

/**
 * Every ref/source call in a model file's text, in order (duplicates kept; the graph merges them). A branch of
 * `{% if %}` whose test compares a var with a literal is decided from the project's vars (calls in branches not
 * taken are left out, as dbt leaves them); calls in branches that cannot be decided are marked conditional.
 */
export function refsInText(text: string, python: boolean, vars: VarLookup = () => undefined, relation?: RelationMacro): TextRef[] {
  if (python) return callsIn(text, vars);
  const refs: TextRef[] = [];
  const stack: Branch[] = [];
  for (const block of jinjaBlocks(text)) {
    const tag = TAG.exec(block);
    // A tag's own test runs in the branch around it (an elif's: its if's).
    const taken = branchTaken(tag && tag[1] !== 'if' ? stack.slice(0, -1) : stack);
    if (tag) {
      applyTag(stack, tag[1], tag[2], vars);
      if (tag[1] !== 'if' && tag[1] !== 'elif') continue;
    }
    if (taken === false) continue;
    const found = tag ? callsIn(tag[2], vars) : callsIn(block, vars);
    if (relation) {
      for (const m of block.matchAll(RELATION_MACRO)) {
        const value = vars(m[1].slice(1, -1));
        found.push(...(value === undefined ? [{ kind: 'source' as const, source: relation.cdpSource, table: m[2].slice(1, -1) }] : callsIn(value, vars, 1)));
      }
    }
    refs.push(...(taken === undefined ? found.map((r) => ({ ...r, conditional: true as const })) : found));
  }
  return refs;
}

function callsIn(text: string, vars: VarLookup, depth = 0): TextRef[] {
  const refs: TextRef[] = [];
  if (depth === 0) {
    for (const m of text.matchAll(VAR_CALL)) {
      const value = argValue(m[0], vars);
      if (value !== undefined && /\b(ref|source)\(/.test(value)) refs.push(...callsIn(value, vars, 1));
    }
  }
  for (const m of text.matchAll(CALL_START)) {
    FIXED_ARGS.lastIndex = (m.index ?? 0) + m[0].length;
    const fixedArgs = FIXED_ARGS.exec(text);
    const args = [...(fixedArgs?.[1] ?? '').matchAll(ONE_ARG)].map((a) => argValue(a[0], vars));
    const fixed = fixedArgs !== null && args.every((a): a is string => a !== undefined);
    if (m[1] === 'ref' && fixed && (args.length === 1 || args.length === 2)) {
      refs.push(args.length === 2 ? { kind: 'ref', packageName: args[0], name: args[1] } : { kind: 'ref', name: args[0] });
    } else if (m[1] === 'source' && fixed && args.length === 2) {
      refs.push({ kind: 'source', source: args[0], table: args[1] });
    } else {
      refs.push({ kind: 'dynamic', call: callText(text, m.index ?? 0) });
    }
  }
  return refs;
}

function argValue(arg: string, vars: VarLookup): string | undefined {
  if (arg.startsWith('var')) {
    const [name, fallback] = [...arg.matchAll(new RegExp(STRING, 'g'))].map((s) => s[0].slice(1, -1));
    return vars(name) ?? (fallback === undefined ? undefined : detach(fallback));
  }
  return detach(arg.slice(1, -1));
}

/**
 * A copy of a substring that does not keep its source alive: V8 makes substrings as views into the whole text, and
 * the refs of every model file are held for the session (measured: the model files' texts would stay in memory).
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

/** The call's text up to its closing parenthesis (quotes respected), at most 120 characters. */
function callText(text: string, start: number): string {
  let depth = 0;
  let quote = '';
  const end = Math.min(text.length, start + 120);
  for (let i = start; i < end; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === "'" || c === '"') quote = c;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return detach(text.slice(start, i + 1));
  }
  return `${text.slice(start, end).split('\n')[0]}…`;
}
