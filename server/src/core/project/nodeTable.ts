/** The ref-able nodes (models, seeds, snapshots) and declared sources of one project or package. */

export type NodeKind = 'model' | 'seed' | 'snapshot';
export type NodeOrigin = 'project' | 'package' | 'manifest';

export interface IndexedNode {
  name: string;
  kind: NodeKind;
  /** Absolute path of the file that defines it. */
  path: string;
  /** Offset of the definition inside `path` (YAML-declared nodes); 0 for SQL/CSV files. */
  offset: number;
  /** The dbt project or package name it belongs to. */
  packageName: string;
  origin: NodeOrigin;
}

export interface IndexedSource {
  sourceName: string;
  table: string;
  path: string;
  offset: number;
  packageName: string;
  /** Database, schema, identifier, quoting and config as written (YAML files only). */
  details?: { database: unknown; schema: unknown; identifier: unknown; quoting: Record<string, unknown>; config: Record<string, unknown>; meta: Record<string, unknown> };
}

/** A models:/seeds:/snapshots: entry of a properties YAML file: the config dbt merges into the node. */
export interface IndexedProperties {
  name: string;
  kind: NodeKind;
  path: string;
  packageName: string;
  data: Record<string, unknown>;
}

/** Keeps nodes by name and by file so that one file's change updates only that file's entries. */
export class NodeTable {
  private readonly byName = new Map<string, IndexedNode[]>();
  private readonly byPath = new Map<string, IndexedNode[]>();
  private readonly sourcesByKey = new Map<string, IndexedSource[]>();
  private readonly sourcesByPath = new Map<string, IndexedSource[]>();
  private readonly propertiesByName = new Map<string, IndexedProperties[]>();
  private readonly propertiesByPath = new Map<string, IndexedProperties[]>();

  addNode(node: IndexedNode): void {
    push(this.byName, node.name, node);
    push(this.byPath, node.path, node);
  }

  addSource(source: IndexedSource): void {
    push(this.sourcesByKey, sourceKey(source.sourceName, source.table), source);
    push(this.sourcesByPath, source.path, source);
  }

  addProperties(entry: IndexedProperties): void {
    push(this.propertiesByName, entry.name, entry);
    push(this.propertiesByPath, entry.path, entry);
  }

  /** The properties entries of a node name (several files may document it). */
  getProperties(name: string): readonly IndexedProperties[] {
    return this.propertiesByName.get(name) ?? [];
  }

  /** Forgets everything a file defined. */
  removeFile(file: string): void {
    for (const entry of this.propertiesByPath.get(file) ?? []) remove(this.propertiesByName, entry.name, entry);
    this.propertiesByPath.delete(file);
    for (const node of this.byPath.get(file) ?? []) remove(this.byName, node.name, node);
    this.byPath.delete(file);
    for (const source of this.sourcesByPath.get(file) ?? []) remove(this.sourcesByKey, sourceKey(source.sourceName, source.table), source);
    this.sourcesByPath.delete(file);
  }

  clear(): void {
    this.byName.clear();
    this.byPath.clear();
    this.sourcesByKey.clear();
    this.sourcesByPath.clear();
    this.propertiesByName.clear();
    this.propertiesByPath.clear();
  }

  get(name: string): readonly IndexedNode[] {
    return this.byName.get(name) ?? [];
  }

  /** The nodes a file defines (one model or seed; any number of snapshots). */
  inFile(file: string): readonly IndexedNode[] {
    return this.byPath.get(file) ?? [];
  }

  getSource(sourceName: string, table: string): readonly IndexedSource[] {
    return this.sourcesByKey.get(sourceKey(sourceName, table)) ?? [];
  }

  /** Files that declare sources. */
  sourceFiles(): IterableIterator<string> {
    return this.sourcesByPath.keys();
  }

  files(): IterableIterator<string> {
    return new Set([...this.byPath.keys(), ...this.sourcesByPath.keys(), ...this.propertiesByPath.keys()]).values();
  }

  hasFile(file: string): boolean {
    return this.byPath.has(file) || this.sourcesByPath.has(file) || this.propertiesByPath.has(file);
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  *nodes(): IterableIterator<IndexedNode> {
    for (const list of this.byName.values()) yield* list;
  }

  *sources(): IterableIterator<IndexedSource> {
    for (const list of this.sourcesByKey.values()) yield* list;
  }

  get size(): number {
    return this.byName.size;
  }
}

export function sourceKey(sourceName: string, table: string): string {
  return `${sourceName}.${table}`;
}

function push<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function remove<T>(map: Map<string, T[]>, key: string, value: T): void {
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((v) => v !== value);
  if (rest.length) map.set(key, rest);
  else map.delete(key);
}

/** Removes every entry of files below a folder (a deleted folder arrives as one event). */
export function removeUnder(table: NodeTable, files: Iterable<string>, folder: string): void {
  const prefix = folder.endsWith('/') ? folder : `${folder}/`;
  for (const file of [...files]) if (file.startsWith(prefix)) table.removeFile(file);
}
