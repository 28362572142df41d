/**
 * dbt-flavoured Jinja on nunjucks (the maintained Jinja2 port for JavaScript): dbt's `return()`, `{% do %}`,
 * `{% test %}` blocks, `none`/`True`/`False`, the `is none` test and dbt's `as_*` filters. Macros from project
 * and package macro files become callables; each call keeps its own `return()` slot.
 */
import * as nunjucks from 'nunjucks';
import { RenderError } from './renderError';

nunjucks.installJinjaCompat();
installStringMethods();

/** Python's str methods that dbt models and macros call (`'x'.upper()`, `name.startswith('stg_')`, …). */
const STRING_METHODS: Record<string, (s: string, ...args: unknown[]) => unknown> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s, chars) => trimChars(s, chars, true, true),
  lstrip: (s, chars) => trimChars(s, chars, true, false),
  rstrip: (s, chars) => trimChars(s, chars, false, true),
  startswith: (s, prefix) => s.startsWith(String(prefix)),
  endswith: (s, suffix) => s.endsWith(String(suffix)),
  replace: (s, from, to) => s.split(String(from)).join(String(to)),
  split: (s, sep) => (sep === undefined || sep === null ? s.trim().split(/\s+/).filter(Boolean) : s.split(String(sep))),
  join: (s, items) => (Array.isArray(items) ? items.map(String).join(s) : ''),
  title: (s) => s.replace(/\w\S*/g, (w) => w[0].toUpperCase() + w.slice(1).toLowerCase()),
  capitalize: (s) => (s ? s[0].toUpperCase() + s.slice(1).toLowerCase() : s),
};

function trimChars(s: string, chars: unknown, left: boolean, right: boolean): string {
  const set = chars === undefined || chars === null ? undefined : String(chars);
  const strip = (c: string) => (set === undefined ? /\s/.test(c) : set.includes(c));
  let start = 0;
  let end = s.length;
  while (left && start < end && strip(s[start])) start++;
  while (right && end > start && strip(s[end - 1])) end--;
  return s.slice(start, end);
}

function installStringMethods(): void {
  const runtime = (nunjucks as unknown as { runtime: { memberLookup: (obj: unknown, key: unknown, ...rest: unknown[]) => unknown } }).runtime;
  const lookup = runtime.memberLookup;
  runtime.memberLookup = function memberLookup(this: unknown, obj: unknown, key: unknown, ...rest: unknown[]) {
    if (rest.length < 2 && (typeof obj === 'string' || obj instanceof String) && typeof key === 'string' && Object.prototype.hasOwnProperty.call(STRING_METHODS, key)) {
      const text = String(obj);
      return (...args: unknown[]) => STRING_METHODS[key](text, ...args);
    }
    return lookup.call(this, obj, key, ...rest);
  };
}

export interface MacroFile {
  path: string;
  text: string;
  /** The project or package the file belongs to. */
  packageName: string;
}

export type Callable = (...args: unknown[]) => unknown;

const NO_RETURN = Symbol('no return');
// Nunjucks exports no name that starts with an underscore.
const RAW_PREFIX = 'pw_raw__';

/** Rewrites what dbt adds to Jinja into what nunjucks reads; every rewrite keeps line numbers. */
export function toNunjucks(text: string, isMacroFile: boolean): string {
  let out = text.replace(/\{%(-?)\s*do\s/g, '{%$1 set __pw_do = ');
  if (isMacroFile) {
    out = out
      .replace(/\{%(-?)\s*materialization\b[\s\S]*?\{%-?\s*endmaterialization\s*-?%\}/g, (block) => block.replace(/[^\n]/g, ''))
      .replace(/\{%(-?)\s*test\s+(\w+)\s*\(/g, '{%$1 macro test_$2(')
      .replace(/\{%(-?)\s*endtest\s*(-?)%\}/g, '{%$1 endmacro $2%}')
      .replace(/\{%(-?)\s*macro\s+(\w+)\s*\(/g, `{%$1 macro ${RAW_PREFIX}$2(`);
  }
  return out;
}

export function macroNames(text: string): string[] {
  return [...toNunjucks(text, true).matchAll(new RegExp(`macro ${RAW_PREFIX}(\\w+)\\(`, 'g'))].map((m) => m[1]);
}

export function createEnvironment(globals: Record<string, unknown>): nunjucks.Environment {
  const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: true });
  // addTest exists at runtime (nunjucks >= 3.0) but is missing from @types/nunjucks.
  const tests = env as unknown as { addTest(name: string, test: (v: unknown) => boolean): void };
  tests.addTest('none', (v: unknown) => v === null || v === undefined);
  tests.addTest('string', (v: unknown) => typeof v === 'string' || v instanceof String);
  tests.addTest('mapping', (v: unknown) => typeof v === 'object' && v !== null && !Array.isArray(v));
  env.addFilter('as_number', (v: unknown) => Number(v));
  env.addFilter('as_bool', (v: unknown) => v === true || String(v).toLowerCase() === 'true');
  env.addFilter('as_text', (v: unknown) => String(v));
  env.addFilter('as_native', (v: unknown) => v);
  env.addFilter('tojson', (v: unknown) => JSON.stringify(v));
  for (const [name, value] of Object.entries(globals)) env.addGlobal(name, value);
  return env;
}

/** Strips nunjucks' keyword-argument marker: `f(a, b=1)` arrives as `[a, {b: 1, __keywords: true}]`. */
export function splitKeywords(args: unknown[]): { positional: unknown[]; keywords: Record<string, unknown> } {
  const last = args[args.length - 1] as Record<string, unknown> | undefined;
  if (last && typeof last === 'object' && last.__keywords === true) {
    const { __keywords: _marker, ...keywords } = last;
    return { positional: args.slice(0, -1), keywords };
  }
  return { positional: args, keywords: {} };
}

/**
 * The macros of one project and its packages, compiled once. `returns` is the stack of `return()` slots of the
 * macro calls in progress; `return` writes the innermost one and the call yields that value instead of its text.
 */
export class MacroLibrary {
  readonly root = new Map<string, Callable>();
  readonly packages = new Map<string, Map<string, Callable>>();
  /** Macro files that failed to compile: the preview names them if a model needs one of their macros. */
  readonly broken: RenderError[] = [];
  private readonly returns: unknown[] = [];

  constructor(readonly env: nunjucks.Environment, files: readonly MacroFile[], rootPackage: string) {
    env.addGlobal('return', (value: unknown) => {
      if (this.returns.length === 0) throw new RenderError('return() is only allowed inside a macro');
      this.returns[this.returns.length - 1] = value;
      return '';
    });
    const raw = new Map<string, Callable>();
    for (const file of files) {
      const own = file.packageName === rootPackage ? this.root : this.namespace(file.packageName);
      for (const name of macroNames(file.text)) own.set(name, this.wrap(() => raw.get(`${file.packageName}.${name}`), name, file.path));
    }
    for (const [name, macro] of this.root) env.addGlobal(name, macro);
    for (const [pkg, macros] of this.packages) env.addGlobal(pkg, Object.fromEntries(macros));
    for (const file of files) {
      try {
        const template = new nunjucks.Template(toNunjucks(file.text, true), env, file.path, true);
        // Inside a package, bare names reach the package's own macros first, as in dbt.
        const context = file.packageName === rootPackage ? {} : Object.fromEntries(this.namespace(file.packageName));
        const exported = exportsOf(template, context);
        for (const [key, value] of Object.entries(exported)) {
          if (key.startsWith(RAW_PREFIX)) raw.set(`${file.packageName}.${key.slice(RAW_PREFIX.length)}`, value as Callable);
        }
      } catch (e) {
        this.broken.push(new RenderError((e as Error).message, file.path));
      }
    }
  }

  private namespace(pkg: string): Map<string, Callable> {
    let macros = this.packages.get(pkg);
    if (!macros) this.packages.set(pkg, (macros = new Map()));
    return macros;
  }

  private wrap(resolve: () => Callable | undefined, name: string, file: string): Callable {
    return (...args: unknown[]) => {
      const macro = resolve();
      if (!macro) throw new RenderError(`macro ${name} could not be compiled (${this.broken.map((b) => b.describe()).join('; ')})`);
      this.returns.push(NO_RETURN);
      try {
        const output = macro(...args);
        const returned = this.returns[this.returns.length - 1];
        return returned === NO_RETURN ? output : returned;
      } catch (e) {
        throw inMacro(e, name, file);
      } finally {
        this.returns.pop();
      }
    };
  }
}

/** Names the macro (and, when nunjucks knows it, the macro file's line) an error came from. */
function inMacro(error: unknown, name: string, file: string): RenderError {
  const { lineno } = error as { lineno?: number };
  const message = error instanceof Error ? error.message.replace(/^\(.*?\)(?: \[Line \d+, Column \d+\])?\s*\n\s*/, '') : String(error);
  const where = error instanceof RenderError || !lineno ? file : `${file}:${lineno}`;
  return new RenderError(`in macro ${name} (${where}): ${message}`);
}

function exportsOf(template: nunjucks.Template, context: object): Record<string, unknown> {
  let result: Record<string, unknown> = {};
  let failure: Error | undefined;
  // Synchronous templates call back before getExported returns.
  (template as unknown as { getExported(ctx: object, cb: (err: Error | null, exported: Record<string, unknown>) => void): void })
    .getExported(context, (err, exported) => {
      if (err) failure = err;
      else result = exported;
    });
  if (failure) throw failure;
  return result;
}
