/**
 * The preview's entry point in the language service: finds the model's project, gathers what the engine needs
 * (once per version of the project's files), picks the adapter (asked for, else the profile's, else DuckDB), asks
 * the engine, reads the other models it asks for, and formats. Every failure is an outcome, never a throw.
 */
import * as path from 'path';
import { FileSystem, Logger, MAX_CONFIG_FILE_BYTES } from '../types';
import { Workspace } from '../project/workspace';
import { adapterOfParsed } from '../project/profiles';
import { readTextFile } from '../project/walk';
import { mapPair, parseYaml, ParsedYaml, stringValue } from '../yaml/yamlDocument';
import { ADAPTERS } from '../scaffold/plan';
import { DbtProject } from '../project/dbtProject';
import { catalogPath, catalogStamp, readCatalog } from './catalog';
import { EngineAnswer, EngineProject, TemplateEngine } from './engine';
import { enginePayload } from './enginePayload';
import { inProcessFormatter, SqlFormatter } from './formatSql';
import { modelProject } from './modelInfo';
import { Adapter, RenderOutcome } from './outcome';

export type { RenderOutcome };

export interface RenderOptions {
  adapter?: string;
  incremental?: boolean;
  /** Unsaved text of the model; else the open editor's, else the file's. */
  text?: string;
}

/** Seconds a render may take inside the engine (the engine's first start is not counted). */
export const RENDER_SECONDS = 5;
/** Model files larger than this are not rendered: the preview says so. */
export const MAX_MODEL_BYTES = 2 * 1024 * 1024;
/** ref() chains are followed at most this deep (each step reads the models the engine asked for). */
const MAX_TEXT_ROUNDS = 64;

/**
 * What a render gathered from disk for a project, reused while nothing changed: the service clears it on every
 * watched-file event, and an entry is only valid for the same dbt_project.yml parse and index version.
 */
export type RenderInputsCache = Map<string, CachedInputs>;

interface CachedInputs {
  config: ParsedYaml | undefined;
  version: number;
  project: EngineProject;
  /** The adapter of the profile's default target, if it names one we render for (parsed once per entry). */
  detected: string | undefined;
  /** target/catalog.json's size and mtime when read: `dbt docs generate` writes it outside the index's view. */
  catalogStamp: string;
  catalogFile: string | undefined;
  texts: Map<string, string>;
}

export interface RenderDeps {
  fs: FileSystem;
  logger: Logger;
  workspace: Workspace;
  /** Where dbt looks for profiles.yml after DBT_PROFILES_DIR and the project folder (~/.dbt). */
  profilesDirs: string[];
  env: Record<string, string | undefined>;
  engine?: TemplateEngine;
  /** Where the SQL is formatted (a worker with a deadline in the Node adapters); in-process when absent. */
  formatter?: SqlFormatter;
  openText(file: string): string | undefined;
  configOf(projectRoot: string): ParsedYaml | undefined;
  /** Absent in one-shot use (the CLI). */
  cache?: RenderInputsCache;
}

/** profiles.yml as dbt finds it: DBT_PROFILES_DIR first, then the project folder, then ~/.dbt. */
async function readProfiles(deps: RenderDeps, project: DbtProject): Promise<string | undefined> {
  const fromEnv = deps.env.DBT_PROFILES_DIR;
  const dirs = [...(fromEnv ? [fromEnv] : []), project.root, ...deps.profilesDirs.filter((d) => d !== fromEnv)];
  const realRoot = await deps.fs.realpath(project.root).catch(() => project.root);
  for (const dir of dirs) {
    const file = path.join(dir, 'profiles.yml');
    // The project's own profiles.yml is workspace text: read only if it really lies inside the project.
    const text = await readTextFile(deps.fs, file, MAX_CONFIG_FILE_BYTES, deps.logger, dir === project.root ? realRoot : undefined);
    if (text !== undefined) return text;
  }
  return undefined;
}

async function inputsFor(deps: RenderDeps, project: DbtProject): Promise<CachedInputs> {
  const config = deps.configOf(project.root);
  const cached = deps.cache?.get(project.root);
  const catalogFile = catalogPath(project.root, stringValue(mapPair(config?.doc.contents, 'target-path')?.value), deps.env);
  const stamp = await catalogStamp(deps.fs, catalogFile);
  if (cached && cached.config === config && cached.version === project.version && cached.catalogStamp === stamp) return cached;
  const profilesText = await readProfiles(deps, project);
  const profiles = profilesText === undefined ? undefined : parseYaml(profilesText);
  const realRoot = await deps.fs.realpath(project.root).catch(() => project.root);
  const payload = await enginePayload(deps, project, config, profiles, realRoot);
  const catalog = stamp === 'none' ? undefined : await readCatalog(deps.fs, catalogFile, realRoot, deps.logger);
  if (catalog) payload.catalog = catalog;
  const profileName = stringValue(mapPair(config?.doc.contents, 'profile')?.value);
  const detected = profiles === undefined ? undefined : adapterOfParsed(profiles, profileName);
  const inputs = { config, version: project.version, project: { key: project.root, payload }, detected, catalogStamp: stamp, catalogFile, texts: new Map<string, string>() };
  deps.cache?.set(project.root, inputs);
  return inputs;
}

/** The texts the engine asked for: only files the payload lists as nodes, read with the usual guards. */
async function readNeeded(deps: RenderDeps, inputs: CachedInputs, paths: string[]): Promise<Record<string, string> | string> {
  const known = new Set(inputs.project.payload.nodes.map((n) => n.path));
  const texts: Record<string, string> = {};
  for (const file of paths) {
    if (!known.has(file)) return `The engine asked for ${file}, which is not a node of this project`;
    let text = inputs.texts.get(file) ?? deps.openText(file);
    if (text === undefined) text = await readTextFile(deps.fs, file, MAX_MODEL_BYTES, deps.logger);
    if (text === undefined) return `Cannot read ${file}, which this model refers to`;
    inputs.texts.set(file, text);
    texts[file] = text;
  }
  return texts;
}

/** Every failure is an outcome: a project file that breaks a reader (an alias bomb, a stack overflow) included. */
export async function renderFile(deps: RenderDeps, file: string, options: RenderOptions): Promise<RenderOutcome> {
  try {
    return await render(deps, file, options);
  } catch (e) {
    deps.logger.warn(`Rendering ${file} failed: ${(e as Error).stack ?? e}`);
    return { ok: false, model: path.basename(file, '.sql'), incremental: options.incremental === true, message: `The preview could not read this project: ${(e as Error).message}`, file, kind: 'error' };
  }
}

async function render(deps: RenderDeps, file: string, options: RenderOptions): Promise<RenderOutcome> {
  const startedAt = Date.now();
  const model = path.basename(file, '.sql');
  const incremental = options.incremental === true;
  type Where = { file?: string; line?: number; kind?: 'error' | 'connection' | 'timeout' | 'engine' };
  const fail = (message: string, adapter?: Adapter, where?: Where): RenderOutcome =>
    ({ ok: false, model, adapter, incremental, message, file: where?.file, line: where?.line, ...(where?.kind ? { kind: where.kind } : {}) });
  const found = await modelProject(deps.workspace, deps.fs, file);
  if ('error' in found) return fail(found.error);
  const { project, node } = found;
  const inputs = await inputsFor(deps, project);
  const asked = options.adapter;
  if (asked !== undefined && !(ADAPTERS as readonly string[]).includes(asked)) {
    return fail(`Unknown adapter "${asked}": one of ${ADAPTERS.join(', ')}`);
  }
  const detected = inputs.detected;
  const adapter = (asked ?? ((ADAPTERS as readonly string[]).includes(detected ?? '') ? detected : 'duckdb')) as Adapter;
  const text = options.text ?? deps.openText(file) ?? (await readTextFile(deps.fs, file, MAX_MODEL_BYTES, deps.logger));
  if (text === undefined) return fail(`Cannot read ${file} (missing, not a regular file, or larger than ${MAX_MODEL_BYTES / 1024 / 1024} MB)`, adapter);
  if (text.length > MAX_MODEL_BYTES) return fail(`${model} is larger than ${MAX_MODEL_BYTES / 1024 / 1024} MB: the preview does not render it`, adapter);
  if (!deps.engine) return fail("The SQL preview's engine is not available in this session", adapter);
  let texts: Record<string, string> = {};
  let answer: EngineAnswer = { ok: false, need: [] };
  const engineFrom = Date.now();
  for (let round = 0; round < MAX_TEXT_ROUNDS; round++) {
    answer = await deps.engine.render(inputs.project, { path: file, text, adapter, incremental, node, texts, seconds: RENDER_SECONDS });
    if (answer.ok || !('need' in answer)) break;
    const read = await readNeeded(deps, inputs, answer.need);
    if (typeof read === 'string') return fail(read, adapter, { file });
    texts = { ...texts, ...read };
  }
  if (!answer.ok) {
    if ('need' in answer) return fail(`ref() chains deeper than ${MAX_TEXT_ROUNDS} models are not rendered`, adapter, { file });
    return fail(answer.message, adapter, { file: answer.file ?? file, line: answer.line ?? undefined, kind: answer.kind });
  }
  // The format gets what is left of the request's budget — unless the engine took a second already (its first start
  // in a session): that request is slow anyway, and its SQL should still come out formatted.
  const budgetFrom = Date.now() - engineFrom < 1000 ? startedAt : undefined;
  const formatted = await (deps.formatter ?? inProcessFormatter).format(answer.sql, adapter, budgetFrom);
  return {
    ok: true, model, adapter, incremental, sql: formatted.sql, raw: answer.sql,
    ...('formatError' in formatted ? { formatError: formatted.formatError } : {}),
    config: answer.config, relation: answer.relation, target: answer.target, placeholders: answer.placeholders,
    ...(answer.catalog ? { columnsFrom: { file: inputs.catalogFile!, generatedAt: answer.catalog.generated_at, relations: answer.catalog.relations, missing: answer.catalog.missing } } : {}),
  };
}
