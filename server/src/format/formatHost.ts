/**
 * sql-formatter in a worker thread with a deadline. Its parser can take minutes on malformed SQL (a model with a
 * few hundred unbalanced parentheses), and on the server's main thread that would stall every request; here the
 * worker is ended at the deadline, the preview shows the SQL as rendered with the reason, and the next format
 * starts a fresh worker. The worker starts on the first format and keeps sql-formatter's per-piece cache.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import type { Formatted, SqlFormatter } from '../core/render/formatSql';
import type { Adapter } from '../core/render/outcome';

/**
 * The server's deadline for one format. An editor request should answer within a second whatever the input; the
 * largest template formats in about 15 ms and an 87 KB union of its SQL in 0.34 s, so only SQL nobody reads
 * formatted (a 550 KB query of 20,000 unions needs 2.5 s) is shown as rendered.
 */
export const FORMAT_SECONDS = 1;
/**
 * The server's budget for a whole render request: the format gets what the render left of it (never less than
 * MIN_FORMAT_SECONDS), so a render that ends at the formatter's deadline still answers within a second.
 */
export const REQUEST_SECONDS = 0.9;
const MIN_FORMAT_SECONDS = 0.2;
/** The CLI's: one-shot, the user waits for this very output. */
export const CLI_FORMAT_SECONDS = 30;
/** How long a new worker may take to load sql-formatter (about 0.1 s; far more only on a starved machine). */
const START_SECONDS = 10;

export class FormatHost implements SqlFormatter {
  private worker?: Worker;
  private nextId = 1;
  private queue: Promise<unknown> = Promise.resolve();

  /** `requestSeconds`: the budget of the request a format belongs to, counted from its `startedAt` (the CLI has none). */
  constructor(private readonly workerScript: string, private readonly seconds = FORMAT_SECONDS, private readonly requestSeconds?: number) {}

  /** One format at a time, in order. */
  format(sql: string, adapter: Adapter, startedAt?: number): Promise<Formatted> {
    const result = this.queue.then(() => this.run(sql, adapter, this.deadline(startedAt)));
    this.queue = result;
    return result;
  }

  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }

  /** A worker that has loaded sql-formatter: the deadline is for formatting, not for a thread's start on a busy machine. */
  private async started(): Promise<Worker | string> {
    if (this.worker) return this.worker;
    const worker = new Worker(path.resolve(this.workerScript));
    worker.unref();
    let timer: NodeJS.Timeout | undefined;
    const listeners: [string, Parameters<Worker['on']>[1]][] = [];
    const ready = await new Promise<true | string>((resolve) => {
      timer = setTimeout(() => resolve(`The formatter did not start within ${START_SECONDS} s; the SQL is shown as rendered.`), START_SECONDS * 1000);
      listeners.push(
        ['message', () => resolve(true)],
        ['error', (e: Error) => resolve(`The formatter did not start (${e.message}); the SQL is shown as rendered.`)],
        ['exit', (code: number) => resolve(`The formatter did not start (exit ${code}); the SQL is shown as rendered.`)],
      );
      for (const [event, listener] of listeners) worker.on(event, listener);
    });
    clearTimeout(timer);
    for (const [event, listener] of listeners) worker.off(event, listener);
    if (ready !== true) {
      void worker.terminate();
      return ready;
    }
    this.worker = worker;
    return worker;
  }

  private deadline(startedAt: number | undefined): number {
    if (this.requestSeconds === undefined || startedAt === undefined) return this.seconds;
    const left = this.requestSeconds - (Date.now() - startedAt) / 1000;
    return Math.min(this.seconds, Math.max(MIN_FORMAT_SECONDS, left));
  }

  private async run(sql: string, adapter: Adapter, seconds: number): Promise<Formatted> {
    const unformatted = (why: string): Formatted => ({ sql: sql.trim(), formatError: why });
    const worker = await this.started();
    if (typeof worker === 'string') return unformatted(worker);
    const id = this.nextId++;
    const running = worker;
    return new Promise<Formatted>((resolve) => {
      const done = (formatted: Formatted) => {
        clearTimeout(timer);
        running.off('message', onMessage);
        running.off('error', onGone);
        running.off('exit', onGone);
        resolve(formatted);
      };
      const end = () => {
        if (this.worker === running) this.worker = undefined;
        void running.terminate();
      };
      const onMessage = (message: { id: number; formatted: Formatted }) => {
        if (message.id === id) done(message.formatted);
      };
      const onGone = (e: unknown) => {
        end();
        done(unformatted(`The formatter stopped (${e instanceof Error ? e.message : `exit ${String(e)}`}); the SQL is shown as rendered.`));
      };
      const timer = setTimeout(() => {
        end();
        done(unformatted(`Formatting took longer than ${Number(seconds.toFixed(2))} s and was stopped; the SQL is shown as rendered.`));
      }, seconds * 1000);
      running.on('message', onMessage);
      running.on('error', onGone);
      running.on('exit', onGone);
      running.postMessage({ id, sql, adapter });
    });
  }
}
