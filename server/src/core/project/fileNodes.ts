/** Turns one file under a project's folders into index entries (pure: text in, entries out). */
import * as path from 'path';
import { isMap, isSeq } from 'yaml';
import { IndexedNode, IndexedProperties, IndexedSource, NodeOrigin } from './nodeTable';
import { mapPair, parseYaml, stringValue } from '../yaml/yamlDocument';
import { toPlainData } from '../yaml/plainData';
import { MAX_PROPERTIES_FILE_BYTES } from '../types';

export type FolderRole = 'model' | 'seed' | 'snapshot';

/** Whether a file in a folder of this role needs its text read to be indexed. */
export function needsText(role: FolderRole, file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.yml' || ext === '.yaml') return role !== 'seed';
  return role === 'snapshot' && ext === '.sql';
}

/** Entries named by the file name alone (models and seeds). */
export function nodeFromFileName(role: FolderRole, file: string, packageName: string, origin: NodeOrigin): IndexedNode | undefined {
  const ext = path.extname(file).toLowerCase();
  const name = path.basename(file, path.extname(file));
  if (role === 'model' && (ext === '.sql' || ext === '.py')) return { name, kind: 'model', path: file, offset: 0, packageName, origin };
  if (role === 'seed' && ext === '.csv') return { name, kind: 'seed', path: file, offset: 0, packageName, origin };
  return undefined;
}

export interface TextEntries {
  nodes: IndexedNode[];
  sources: IndexedSource[];
  properties: IndexedProperties[];
}

const PROPERTY_KINDS = { models: 'model', seeds: 'seed', snapshots: 'snapshot' } as const;

/** The parts of a properties entry the SQL preview reads (config, versions), as plain data. */
function propertyData(item: unknown): Record<string, unknown> {
  const value = toPlainData(item, { maxDepth: 32, maxNodes: 20_000 }).value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  const { config, description, versions, latest_version, columns } = value as Record<string, unknown>;
  // Columns for the ERD (names, types, key and relationship tests).
  return { config, description, versions, latest_version, columns };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Where a source table lives, as written (values may hold Jinja, rendered by the preview's engine). */
function sourceDetails(source: unknown, table: unknown): IndexedSource['details'] {
  const s = toPlainData(source, { maxDepth: 32, maxNodes: 20_000 }).value;
  const t = toPlainData(table, { maxDepth: 16, maxNodes: 5_000 }).value;
  if (!isRecord(s) || !isRecord(t)) return undefined;
  const merged = (key: string) => ({ ...(isRecord(s[key]) ? s[key] : {}), ...(isRecord(t[key]) ? t[key] : {}) });
  return {
    database: s.database ?? s.project ?? null,
    schema: s.schema ?? s.dataset ?? null,
    identifier: t.identifier ?? null,
    quoting: merged('quoting'),
    config: merged('config'),
    meta: merged('meta'),
  };
}

/** Snapshot blocks in SQL, and versioned models, YAML snapshots and sources in YAML files. */
export function entriesFromText(_role: FolderRole, file: string, text: string, packageName: string, origin: NodeOrigin): TextEntries {
  const ext = path.extname(file).toLowerCase();
  const result: TextEntries = { nodes: [], sources: [], properties: [] };
  if (ext === '.sql') {
    for (const m of text.matchAll(/\{%-?\s*snapshot\s+([A-Za-z_][\w]*)\s*-?%\}/g)) {
      result.nodes.push({ name: m[1], kind: 'snapshot', path: file, offset: m.index ?? 0, packageName, origin });
    }
    return result;
  }
  const parsed = parseYaml(text, MAX_PROPERTIES_FILE_BYTES);
  const root = parsed.doc.contents;
  const named = (key: string, fn: (name: string, offset: number, item: unknown) => void) => {
    const seq = mapPair(root, key)?.value;
    if (!isSeq(seq)) return;
    for (const item of seq.items) {
      const namePair = mapPair(item, 'name');
      const name = stringValue(namePair?.value);
      if (name) fn(name, (namePair?.value as { range?: number[] }).range?.[0] ?? 0, item);
    }
  };
  // A YAML entry only documents a SQL model, except when it declares versions (then the name is ref-able).
  named('models', (name, offset, item) => {
    if (isSeq(mapPair(item, 'versions')?.value)) result.nodes.push({ name, kind: 'model', path: file, offset, packageName, origin });
  });
  for (const [key, kind] of Object.entries(PROPERTY_KINDS)) {
    named(key, (name, _offset, item) => result.properties.push({ name, kind, path: file, packageName, data: propertyData(item) }));
  }
  // dbt 1.9 YAML snapshots carry a `relation`; older YAML entries only configure SQL snapshots.
  named('snapshots', (name, offset, item) => {
    if (mapPair(item, 'relation')) result.nodes.push({ name, kind: 'snapshot', path: file, offset, packageName, origin });
  });
  named('sources', (sourceName, _offset, item) => {
    const tables = mapPair(item, 'tables')?.value;
    if (!isSeq(tables)) return;
    for (const table of tables.items) {
      if (!isMap(table)) continue;
      const tablePair = mapPair(table, 'name');
      const tableName = stringValue(tablePair?.value);
      if (tableName) result.sources.push({ sourceName, table: tableName, path: file, offset: (tablePair?.value as { range?: number[] }).range?.[0] ?? 0, packageName, details: sourceDetails(item, table) });
    }
  });
  return result;
}
