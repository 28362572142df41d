/**
 * Safe directory walking: symbolic-link loops, links that leave the project, unreadable folders and nested
 * dbt projects never break or hang the index; each becomes a logged warning or a skipped folder.
 */
import * as path from 'path';
import { DirEntry, FileSystem, FileType, Logger } from '../types';
import { isInside } from './projectConfig';

/** Folder names that never hold a project's own sources. */
export const IGNORED_DIRS = new Set(['node_modules', '.git', 'target', 'dbt_packages', 'dbt_modules', 'logs', 'site-packages', '__pycache__', '.venv', 'venv']);

export interface WalkOptions {
  fs: FileSystem;
  logger: Logger;
  /** Real path of the folder nothing may leave (the project root). */
  boundary: string;
  /** Called for every file; `dir` holds it. */
  onFile(file: string, entry: DirEntry): void;
  /** Return false to skip a folder (after the walk has listed it). */
  enterDir?(dir: string, entries: DirEntry[]): boolean;
  /** Called for every folder entered (the index stats them to judge the manifest's freshness). */
  onDir?(dir: string): void;
  maxDepth?: number;
}

export async function walk(start: string, options: WalkOptions): Promise<void> {
  const visited = new Set<string>();
  const maxDepth = options.maxDepth ?? 24;
  const visit = async (dir: string, depth: number): Promise<void> => {
    let real: string;
    try {
      real = await options.fs.realpath(dir);
    } catch {
      return; // missing folder: model-paths may name folders that do not exist yet
    }
    if (!isInside(options.boundary, real)) {
      options.logger.warn(`Skipped ${dir}: it links outside the project folder (${real}).`);
      return;
    }
    if (visited.has(real)) {
      options.logger.warn(`Skipped ${dir}: symbolic-link loop (already read as ${real}).`);
      return;
    }
    visited.add(real);
    if (depth > maxDepth) {
      options.logger.warn(`Skipped ${dir}: deeper than ${maxDepth} folders.`);
      return;
    }
    let entries: DirEntry[];
    try {
      entries = await options.fs.readDirectory(dir);
    } catch (e) {
      options.logger.warn(`Cannot read folder ${dir}: ${(e as Error).message}`);
      return;
    }
    if (options.enterDir && !options.enterDir(dir, entries)) return;
    options.onDir?.(dir);
    const subdirs: string[] = [];
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.type === FileType.Directory) subdirs.push(full);
      else if (entry.type === FileType.File) {
        // A link to a file follows the same rule as a link to a folder: nothing outside the boundary is read.
        if (entry.isSymlink) {
          const target = await options.fs.realpath(full).catch(() => undefined);
          if (!target || !isInside(options.boundary, target)) {
            options.logger.warn(`Skipped ${full}: it links outside the project folder (${target ?? 'unresolvable'}).`);
            continue;
          }
        }
        options.onFile(full, entry);
      }
    }
    for (const sub of subdirs) {
      if (IGNORED_DIRS.has(path.basename(sub)) || path.basename(sub).startsWith('.')) continue;
      await visit(sub, depth + 1);
    }
  };
  await visit(start, 0);
}

/**
 * A text file, if it is a regular file no larger than `maxBytes` and, when `boundary` is given, really inside it (a
 * link out of the project is not read). Anything else is a logged warning and undefined.
 */
export async function readTextFile(fs: FileSystem, file: string, maxBytes: number, logger: Logger, boundary?: string): Promise<string | undefined> {
  if (boundary !== undefined) {
    const real = await fs.realpath(file).catch(() => undefined);
    if (real === undefined) return undefined;
    if (!isInside(boundary, real)) {
      logger.warn(`Skipped ${file}: it links outside the project folder (${real}).`);
      return undefined;
    }
  }
  const stat = await fs.stat(file);
  if (!stat || stat.type !== FileType.File) return undefined;
  if (stat.size > maxBytes) {
    logger.warn(`Skipped ${file}: ${stat.size} bytes is more than the ${maxBytes} read for this kind of file.`);
    return undefined;
  }
  try {
    const text = await fs.readFile(file);
    if (text.includes('\u0000')) {
      logger.warn(`Skipped ${file}: not a text file.`);
      return undefined;
    }
    return text;
  } catch (e) {
    logger.warn(`Cannot read ${file}: ${(e as Error).message}`);
    return undefined;
  }
}
