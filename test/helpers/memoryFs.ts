/** An in-memory FileSystem for core tests: files, folders and symbolic links, with settable mtimes. */
import * as path from 'path';
import { DirEntry, FileStat, FileSystem, FileType } from '../../server/src/core/types';

type Node = { kind: 'file'; text: string; mtime: number } | { kind: 'dir'; mtime: number } | { kind: 'link'; target: string };

export class MemoryFs implements FileSystem {
  private readonly nodes = new Map<string, Node>();
  clock = 1_000;
  /** Folders whose listing fails, as an unreadable folder does. */
  readonly denied = new Set<string>();

  constructor(files: Record<string, string> = {}, root = '/ws') {
    this.mkdir('/');
    for (const [file, text] of Object.entries(files)) this.write(path.join(root, file), text);
  }

  write(file: string, text: string, mtime = ++this.clock): void {
    this.mkdir(path.dirname(file));
    this.nodes.set(file, { kind: 'file', text, mtime });
    this.touchDir(path.dirname(file));
  }

  remove(file: string): void {
    for (const key of [...this.nodes.keys()]) if (key === file || key.startsWith(file + '/')) this.nodes.delete(key);
    this.touchDir(path.dirname(file));
  }

  link(file: string, target: string): void {
    this.mkdir(path.dirname(file));
    this.nodes.set(file, { kind: 'link', target });
  }

  mkdir(dir: string): void {
    if (this.nodes.has(dir)) return;
    if (dir !== '/') this.mkdir(path.dirname(dir));
    this.nodes.set(dir, { kind: 'dir', mtime: ++this.clock });
  }

  private touchDir(dir: string): void {
    const node = this.nodes.get(dir);
    if (node?.kind === 'dir') node.mtime = ++this.clock;
  }

  /** Resolves links in every segment; throws for dangling links and loops. */
  private resolve(file: string, depth = 0): string {
    if (depth > 40) throw new Error(`ELOOP: ${file}`);
    const parts = file.split('/').filter(Boolean);
    let current = '/';
    for (const part of parts) {
      current = path.join(current, part);
      const node = this.nodes.get(current);
      if (node?.kind === 'link') current = this.resolve(path.resolve(path.dirname(current), node.target), depth + 1);
    }
    return current;
  }

  async stat(file: string): Promise<FileStat | undefined> {
    let real: string;
    try {
      real = this.resolve(file);
    } catch {
      return undefined;
    }
    const node = this.nodes.get(real);
    if (!node || node.kind === 'link') return undefined;
    return node.kind === 'file' ? { type: FileType.File, size: node.text.length, mtime: node.mtime } : { type: FileType.Directory, size: 0, mtime: node.mtime };
  }

  async readFile(file: string): Promise<string> {
    const node = this.nodes.get(this.resolve(file));
    if (node?.kind !== 'file') throw new Error(`ENOENT: ${file}`);
    return node.text;
  }

  async readDirectory(dir: string): Promise<DirEntry[]> {
    const real = this.resolve(dir);
    if (this.denied.has(real)) throw new Error(`EACCES: permission denied, scandir '${dir}'`);
    if (this.nodes.get(real)?.kind !== 'dir') throw new Error(`ENOTDIR: ${dir}`);
    const entries: DirEntry[] = [];
    for (const [key, node] of this.nodes) {
      if (key === real || path.dirname(key) !== real) continue;
      if (node.kind === 'link') {
        const target = await this.stat(key);
        entries.push({ name: path.basename(key), type: target?.type ?? FileType.Other, isSymlink: true });
      } else entries.push({ name: path.basename(key), type: node.kind === 'file' ? FileType.File : FileType.Directory, isSymlink: false });
    }
    return entries.sort((a, b) => (a.name < b.name ? -1 : 1));
  }

  async realpath(file: string): Promise<string> {
    const real = this.resolve(file);
    if (!this.nodes.has(real)) throw new Error(`ENOENT: ${file}`);
    return real;
  }
}
