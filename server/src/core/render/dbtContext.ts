/**
 * The names dbt gives a model while compiling it (`ref`, `source`, `var`, `config`, `is_incremental`, `this`,
 * `target`, `adapter`, `dbt.*`, …). They read the model being rendered from `state()`, so one environment with
 * compiled macros serves every render of a project.
 */
import { Adapter, CROSS_DB_MACROS, translateType } from './crossDbMacros';
import { Callable, MacroLibrary, splitKeywords } from './jinja';
import { quoteIdentifier, Relation, RelationParts, RenderTarget } from './relations';
import { RenderError } from './renderError';

export interface ModelState {
  adapter: Adapter;
  target: RenderTarget;
  /** Vars as dbt resolves them for this model: global, then scoped to its package. */
  vars: Record<string, unknown>;
  /** Used when a var is neither set nor given a default in the call (the product warehouse's own vars). */
  varDefaults: Record<string, unknown>;
  incremental: boolean;
  /** Config from dbt_project.yml for the model's folder, then what `config()` calls add. */
  config: Record<string, unknown>;
  model: { name: string; packageName: string; path: string };
  ref(packageName: string | undefined, name: string): RelationParts | undefined;
  source(sourceName: string, table: string): RelationParts | undefined;
  env: Record<string, string | undefined>;
  /** Renders a var value that holds Jinja (dbt renders those in the model's context). */
  renderString(text: string): string;
  /** The model's own relation parts (`this`), from its config so far. */
  self(): RelationParts;
  /** Set when something read the config (is_incremental, this, config.get) and a later config() changed it. */
  configTrack: { read: boolean; changedAfterRead: boolean };
}

/** The config, noting that it was read: a config() after this means the model renders again. */
function readConfig(s: ModelState): Record<string, unknown> {
  s.configTrack.read = true;
  return s.config;
}

const CONNECTION_NEEDED = ['run_query', 'statement', 'load_result', 'load_relation', 'get_relation', 'get_columns_in_relation'];

function needsConnection(name: string): Callable {
  return () => {
    throw new RenderError(`${name}() needs a warehouse connection; the preview renders without one (use "Compile with dbt")`);
  };
}

export function dbtGlobals(state: () => ModelState, library: () => MacroLibrary): Record<string, unknown> {
  const relation = (parts: RelationParts) => new Relation(state().adapter, parts.database, parts.schema, parts.identifier);

  const dispatch = (name: string, namespace?: string): Callable => {
    const s = state();
    const lib = library();
    const prefixes = [s.adapter, ...(s.adapter === 'redshift' ? ['postgres'] : s.adapter === 'databricks' ? ['spark'] : []), 'default'];
    const scopes = [lib.root, ...(namespace && namespace !== 'dbt' ? [lib.packages.get(namespace)] : [...lib.packages.values()])];
    for (const prefix of prefixes) {
      for (const scope of scopes) {
        const macro = scope?.get(`${prefix}__${name}`);
        if (macro) return macro;
      }
    }
    const builtin = CROSS_DB_MACROS[name];
    if (builtin && (namespace === undefined || namespace === 'dbt')) return (...args) => builtin(s.adapter, ...args);
    throw new RenderError(`adapter.dispatch could not find a macro for '${name}'${namespace ? ` in '${namespace}'` : ''} (looked for ${prefixes.map((p) => `${p}__${name}`).join(', ')})`);
  };

  const config = Object.assign(
    (...args: unknown[]) => {
      const { positional, keywords } = splitKeywords(args);
      const given = positional[0] && typeof positional[0] === 'object' ? (positional[0] as Record<string, unknown>) : {};
      const s = state();
      Object.assign(s.config, given, keywords);
      if (s.configTrack.read) s.configTrack.changedAfterRead = true;
      return '';
    },
    {
      get: (key: string, fallback?: unknown) => readConfig(state())[key] ?? fallback ?? null,
      require: (key: string) => {
        if (!(key in state().config)) throw new RenderError(`config '${key}' is required`);
        return state().config[key];
      },
    },
  );

  const builtinDbt = Object.fromEntries(
    Object.entries(CROSS_DB_MACROS).map(([name]) => [name, (...args: unknown[]) => dispatch(name, 'dbt')(...args)]),
  );

  return {
    ...builtinDbt,
    dbt: builtinDbt,
    config,
    ref: (...args: unknown[]) => {
      const { positional } = splitKeywords(args);
      const [first, second] = positional.map(String);
      const [pkg, name] = positional.length >= 2 ? [first, second] : [undefined, first];
      const parts = state().ref(pkg, name);
      if (!parts) throw new RenderError(`ref('${pkg ? `${pkg}', '` : ''}${name}') points at no model, seed or snapshot of this project or its installed packages`);
      return relation(parts);
    },
    source: (sourceName: unknown, table: unknown) => {
      const parts = state().source(String(sourceName), String(table));
      if (!parts) throw new RenderError(`source('${sourceName}', '${table}') is not declared in any sources YAML of this project or its packages`);
      return relation(parts);
    },
    var: (...args: unknown[]) => {
      const { positional } = splitKeywords(args);
      const name = String(positional[0]);
      const s = state();
      let value: unknown;
      if (name in s.vars) value = s.vars[name];
      else if (positional.length > 1) value = positional[1];
      else if (name in s.varDefaults) value = s.varDefaults[name];
      else throw new RenderError(`Required var '${name}' not found in config: set it under vars: in dbt_project.yml or give var() a default`);
      return typeof value === 'string' && /\{[{%]/.test(value) ? s.renderString(value) : value;
    },
    is_incremental: () => state().incremental && readConfig(state()).materialized === 'incremental',
    env_var: (name: unknown, fallback?: unknown) => {
      const value = state().env[String(name)];
      if (value !== undefined) return value;
      if (fallback !== undefined) return fallback;
      throw new RenderError(`Env var required but not provided: '${name}'`);
    },
    adapter: {
      dispatch,
      quote: (identifier: unknown) => quoteIdentifier(state().adapter, String(identifier)),
      type: () => state().adapter,
      ...Object.fromEntries(CONNECTION_NEEDED.map((n) => [n, needsConnection(`adapter.${n}`)])),
    },
    api: { Column: { translate_type: (label: unknown) => translateType(state().adapter, String(label)) } },
    exceptions: {
      raise_compiler_error: (message: unknown) => {
        throw new RenderError(`Compilation Error: ${message}`);
      },
      raise_not_implemented: (message: unknown) => {
        throw new RenderError(`Not implemented: ${message}`);
      },
      warn: () => '',
    },
    ...Object.fromEntries(CONNECTION_NEEDED.map((n) => [n, needsConnection(n)])),
    log: () => '',
    execute: true,
    flags: { FULL_REFRESH: false, WHICH: 'compile' },
  };
}

/**
 * The per-model names, as getters on the globals: macros see the globals, not the model's render context, and
 * dbt gives macros the calling model's `this` and `target`.
 */
export function defineModelNames(globals: Record<string, unknown>, state: () => ModelState): void {
  const names: Record<string, () => unknown> = {
    this: () => {
      readConfig(state());
      const self = state().self();
      return new Relation(state().adapter, self.database, self.schema, self.identifier);
    },
    target: () => state().target.fields,
    model: () => ({ name: state().model.name, package_name: state().model.packageName, original_file_path: state().model.path, config: state().config }),
    project_name: () => state().model.packageName,
  };
  for (const [name, get] of Object.entries(names)) Object.defineProperty(globals, name, { get, enumerable: true, configurable: true });
}
