/** Reads the parts of dbt_project.yml the index needs: name and the folder settings. */
import * as path from 'path';
import { isSeq } from 'yaml';
import { Problem } from '../types';
import { mapPair, ParsedYaml, stringValue } from '../yaml/yamlDocument';

export interface PathSetting {
  /** As written in dbt_project.yml. */
  value: string;
  /** Resolved against the project root. */
  absolute: string;
  /** Offsets of the value node, when it came from the file. */
  range?: [number, number];
}

export interface ProjectConfig {
  name?: string;
  modelPaths: PathSetting[];
  seedPaths: PathSetting[];
  snapshotPaths: PathSetting[];
  macroPaths: PathSetting[];
  packagesInstallPath: PathSetting;
  targetPath: PathSetting;
  /** Path settings that leave the project folder: reported, never read. */
  problems: Problem[];
}

// Pre-1.0 keys (the 2020 package's era) are still read, as dbt 0.x did, so old projects index correctly.
const LIST_SETTINGS = [
  { key: 'modelPaths', names: ['model-paths', 'source-paths'], fallback: 'models' },
  { key: 'seedPaths', names: ['seed-paths', 'data-paths'], fallback: 'seeds' },
  { key: 'snapshotPaths', names: ['snapshot-paths'], fallback: 'snapshots' },
  { key: 'macroPaths', names: ['macro-paths'], fallback: 'macros' },
] as const;

export function isInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

export function readProjectConfig(parsed: ParsedYaml | undefined, root: string): ProjectConfig {
  const contents = parsed?.doc.contents;
  const problems: Problem[] = [];
  const resolve = (value: string, range: [number, number] | undefined, setting: string): PathSetting | undefined => {
    const absolute = path.resolve(root, value);
    if (isInside(root, absolute)) return { value, absolute, range };
    if (range) {
      problems.push({
        offset: range[0], length: range[1] - range[0], severity: 'error', code: 'path-outside-project',
        message: `${setting} entry "${value}" points outside the project folder; it is not read.`,
      });
    }
    return undefined;
  };
  const readList = (names: readonly string[], fallback: string): PathSetting[] => {
    for (const name of names) {
      const pair = mapPair(contents, name);
      if (!pair) continue;
      const items = isSeq(pair.value) ? pair.value.items : [pair.value];
      const settings: PathSetting[] = [];
      for (const item of items) {
        const value = stringValue(item);
        const range = (item as { range?: [number, number, number] }).range;
        const setting = value === undefined ? undefined : resolve(value, range && [range[0], range[1]], name);
        if (setting) settings.push(setting);
      }
      return settings;
    }
    return [{ value: fallback, absolute: path.resolve(root, fallback) }];
  };
  const readOne = (names: readonly string[], fallback: string): PathSetting => {
    for (const name of names) {
      const pair = mapPair(contents, name);
      const value = stringValue(pair?.value);
      if (value === undefined) continue;
      const range = (pair?.value as { range?: [number, number, number] }).range;
      const setting = resolve(value, range && [range[0], range[1]], name);
      if (setting) return setting;
    }
    return { value: fallback, absolute: path.resolve(root, fallback) };
  };
  const config: ProjectConfig = {
    name: stringValue(mapPair(contents, 'name')?.value),
    modelPaths: [],
    seedPaths: [],
    snapshotPaths: [],
    macroPaths: [],
    packagesInstallPath: readOne(['packages-install-path', 'modules-path'], 'dbt_packages'),
    targetPath: readOne(['target-path'], 'target'),
    problems,
  };
  for (const s of LIST_SETTINGS) config[s.key] = readList(s.names, s.fallback);
  return config;
}

/** True when two configs index the same folders (a vars-only edit needs no rescan). */
export function sameFolders(a: ProjectConfig, b: ProjectConfig): boolean {
  const key = (c: ProjectConfig) =>
    JSON.stringify([c.name, c.modelPaths, c.seedPaths, c.snapshotPaths, c.packagesInstallPath, c.targetPath].map(strip));
  return key(a) === key(b);
}

function strip(v: PathSetting | PathSetting[] | string | undefined): unknown {
  if (Array.isArray(v)) return v.map((s) => s.absolute);
  if (v && typeof v === 'object') return v.absolute;
  return v;
}
