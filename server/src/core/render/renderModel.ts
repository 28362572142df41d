/**
 * Renders one model's dbt-Jinja into the SQL dbt would compile for a given adapter, without Python: pure, from
 * the model's (possibly unsaved) text and what the project declares. Anything it cannot render is a RenderError
 * naming the line, never a silently different SQL.
 */
import * as path from 'path';
import * as nunjucks from 'nunjucks';
import { Adapter } from './crossDbMacros';
import { dbtGlobals, defineModelNames, ModelState } from './dbtContext';
import { folderConfig } from './folderConfig';
import { formatSql } from './formatSql';
import { createEnvironment, MacroFile, MacroLibrary, toNunjucks } from './jinja';
import { relationName, RelationParts, RenderTarget, UNKNOWN_DATABASE, UNKNOWN_SCHEMA } from './relations';
import { fromTemplateError, RenderError } from './renderError';

export interface NodeRef {
  name: string;
  packageName: string;
  /** The node's folders below its model-path, then its name (for folder config). */
  pathParts: string[];
  kind: 'model' | 'seed' | 'snapshot';
}

export interface SourceRef {
  database?: string;
  schema?: string;
  identifier?: string;
}

/** What a render needs to know of a project: gathered by the service, plain data here. */
export interface RenderProject {
  name: string;
  root: string;
  macros: MacroFile[];
  /** `vars:` of dbt_project.yml as plain data. */
  vars: Record<string, unknown>;
  /** `models:` / `seeds:` of dbt_project.yml as plain data. */
  modelsTree: unknown;
  seedsTree: unknown;
  packageNames: string[];
  varDefaults: Record<string, unknown>;
  findNode(packageName: string | undefined, name: string): NodeRef | undefined;
  findSource(sourceName: string, table: string): SourceRef | undefined;
}

export interface RenderRequest {
  modelPath: string;
  /** The model's folders below its model-path (for folder config); the file name is added here. */
  folderParts: string[];
  text: string;
  adapter: Adapter;
  incremental: boolean;
  /** Undefined when no profile was readable: relation names then hold placeholders. */
  target: RenderTarget;
  env: Record<string, string | undefined>;
}

export interface RenderResult {
  /** Formatted in the adapter's dialect. */
  sql: string;
  /** As rendered, before formatting. */
  raw: string;
  formatError?: string;
  config: Record<string, unknown>;
  /** The model's own relation name (`{{ this }}`). */
  relation: string;
  placeholders: boolean;
}

interface Prepared {
  env: nunjucks.Environment;
  library: MacroLibrary;
  current?: ModelState;
}

/**
 * One environment per project inputs: compiling macros is the costly part, and the language service keeps the same
 * inputs object until a file event, so renders per keystroke reuse it.
 */
const preparedFor = new WeakMap<RenderProject, Prepared>();

function prepare(project: RenderProject): Prepared {
  const hit = preparedFor.get(project);
  if (hit) return hit;
  const prepared = {} as Prepared;
  const state = (): ModelState => {
    if (!prepared.current) throw new RenderError('no model is being rendered');
    return prepared.current;
  };
  prepared.env = createEnvironment(dbtGlobals(state, () => prepared.library));
  defineModelNames((prepared.env as unknown as { globals: Record<string, unknown> }).globals, state);
  prepared.library = new MacroLibrary(prepared.env, project.macros, project.name);
  preparedFor.set(project, prepared);
  return prepared;
}

function scopedVars(project: RenderProject, packageName: string): Record<string, unknown> {
  const scopes = new Set([project.name, ...project.packageNames]);
  const global: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(project.vars)) {
    const isScope = scopes.has(key) && typeof value === 'object' && value !== null && !Array.isArray(value);
    if (!isScope) global[key] = value;
  }
  const scoped = project.vars[packageName];
  return { ...global, ...(typeof scoped === 'object' && scoped !== null ? (scoped as Record<string, unknown>) : {}) };
}

export function renderModel(project: RenderProject, request: RenderRequest): RenderResult {
  const prepared = prepare(project);
  const { adapter, target } = request;
  const name = path.basename(request.modelPath).replace(/\.sql$/, '');
  const database = target.database ?? UNKNOWN_DATABASE;
  const targetSchema = target.schema ?? UNKNOWN_SCHEMA;
  const renderString = (text: string): string => prepared.env.renderString(toNunjucks(text, false), {});

  const schemaFor = (custom: unknown, node: NodeRef): string => {
    const override = prepared.library.root.get('generate_schema_name');
    if (override) return String(override(custom ?? null, { name: node.name, package_name: node.packageName })).trim();
    return custom === undefined || custom === null ? targetSchema : `${targetSchema}_${String(custom).trim()}`;
  };
  const partsOf = (node: NodeRef, config: Record<string, unknown>): RelationParts => ({
    database: typeof config.database === 'string' ? config.database : database,
    schema: schemaFor(config.schema, node),
    identifier: typeof config.alias === 'string' ? config.alias : node.name,
  });
  const configOf = (node: NodeRef) => folderConfig(node.kind === 'seed' ? project.seedsTree : project.modelsTree, node.packageName, node.pathParts);

  const self: NodeRef = { name, packageName: project.name, pathParts: [...request.folderParts, name], kind: 'model' };
  const state: ModelState = {
    adapter, target,
    vars: scopedVars(project, project.name),
    varDefaults: project.varDefaults,
    incremental: request.incremental,
    config: configOf(self),
    model: { name, packageName: project.name, path: request.modelPath },
    ref: (pkg, refName) => {
      const node = project.findNode(pkg, refName);
      return node && partsOf(node, configOf(node));
    },
    source: (sourceName, table) => {
      const source = project.findSource(sourceName, table);
      if (!source) return undefined;
      const render = (v: string | undefined) => (v !== undefined && /\{[{%]/.test(v) ? renderString(v).trim() : v);
      return { database: render(source.database) ?? database, schema: render(source.schema) ?? sourceName, identifier: render(source.identifier) ?? table };
    },
    env: request.env,
    renderString,
    self: () => partsOf(self, state.config),
    configTrack: { read: false, changedAfterRead: false },
  };
  const previous = prepared.current;
  prepared.current = state;
  try {
    // A first pass collects config(): `this` needs alias/schema, and is_incremental() the materialization.
    const template = new nunjucks.Template(toNunjucks(request.text, false), prepared.env, request.modelPath, true);
    const raw = renderOnceOrTwice(template, state);
    const formatted = formatSql(raw, adapter);
    const relation = relationName(adapter, partsOf(self, state.config));
    return {
      sql: formatted.sql, raw, ...('formatError' in formatted ? { formatError: formatted.formatError } : {}),
      config: { materialized: 'view', ...state.config }, relation,
      placeholders: target.database === undefined || target.schema === undefined,
    };
  } catch (e) {
    throw fromTemplateError(e, request.modelPath);
  } finally {
    prepared.current = previous;
  }
}

/**
 * dbt knows a model's whole config before compiling it. Here config() runs in template order, so when it changed the
 * config after something read it (is_incremental, this, config.get), the model renders again with the final config.
 */
function renderOnceOrTwice(template: nunjucks.Template, state: ModelState): string {
  const output = template.render({});
  if (!state.configTrack.changedAfterRead) return output;
  state.configTrack = { read: false, changedAfterRead: false };
  return template.render({});
}
