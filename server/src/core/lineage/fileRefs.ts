/**
 * Which models and snapshots call which ref()/source(), per file, and the reverse (who calls a name): the edges of
 * the lineage graph, kept unresolved so that a new or renamed model changes no entry but its own file's. Built on
 * the first lineage request (reading every model file costs I/O a start-up should not pay), then kept current from
 * watched-file events and the open editors' unsaved text.
 */
import * as path from 'path';
import { TextRef } from './refsInText';

export function targetKey(ref: TextRef): string | undefined {
  if (ref.kind === 'ref') return `ref:${ref.name}`;
  if (ref.kind === 'source') return `source:${ref.source}.${ref.table}`;
  return undefined;
}

export class FileRefs {
  private readonly byFile = new Map<string, readonly TextRef[]>();
  private readonly byTarget = new Map<string, Set<string>>();
  /** Files whose entry came from an open editor, with that editor's version. */
  private readonly fromEditor = new Map<string, number>();
  /** Set when files changed since the last request: the next one reads what is missing. */
  stale = true;

  has(file: string): boolean {
    return this.byFile.has(file);
  }

  refsOf(file: string): readonly TextRef[] {
    return this.byFile.get(file) ?? [];
  }

  /** Files holding a call of `ref(name)` (key `ref:name`) or `source(s, t)` (key `source:s.t`). */
  callers(key: string): ReadonlySet<string> {
    return this.byTarget.get(key) ?? EMPTY;
  }

  set(file: string, refs: readonly TextRef[], editorVersion?: number): void {
    this.forget(file);
    this.byFile.set(file, refs);
    for (const ref of refs) {
      const key = targetKey(ref);
      if (!key) continue;
      let files = this.byTarget.get(key);
      if (!files) this.byTarget.set(key, (files = new Set()));
      files.add(file);
    }
    if (editorVersion !== undefined) this.fromEditor.set(file, editorVersion);
  }

  editorVersion(file: string): number | undefined {
    return this.fromEditor.get(file);
  }

  /** Files whose entry came from an editor (read from disk again once it closes). */
  editorFiles(): string[] {
    return [...this.fromEditor.keys()];
  }

  /** Forgets a file, or every file under a folder (a deleted folder arrives as one event). */
  invalidate(fileOrFolder: string): void {
    this.stale = true;
    if (this.byFile.has(fileOrFolder)) {
      this.forget(fileOrFolder);
      return;
    }
    const prefix = fileOrFolder.endsWith(path.sep) ? fileOrFolder : fileOrFolder + path.sep;
    for (const file of [...this.byFile.keys()]) if (file.startsWith(prefix)) this.forget(file);
  }

  clear(): void {
    this.byFile.clear();
    this.byTarget.clear();
    this.fromEditor.clear();
    this.stale = true;
  }

  get size(): number {
    return this.byFile.size;
  }

  private forget(file: string): void {
    for (const ref of this.byFile.get(file) ?? []) {
      const key = targetKey(ref);
      const files = key ? this.byTarget.get(key) : undefined;
      files?.delete(file);
      if (files?.size === 0) this.byTarget.delete(key!);
    }
    this.byFile.delete(file);
    this.fromEditor.delete(file);
  }
}

const EMPTY: ReadonlySet<string> = new Set();
