/** What the engine host and its worker say to each other (JSON strings inside, so Python only ever sees text). */

export interface WorkerOptions {
  /** server/out/engine: Pyodide, the wheels and our Python package. */
  engineDir: string;
  /** WebAssembly memory cap; growth beyond it is a MemoryError in Python. */
  memoryCapMb: number;
  recursionLimit: number;
  /** Where the engine's memory snapshot is kept between sessions (none: every start is a full start). */
  snapshotDir?: string;
}

export type ToWorker = { id: number; json: string };

export type FromWorker =
  | { type: 'ready'; ms: number }
  | { type: 'failed'; message: string }
  | { type: 'answer'; id: number; json: string }
  | { type: 'fatal'; id: number; message: string };
