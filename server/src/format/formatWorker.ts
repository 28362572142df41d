/** The formatter's worker thread: sql-formatter, off the server's main thread (formatHost.ts ends it when slow). */
import { parentPort } from 'worker_threads';
import { formatSql } from '../core/render/formatSql';
import type { Adapter } from '../core/render/outcome';

parentPort!.on('message', (message: { id: number; sql: string; adapter: Adapter }) => {
  parentPort!.postMessage({ id: message.id, formatted: formatSql(message.sql, message.adapter) });
});
// Loaded: the host starts the deadline of a format only from here.
parentPort!.postMessage({ ready: true });
