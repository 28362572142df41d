/** The core's FileSystem on Node's fs (shared by the LSP server and the CLI). */
import { promises as fsp } from 'fs';
import * as path from 'path';
import { DirEntry, FileStat, FileSystem, FileType } from './core/types';

function typeOf(s: { isFile(): boolean; isDirectory(): boolean }): FileType {
  return s.isFile() ? FileType.File : s.isDirectory() ? FileType.Directory : FileType.Other;
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
  readFile: (file) => fsp.readFile(file, 'utf8'),
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
