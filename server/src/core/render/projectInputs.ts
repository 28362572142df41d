/**
 * Gathers what a render needs from an indexed project: macro files (the project's macro-paths and each installed
 * package's `macros/`), vars and folder config from dbt_project.yml (the open editor's text when there is one),
 * declared sources, and the target from profiles.yml.
 */
import * as path from 'path';
import { isSeq } from 'yaml';
import { FileSystem, Logger, MAX_CONFIG_FILE_BYTES } from '../types';
import { DbtProject } from '../project/dbtProject';
import { readTextFile, walk } from '../project/walk';
import { mapPair, parseYaml, ParsedYaml, stringValue } from '../yaml/yamlDocument';
import { VAR_REGISTRY } from '../vars/registry';
import { MacroFile } from './jinja';
import { NodeRef, RenderProject, SourceRef } from './renderModel';

export interface InputsEnv {
  fs: FileSystem;
  logger: Logger;
}

async function macroFiles(env: InputsEnv, dirs: { dir: string; packageName: string; boundary: string }[]): Promise<MacroFile[]> {
  const files: MacroFile[] = [];
  for (const { dir, packageName, boundary } of dirs) {
    const found: string[] = [];
    await walk(dir, { fs: env.fs, logger: env.logger, boundary, onFile: (file) => void (file.endsWith('.sql') && found.push(file)) });
    for (const file of found.sort()) {
      const text = await readTextFile(env.fs, file, MAX_CONFIG_FILE_BYTES, env.logger);
      if (text !== undefined) files.push({ path: file, text, packageName });
    }
  }
  return files;
}

async function sourcesOf(env: InputsEnv, files: string[]): Promise<Map<string, SourceRef>> {
  const sources = new Map<string, SourceRef>();
  for (const file of files) {
    const text = await readTextFile(env.fs, file, MAX_CONFIG_FILE_BYTES, env.logger);
    const list = text === undefined ? undefined : mapPair(parseYaml(text).doc.contents, 'sources')?.value;
    if (!isSeq(list)) continue;
    for (const source of list.items) {
      const sourceName = stringValue(mapPair(source, 'name')?.value);
      const tables = mapPair(source, 'tables')?.value;
      if (!sourceName || !isSeq(tables)) continue;
      for (const table of tables.items) {
        const tableName = stringValue(mapPair(table, 'name')?.value);
        if (!tableName || sources.has(`${sourceName}.${tableName}`)) continue;
        sources.set(`${sourceName}.${tableName}`, {
          database: stringValue(mapPair(source, 'database')?.value) ?? stringValue(mapPair(source, 'project')?.value),
          schema: stringValue(mapPair(source, 'schema')?.value) ?? stringValue(mapPair(source, 'dataset')?.value),
          identifier: stringValue(mapPair(table, 'identifier')?.value),
        });
      }
    }
  }
  return sources;
}

/** The folders of `file` below whichever of `roots` holds it. */
export function foldersBelow(roots: string[], file: string): string[] {
  for (const root of roots) {
    const rel = path.relative(root, path.dirname(file));
    if (!rel.startsWith('..') && !path.isAbsolute(rel)) return rel === '' ? [] : rel.split(path.sep);
  }
  return [];
}

export async function renderProjectOf(env: InputsEnv, project: DbtProject, config: ParsedYaml | undefined): Promise<RenderProject> {
  const data = (config ?? parseYaml('')).doc.toJS() as Record<string, unknown> | null;
  const packageDirs = [...project.packages.values()].map((p) => ({ dir: path.join(p.root, 'macros'), packageName: p.name, boundary: project.root }));
  const macros = await macroFiles(env, [
    ...project.config.macroPaths.map((p) => ({ dir: p.absolute, packageName: project.name, boundary: project.root })),
    ...packageDirs,
  ]);
  const sources = await sourcesOf(env, project.sourceFiles());
  const modelRoots = (packageName: string): string[] => {
    const pkg = project.packages.get(packageName);
    return pkg ? [path.join(pkg.root, 'models'), path.join(pkg.root, 'seeds')] : [...project.config.modelPaths, ...project.config.seedPaths, ...project.config.snapshotPaths].map((p) => p.absolute);
  };
  const vars = data && isObject(data.vars) ? data.vars : {};
  return {
    name: project.name,
    root: project.root,
    macros,
    vars,
    modelsTree: data?.models,
    seedsTree: data?.seeds,
    packageNames: [...project.packages.keys()],
    varDefaults: Object.fromEntries(VAR_REGISTRY.map((v) => [v.name, v.default])),
    findNode(packageName, name): NodeRef | undefined {
      const node = project.lookup(name).find((n) => packageName === undefined || n.packageName === packageName);
      if (!node) return undefined;
      return { name: node.name, packageName: node.packageName, kind: node.kind, pathParts: [...foldersBelow(modelRoots(node.packageName), node.path), node.name] };
    },
    findSource: (sourceName, table) => sources.get(`${sourceName}.${table}`),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
