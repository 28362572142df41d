/** The core's FileSystem on Node's fs (shared by the LSP server and the CLI). */
import { constants, promises as fsp } from 'fs';
import * as path from 'path';
import { DirEntry, FileStat, FileSystem, FileType } from './core/types';

function typeOf(s: { isFile(): boolean; isDirectory(): boolean }): FileType {
  return s.isFile() ? FileType.File : s.isDirectory() ? FileType.Directory : FileType.Other;
}

/**
 * Reads a regular file only. The file is opened without blocking (a FIFO named dbt_project.yml must not hang the
 * server) and checked on the open handle, so a file swapped for a FIFO or device between a stat and the read is
 * refused too.
 */
async function readRegularFile(file: string): Promise<string> {
  const handle = await fsp.open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw Object.assign(new Error(`${file} is not a regular file`), { code: 'ENOTREG' });
    return await handle.readFile('utf8');
  } finally {
    await handle.close();
  }
}

export const nodeFileSystem: FileSystem = {
  async stat(file: string): Promise<FileStat | undefined> {
    try {
      const s = await fsp.stat(file);
      return { type: typeOf(s), size: s.size, mtime: s.mtimeMs };
    } catch {
      return undefined;
    }
  },
  readFile: readRegularFile,
  async readDirectory(dir: string): Promise<DirEntry[]> {
    const entries = await fsp.readdir(dir, { withFileTypes: true });
    const result: DirEntry[] = new Array(entries.length);
    for (let i = 0; i < entries.length; i++) {
      const e = entries[i];
      if (!e.isSymbolicLink()) {
        result[i] = { name: e.name, type: typeOf(e), isSymlink: false };
        continue;
      }
      // A link's type is its target's; a dangling link is neither file nor folder.
      const target = await fsp.stat(path.join(dir, e.name)).catch(() => undefined);
      result[i] = { name: e.name, type: target ? typeOf(target) : FileType.Other, isSymlink: true };
    }
    return result;
  },
  realpath: (file) => fsp.realpath(file),
};
