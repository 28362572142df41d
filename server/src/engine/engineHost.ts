/**
 * Runs the preview's engine worker: started on the first render (a session that never previews pays nothing),
 * one request at a time, each with a deadline after which the worker is ended and started afresh on the next
 * request. A crashed or failed worker is reported, never waited for.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { FromWorker, WorkerOptions } from './engineMessages';

export type EngineState = 'starting' | 'ready' | 'failed' | 'stopped';

export interface EngineHostOptions {
  engineDir: string;
  /** The worker's script (server/out/engineWorker.js). */
  workerScript: string;
  startSeconds?: number;
  memoryCapMb?: number;
  recursionLimit?: number;
  snapshotDir?: string;
  onState?(state: EngineState, detail?: string): void;
}

export class EngineError extends Error {
  constructor(message: string, readonly kind: 'timeout' | 'engine') {
    super(message);
  }
}

export class EngineHost {
  private worker?: Worker;
  private ready?: Promise<void>;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();
  private pending?: { id: number; resolve(json: string): void; reject(e: Error): void };
  /** Bumped whenever a new worker starts: it knows no project yet. */
  generation = 0;
  lastStartMs?: number;

  constructor(private readonly options: EngineHostOptions) {}

  /** One request at a time, in order; `seconds` bounds this request once the worker runs it. */
  call(json: string, seconds: number): Promise<string> {
    const result = this.queue.then(() => this.send(json, seconds));
    this.queue = result.catch(() => undefined);
    return result;
  }

  get running(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    void this.stop('stopped');
  }

  private start(): Promise<void> {
    if (this.ready) return this.ready;
    const options: WorkerOptions = {
      engineDir: this.options.engineDir,
      memoryCapMb: this.options.memoryCapMb ?? 1024,
      recursionLimit: this.options.recursionLimit ?? 1000,
      snapshotDir: this.options.snapshotDir,
    };
    this.options.onState?.('starting');
    const worker = new Worker(path.resolve(this.options.workerScript), { workerData: options, resourceLimits: { stackSizeMb: 8 } });
    this.worker = worker;
    this.generation++;
    worker.unref();
    this.ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new EngineError(`The preview's engine did not start within ${this.options.startSeconds ?? 60} s`, 'engine'));
        void this.stop('failed');
      }, (this.options.startSeconds ?? 60) * 1000);
      worker.on('message', (message: FromWorker) => {
        if (message.type === 'ready') {
          clearTimeout(timer);
          this.lastStartMs = message.ms;
          this.options.onState?.('ready', `${message.ms} ms`);
          resolve();
        } else if (message.type === 'failed') {
          clearTimeout(timer);
          reject(new EngineError(message.message, 'engine'));
          void this.stop('failed', message.message);
        } else if (this.pending && message.id === this.pending.id) {
          const pending = this.pending;
          this.pending = undefined;
          if (message.type === 'answer') pending.resolve(message.json);
          else {
            pending.reject(new EngineError(`The preview's engine failed: ${message.message}`, 'engine'));
            void this.stop('stopped');
          }
        }
      });
      const gone = (why: string) => {
        clearTimeout(timer);
        if (this.worker !== worker) return;
        reject(new EngineError(why, 'engine'));
        this.pending?.reject(new EngineError(why, 'engine'));
        this.pending = undefined;
        this.worker = undefined;
        this.ready = undefined;
        this.options.onState?.('stopped', why);
      };
      worker.on('error', (e) => gone(`The preview's engine stopped: ${e.message}`));
      worker.on('exit', (code) => gone(`The preview's engine exited (code ${code})`));
    });
    return this.ready;
  }

  private async send(json: string, seconds: number): Promise<string> {
    await this.start();
    const worker = this.worker;
    if (!worker) throw new EngineError("The preview's engine is not running", 'engine');
    const id = this.nextId++;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        if (this.pending?.id !== id) return;
        this.pending = undefined;
        reject(new EngineError(`The render took longer than ${seconds} s and was stopped (a loop that does not end?)`, 'timeout'));
        // Ending the worker is the only way to stop a template stuck in a loop; the next request starts a new one.
        void this.stop('stopped', 'timeout');
      }, seconds * 1000);
      this.pending = {
        id,
        resolve: (answer) => {
          clearTimeout(timer);
          resolve(answer);
        },
        reject: (e) => {
          clearTimeout(timer);
          reject(e);
        },
      };
      worker.postMessage({ id, json });
    });
  }

  private async stop(state: EngineState, detail?: string): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.ready = undefined;
    if (worker) {
      this.options.onState?.(state, detail);
      await worker.terminate().catch(() => undefined);
    }
  }
}
