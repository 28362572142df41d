/**
 * Column lists from a project's target/catalog.json — what `dbt docs generate` read from the warehouse — so the
 * preview can answer column introspection (`adapter.get_columns_in_relation`: dbt_utils.star, union_relations,
 * unpivot) without a connection. Only the names and types leave this file; the rest of the catalog is ignored.
 */
import * as path from 'path';
import { readTextFile } from '../project/walk';
import { FileSystem, FileType, Logger } from '../types';

/** A catalog larger than this is not read (a 20,000-model project's is about 30 MB). */
export const MAX_CATALOG_BYTES = 64 * 1024 * 1024;
/** Columns kept over all relations: a hostile catalog cannot fill the engine's memory. */
export const MAX_CATALOG_COLUMNS = 2_000_000;
/** Longer names or types are left out: dbt's DuckDB Column parses STRUCT types, and the engine need not see more. */
const MAX_NAME_CHARS = 1024;
const MAX_TYPE_CHARS = 4096;

export interface CatalogColumns {
  generated_at: string | null;
  /** "database.schema.identifier" (lower case, empty for a missing part) -> [name, type] in column order. */
  relations: Record<string, [string, string][]>;
}

/** Where the catalog is: the project's target-path (DBT_TARGET_PATH first, as dbt does), inside the project. */
export function catalogPath(projectRoot: string, targetPath: unknown, env: Record<string, string | undefined>): string | undefined {
  const folder = env.DBT_TARGET_PATH ?? (typeof targetPath === 'string' ? targetPath : 'target');
  const file = path.resolve(projectRoot, folder, 'catalog.json');
  return file.startsWith(projectRoot + path.sep) ? file : undefined;
}

/** What decides whether a cached catalog is still the file's: size and modification time (or "none"). */
export async function catalogStamp(fs: FileSystem, file: string | undefined): Promise<string> {
  const stat = file === undefined ? undefined : await fs.stat(file).catch(() => undefined);
  return stat && stat.type === FileType.File ? `${stat.size}:${stat.mtime}` : 'none';
}

export async function readCatalog(fs: FileSystem, file: string | undefined, realRoot: string, logger: Logger): Promise<CatalogColumns | undefined> {
  if (file === undefined) return undefined;
  const text = await readTextFile(fs, file, MAX_CATALOG_BYTES, logger, realRoot);
  if (text === undefined) return undefined;
  try {
    return catalogColumns(JSON.parse(text) as unknown);
  } catch (e) {
    logger.warn(`Skipped ${file}: ${(e as Error).message}`);
    return undefined;
  }
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** The catalog's nodes and sources as column lists; anything not shaped as dbt writes it is left out. */
export function catalogColumns(catalog: unknown): CatalogColumns {
  // Keys always hold two dots ("db.schema.name"), so no key can be "__proto__".
  const relations: CatalogColumns['relations'] = {};
  let budget = MAX_CATALOG_COLUMNS;
  const root = isObject(catalog) ? catalog : {};
  for (const group of [root.nodes, root.sources]) {
    if (!isObject(group)) continue;
    for (const entry of Object.values(group)) {
      if (!isObject(entry) || !isObject(entry.metadata) || !isObject(entry.columns)) continue;
      const { database, schema, name } = entry.metadata;
      if (typeof name !== 'string' || name === '') continue;
      const columns = Object.values(entry.columns)
        .filter((c): c is Json => isObject(c) && typeof c.name === 'string' && typeof c.type === 'string'
          && c.name.length <= MAX_NAME_CHARS && c.type.length <= MAX_TYPE_CHARS)
        .sort((a, b) => Number(a.index) - Number(b.index))
        .map((c): [string, string] => [c.name as string, c.type as string]);
      if (columns.length > budget) return { generated_at: generatedAt(root), relations };
      budget -= columns.length;
      relations[[text(database), text(schema), name].map((p) => p.toLowerCase()).join('.')] = columns;
    }
  }
  return { generated_at: generatedAt(root), relations };
}

function generatedAt(root: Json): string | null {
  return isObject(root.metadata) && typeof root.metadata.generated_at === 'string' ? root.metadata.generated_at : null;
}
