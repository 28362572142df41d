/**
 * What the preview's engine needs to know of an indexed project, gathered from the index and the disk: each
 * project's (root and packages) dbt_project.yml as data, macro files of their macro-paths, nodes with their fqn and
 * properties, sources, the profile and the environment. Plain data only: the engine never calls back.
 */
import * as path from 'path';
import { FileSystem, Logger, MAX_CONFIG_FILE_BYTES } from '../types';
import { DbtProject } from '../project/dbtProject';
import { NodeTable } from '../project/nodeTable';
import { ProjectConfig } from '../project/projectConfig';
import { nodeFqn } from '../project/nodeEnabled';
import { readTextFile, walk } from '../project/walk';
import { ParsedYaml } from '../yaml/yamlDocument';
import { toPlainData } from '../yaml/plainData';
import { EngineNode, EnginePayload, EngineSource } from './engine';

export interface PayloadEnv {
  fs: FileSystem;
  logger: Logger;
  env: Record<string, string | undefined>;
}

/** Macro files are read up to this size each (larger ones are skipped with a warning). */
const MAX_MACRO_FILE_BYTES = 1024 * 1024;

interface Member {
  name: string;
  root: string;
  realRoot: string;
  config: ProjectConfig;
  parsed: ParsedYaml | undefined;
  table: NodeTable;
}

function membersOf(project: DbtProject, config: ParsedYaml | undefined, realRoot: string): Member[] {
  const members: Member[] = [{ name: project.name, root: project.root, realRoot, config: project.config, parsed: config, table: project.own }];
  for (const pkg of project.packages.values()) {
    members.push({ name: pkg.name, root: pkg.root, realRoot: pkg.realRoot, config: pkg.config, parsed: pkg.parsedConfig, table: pkg.table });
  }
  return members;
}

async function macroFiles(env: PayloadEnv, member: Member): Promise<EnginePayload['macros']> {
  const found: string[] = [];
  for (const setting of member.config.macroPaths) {
    await walk(setting.absolute, { fs: env.fs, logger: env.logger, boundary: member.realRoot, onFile: (file) => void (file.endsWith('.sql') && found.push(file)) });
  }
  const macros: EnginePayload['macros'] = [];
  for (const file of found.sort()) {
    const text = await readTextFile(env.fs, file, MAX_MACRO_FILE_BYTES, env.logger);
    if (text !== undefined) macros.push({ package: member.name, path: file, text });
  }
  return macros;
}

/** A node as dbt names it: fqn = package, folders below its model/seed/snapshot path, name. */
export function engineNode(member: { name: string; config: ProjectConfig }, kind: EngineNode['resource_type'], name: string, file: string): EngineNode {
  const paths = kind === 'seed' ? member.config.seedPaths : kind === 'snapshot' ? member.config.snapshotPaths : member.config.modelPaths;
  const fqn = nodeFqn(member.name, paths, file, name);
  return { name, package: member.name, resource_type: kind, path: file, fqn, relative_path: path.join(...fqn.slice(1, -1), path.basename(file)) };
}

function nodesOf(member: Member): EngineNode[] {
  const nodes: EngineNode[] = [];
  for (const indexed of member.table.nodes()) {
    // YAML-versioned models are documented, not defined, by their YAML file: their SQL files are the nodes.
    if (indexed.path.endsWith('.yml') || indexed.path.endsWith('.yaml')) continue;
    const node = engineNode(member, indexed.kind, indexed.name, indexed.path);
    const properties = member.table.getProperties(indexed.name).find((p) => p.kind === indexed.kind);
    if (properties) node.properties = properties.data;
    nodes.push(node);
  }
  return nodes;
}

function sourcesOf(member: Member): EngineSource[] {
  return [...member.table.sources()].map((s) => ({
    package: member.name, source_name: s.sourceName, name: s.table,
    database: s.details?.database ?? null, schema: s.details?.schema ?? null, identifier: s.details?.identifier ?? null,
    quoting: s.details?.quoting ?? {}, config: s.details?.config ?? {},
  }));
}

function profileOf(profilesYaml: ParsedYaml | undefined, profileName: string | undefined): unknown {
  if (!profilesYaml || !profileName) return null;
  const data = toPlainData(profilesYaml.doc.contents).value;
  const profile = data && typeof data === 'object' ? (data as Record<string, unknown>)[profileName] : undefined;
  return profile && typeof profile === 'object' ? { ...(profile as object), name: profileName } : null;
}

export async function enginePayload(env: PayloadEnv, project: DbtProject, config: ParsedYaml | undefined, profilesYaml: ParsedYaml | undefined, realRoot: string): Promise<EnginePayload> {
  const members = membersOf(project, config, realRoot);
  const macros = (await Promise.all(members.map((m) => macroFiles(env, m)))).flat();
  const projects: EnginePayload['projects'] = {};
  for (const m of members) projects[m.name] = { root: m.root, config: m.parsed ? toPlainData(m.parsed.doc.contents).value ?? {} : {} };
  const rootConfig = projects[project.name].config as Record<string, unknown>;
  const profileName = typeof rootConfig?.profile === 'string' ? rootConfig.profile : undefined;
  return {
    root: project.name,
    projects,
    macros,
    nodes: members.flatMap(nodesOf),
    sources: members.flatMap(sourcesOf),
    profile: profileOf(profilesYaml, profileName),
    env: Object.fromEntries(Object.entries(env.env).filter((e): e is [string, string] => typeof e[1] === 'string')),
  };
}

export const MAX_PROFILES_BYTES = MAX_CONFIG_FILE_BYTES;
