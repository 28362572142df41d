/**
 * The preview's entry point in the language service: finds the model's project, gathers its inputs, picks the
 * adapter (asked for, else the profile's, else DuckDB) and renders. Every failure is an outcome, never a throw.
 */
import * as path from 'path';
import { FileSystem, Logger } from '../types';
import { Workspace } from '../project/workspace';
import { adapterOf } from '../project/profiles';
import { mapPair, ParsedYaml, stringValue } from '../yaml/yamlDocument';
import { ADAPTERS } from '../scaffold/plan';
import { Adapter, RenderOutcome } from './outcome';

export type { RenderOutcome };
import { modelProject } from './modelInfo';
import { foldersBelow, renderProjectOf } from './projectInputs';
import { readTarget } from './profileTarget';
import { RenderTarget } from './relations';
import { RenderProject, renderModel } from './renderModel';
import { RenderError } from './renderError';

export interface RenderOptions {
  adapter?: string;
  incremental?: boolean;
  /** Unsaved text of the model; else the open editor's, else the file's. */
  text?: string;
}

/**
 * What a render gathered from disk for a project, reused while nothing changed: the service clears it on every
 * watched-file event, and an entry is only valid for the same dbt_project.yml parse and index version.
 */
export type RenderInputsCache = Map<string, CachedInputs>;

interface CachedInputs {
  config: ParsedYaml | undefined;
  version: number;
  inputs: RenderProject;
  profilesText: string | undefined;
  /** Targets by adapter: reading one renders the profile's Jinja. */
  targets: Map<Adapter, RenderTarget>;
}

export interface RenderDeps {
  fs: FileSystem;
  logger: Logger;
  workspace: Workspace;
  profilesDirs: string[];
  env: Record<string, string | undefined>;
  openText(file: string): string | undefined;
  configOf(projectRoot: string): ParsedYaml | undefined;
  /** Absent in one-shot use (the CLI). */
  cache?: RenderInputsCache;
}

export async function renderFile(deps: RenderDeps, file: string, options: RenderOptions): Promise<RenderOutcome> {
  const model = path.basename(file, '.sql');
  const incremental = options.incremental === true;
  const fail = (message: string, adapter?: Adapter, where?: RenderError): RenderOutcome =>
    ({ ok: false, model, adapter, incremental, message, file: where?.file, line: where?.line });
  const found = await modelProject(deps.workspace, deps.fs, file);
  if ('error' in found) return fail(found.error);
  const { project, modelRoots } = found;
  const config = deps.configOf(project.root);
  const profileName = stringValue(mapPair(config?.doc.contents, 'profile')?.value);
  let cached = deps.cache?.get(project.root);
  if (!cached || cached.config !== config || cached.version !== project.version) {
    let profilesText: string | undefined;
    for (const dir of [project.root, ...deps.profilesDirs]) {
      profilesText = await deps.fs.readFile(path.join(dir, 'profiles.yml')).catch(() => undefined);
      if (profilesText !== undefined) break;
    }
    cached = { config, version: project.version, inputs: await renderProjectOf(deps, project, config), profilesText, targets: new Map() };
    deps.cache?.set(project.root, cached);
  }
  const { profilesText, inputs, targets } = cached;
  const asked = options.adapter;
  if (asked !== undefined && !(ADAPTERS as readonly string[]).includes(asked)) {
    return fail(`Unknown adapter "${asked}": one of ${ADAPTERS.join(', ')}`);
  }
  const detected = profilesText === undefined ? undefined : adapterOf(profilesText, profileName);
  const adapter = (asked ?? ((ADAPTERS as readonly string[]).includes(detected ?? '') ? detected : 'duckdb')) as Adapter;
  const text = options.text ?? deps.openText(file) ?? (await deps.fs.readFile(file).catch(() => undefined));
  if (text === undefined) return fail(`Cannot read ${file}`, adapter);
  try {
    const target = targets.get(adapter) ?? readTarget(profilesText, profileName, adapter, deps.env);
    targets.set(adapter, target);
    const result = renderModel(inputs, { modelPath: file, folderParts: foldersBelow(modelRoots, file), text, adapter, incremental, target, env: deps.env });
    return { ok: true, model, adapter, incremental, ...result, target: target.name };
  } catch (e) {
    if (e instanceof RenderError) return fail(e.message, adapter, e);
    deps.logger.warn(`Rendering ${file} failed: ${(e as Error).stack ?? e}`);
    return fail(`Rendering failed: ${(e as Error).message}`, adapter);
  }
}
