/**
 * "Compile with dbt": finds the dbt executable (the productWarehouse.dbtPath setting, the project's or the
 * workspace's .venv, then PATH) and runs the `dbt compile` the language server describes for the model: one run at
 * a time, a new run kills the one before it, cancellation kills the process. Callers check workspace trust.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, promises as fsp } from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import type { ModelRequest } from '../../../server/src/protocol';

export type CompileResult =
  | { status: 'compiled'; sql: string }
  | { status: 'failed' | 'cancelled'; message: string }
  | { status: 'superseded' };

type ModelInfo = NonNullable<ModelRequest.Result>;

const BIN = process.platform === 'win32' ? path.join('Scripts', 'dbt.exe') : path.join('bin', 'dbt');

export async function findDbt(uri: vscode.Uri, projectRoot: string): Promise<string | undefined> {
  const configured = vscode.workspace.getConfiguration('productWarehouse', uri).get<string>('dbtPath', '').trim();
  const folder = vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath;
  if (configured) {
    const resolved = path.isAbsolute(configured) || !folder ? configured : path.join(folder, configured);
    return existsSync(resolved) ? resolved : undefined;
  }
  for (const dir of [projectRoot, folder]) {
    const candidate = dir && path.join(dir, '.venv', BIN);
    if (candidate && existsSync(candidate)) return candidate;
  }
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = dir && path.join(dir, process.platform === 'win32' ? 'dbt.exe' : 'dbt');
    if (candidate && existsSync(candidate)) return candidate;
  }
  return undefined;
}

export class DbtCompile {
  private child: ChildProcess | undefined;

  cancel(): void {
    this.child?.kill();
  }

  async run(dbt: string, info: ModelInfo, token: vscode.CancellationToken): Promise<CompileResult> {
    this.child?.kill();
    const { cwd, args, compiledFile } = info.compile;
    const child = spawn(dbt, args, { cwd, env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False' } });
    this.child = child;
    const subscription = token.onCancellationRequested(() => child.kill());
    let output = '';
    child.stdout?.on('data', (d) => (output += d));
    child.stderr?.on('data', (d) => (output += d));
    const code = await new Promise<number | null>((resolve) => {
      child.on('error', (e) => { output += e.message; resolve(-1); });
      child.on('close', resolve);
    });
    subscription.dispose();
    if (this.child === child) this.child = undefined;
    else return { status: 'superseded' };
    if (token.isCancellationRequested) return { status: 'cancelled', message: 'dbt compile was cancelled.' };
    if (code !== 0) return { status: 'failed', message: `dbt compile failed (exit ${code}):\n${output.trim().split('\n').slice(-15).join('\n')}` };
    try {
      return { status: 'compiled', sql: await fsp.readFile(compiledFile, 'utf8') };
    } catch {
      return { status: 'failed', message: `dbt compile succeeded but wrote no ${path.relative(cwd, compiledFile)}.` };
    }
  }
}
