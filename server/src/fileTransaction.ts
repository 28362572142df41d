/**
 * All-or-nothing writes of several files (the CLI scaffold). Every new text goes to a temporary sibling first; then
 * each target is replaced by a rename, the file it replaces kept aside under another temporary name. If anything
 * fails — a temporary that cannot be written (a full disk), a rename refused (a file open elsewhere on Windows) — every
 * step done so far is undone: replaced files come back, created files and folders go, no temporary is left. A
 * replaced file keeps its permissions.
 */
import { constants, promises as fsp } from 'fs';
import * as path from 'path';

export interface FileWriteRequest {
  path: string;
  content: string;
}

export class TransactionError extends Error {
  constructor(message: string, readonly cause: unknown, readonly restored: boolean) {
    super(message);
  }
}

interface Step {
  target: string;
  temp: string;
  /** Where the replaced file waits while the transaction runs (undefined: the target is new). */
  backup?: string;
  renamed: boolean;
}

let counter = 0;
function tempName(target: string, kind: string): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.pw-${kind}-${process.pid}-${++counter}`);
}

/** Folders that do not exist yet, outermost first (they are created, and removed again on failure). */
async function missingFolders(dir: string): Promise<string[]> {
  const missing: string[] = [];
  for (let d = dir; ; d = path.dirname(d)) {
    const exists = await fsp.lstat(d).then(() => true, () => false);
    if (exists || path.dirname(d) === d) break;
    missing.unshift(d);
  }
  return missing;
}

/** The file operations the transaction uses: Node's, or the same with failures injected (tests). */
export interface TransactionOps {
  open: typeof fsp.open;
  rename: typeof fsp.rename;
}

export async function writeAllOrNothing(writes: readonly FileWriteRequest[], ops: TransactionOps = fsp): Promise<void> {
  const steps: Step[] = [];
  const createdFolders: string[] = [];
  try {
    for (const w of writes) {
      for (const folder of await missingFolders(path.dirname(w.path))) {
        await fsp.mkdir(folder);
        createdFolders.push(folder);
      }
      const step: Step = { target: w.path, temp: tempName(w.path, 'new'), renamed: false };
      const existing = await fsp.lstat(w.path).catch(() => undefined);
      // O_EXCL: a temporary name someone placed (or linked) first is an error, never a file we write through.
      const mode = existing ? existing.mode & 0o7777 : 0o644;
      const handle = await ops.open(step.temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, mode);
      steps.push(step);
      try {
        await handle.chmod(mode);
        await handle.writeFile(w.content, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      if (existing) step.backup = tempName(w.path, 'old');
    }
    for (const step of steps) {
      if (step.backup) await ops.rename(step.target, step.backup);
      await ops.rename(step.temp, step.target);
      step.renamed = true;
    }
  } catch (e) {
    const restored = await rollBack(steps, createdFolders);
    throw new TransactionError((e as Error).message, e, restored);
  }
  // Committed: the replaced files are no longer needed.
  await Promise.all(steps.map((s) => (s.backup ? fsp.rm(s.backup, { force: true }) : undefined)));
}

/** Undoes every step; true when everything was put back. */
async function rollBack(steps: Step[], createdFolders: string[]): Promise<boolean> {
  let ok = true;
  for (const step of [...steps].reverse()) {
    try {
      if (step.renamed) {
        if (step.backup) await fsp.rename(step.backup, step.target);
        else await fsp.rm(step.target, { force: true });
      } else if (step.backup && (await fsp.lstat(step.backup).then(() => true, () => false))) {
        await fsp.rename(step.backup, step.target);
      }
      await fsp.rm(step.temp, { force: true });
    } catch {
      ok = false;
    }
  }
  for (const folder of [...createdFolders].reverse()) await fsp.rmdir(folder).catch(() => undefined);
  return ok;
}
