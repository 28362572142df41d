/**
 * The SQL preview's engine, in a worker thread: CPython (Pyodide) running real Jinja2, dbt_common's Jinja client and
 * dbt's macro files, with our dbt context (server/engine/python/dbt_preview). It talks JSON strings only: no
 * JavaScript object ever reaches Python, and Python's `js` module is removed before any workspace text is seen.
 *
 * Its memory is capped here (WebAssembly memory growth past the cap fails, which Python reports as MemoryError);
 * its time is capped by the host, which ends the worker.
 */
import { createHash } from 'crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { parentPort, threadId, workerData } from 'worker_threads';
import type { FromWorker, ToWorker, WorkerOptions } from './engineMessages';

const options = workerData as WorkerOptions;

// Before Pyodide creates its memory: growth beyond the cap throws, and Emscripten turns that into a failed malloc.
interface WasmMemory { buffer: ArrayBuffer; grow(pages: number): number }
const memory = (globalThis as unknown as { WebAssembly: { Memory: { prototype: WasmMemory } } }).WebAssembly.Memory.prototype;
const grow = memory.grow;
memory.grow = function capped(this: WasmMemory, pages: number): number {
  if (this.buffer.byteLength + pages * 65536 > options.memoryCapMb * 1024 * 1024) throw new RangeError('engine memory cap reached');
  return grow.call(this, pages);
};

interface Pyodide {
  runPython(code: string): unknown;
  unpackArchive(buffer: Uint8Array, format: string, options: { extractDir: string }): void;
  makeMemorySnapshot(): Uint8Array;
  FS: { mkdirTree(dir: string): void; writeFile(file: string, data: string): void };
  globals: { get(name: string): unknown };
}

interface Manifest { wheels: string[]; python: string[]; dbtCoreVersion: string }

function post(message: FromWorker): void {
  parentPort!.postMessage(message);
}

/** The snapshot file for this engine build and this V8: any change to either makes a new one. */
function snapshotFile(dir: string, manifest: Manifest): string | undefined {
  if (!options.snapshotDir) return undefined;
  const hash = createHash('sha256').update(readFileSync(path.join(dir, 'manifest.json'))).update(process.versions.v8);
  for (const file of manifest.python) hash.update(readFileSync(path.join(dir, 'python', file)));
  return path.join(options.snapshotDir, `engine-${hash.digest('hex').slice(0, 16)}.snapshot`);
}

function writeSnapshot(file: string, py: Pyodide): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.${threadId}.tmp`;
    writeFileSync(temporary, py.makeMemorySnapshot());
    renameSync(temporary, file);
  } catch {
    // Without a snapshot the next session starts the slow way; nothing else depends on it.
  }
}

/**
 * Starts CPython with everything imported and dbt's macros read. The first session on a machine does it from the
 * wheels (about 4 s) and saves a memory snapshot; later sessions restore it (about 0.5 s).
 */
async function start(dir: string, manifest: Manifest): Promise<{ py: Pyodide; site: string }> {
  // The CommonJS build: loaded with require, it needs no npm package beside it (the ESM build imports `ws`).
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { loadPyodide } = require(path.join(dir, 'pyodide', 'pyodide.js')) as { loadPyodide(o: object): Promise<Pyodide> };
  const base = { indexURL: path.join(dir, 'pyodide') + path.sep, stdout: () => undefined, stderr: () => undefined, env: { HOME: '/home/pyodide' } };
  const snapshot = snapshotFile(dir, manifest);
  if (snapshot && existsSync(snapshot)) {
    try {
      const py = await loadPyodide({ ...base, _loadSnapshot: new Uint8Array(readFileSync(snapshot)) });
      const site = String(py.runPython('import sysconfig; sysconfig.get_paths()["purelib"]'));
      // Files do not survive a snapshot: pytz reads its zone files when asked for a zone.
      for (const wheel of manifest.wheels.filter((w) => w.startsWith('pytz-'))) unpack(py, dir, wheel, site);
      return { py, site };
    } catch {
      rmSync(snapshot, { force: true });
    }
  }
  const py = await loadPyodide({ ...base, _makeSnapshot: snapshot !== undefined });
  const site = String(py.runPython('import sysconfig; sysconfig.get_paths()["purelib"]'));
  for (const wheel of manifest.wheels) unpack(py, dir, wheel, site);
  for (const file of manifest.python) {
    py.FS.mkdirTree(path.posix.dirname(`/engine/${file}`));
    py.FS.writeFile(`/engine/${file}`, readFileSync(path.join(dir, 'python', file), 'utf8'));
  }
  py.runPython(`
import sys
sys.path.insert(0, "/engine")
from dbt_preview import runtime
runtime.prepare(${JSON.stringify(site)}, ${options.recursionLimit}, ${JSON.stringify(manifest.dbtCoreVersion)})
`);
  if (snapshot) writeSnapshot(snapshot, py);
  return { py, site };
}

function unpack(py: Pyodide, dir: string, wheel: string, site: string): void {
  py.unpackArchive(new Uint8Array(readFileSync(path.join(dir, 'wheels', wheel))), 'zip', { extractDir: site });
}

async function boot(): Promise<(request: string) => string> {
  const started = Date.now();
  const dir = options.engineDir;
  const manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const { py } = await start(dir, manifest);
  py.runPython('from dbt_preview import runtime, main as _main\nruntime.lockdown()');
  const engine = py.globals.get('_main') as { handle(request: string): string };
  post({ type: 'ready', ms: Date.now() - started });
  return (request) => String(engine.handle(request));
}

async function main(): Promise<void> {
  let handle: (request: string) => string;
  try {
    handle = await boot();
  } catch (e) {
    post({ type: 'failed', message: `The preview's engine did not start: ${(e as Error).message}` });
    return;
  }
  parentPort!.on('message', (message: ToWorker) => {
    try {
      post({ type: 'answer', id: message.id, json: handle(message.json) });
    } catch (e) {
      // Pyodide's fatal errors (a JavaScript stack overflow deep in Python) leave it unusable: the host restarts us.
      post({ type: 'fatal', id: message.id, message: (e as Error).message.split('\n')[0] });
    }
  });
}

void main();
