/** CSV output of the generator's rows (RFC 4180 quoting; empty cell = null), streamed to files. */
import { createWriteStream, WriteStream } from 'fs';
import { formatTimestamp, IdentifyRow, PageRow, TrackRow } from './segmentData';
import type { RawTable } from './cdpShapes';

export const COLUMNS = {
  pages: ['id', 'anonymous_id', 'user_id', 'timestamp', 'received_at', 'url', 'path', 'title', 'referrer', 'context_user_agent',
    'sent_at', 'search', 'context_ip', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name', 'context_campaign_term', 'context_campaign_content'],
  tracks: ['id', 'anonymous_id', 'user_id', 'timestamp', 'received_at', 'event', 'event_text', 'context_page_url', 'context_user_agent',
    'context_page_referrer', 'context_campaign_source', 'context_campaign_medium', 'context_campaign_name'],
  identifies: ['id', 'anonymous_id', 'user_id', 'timestamp', 'received_at', 'email'],
} as const;

export type Table = keyof typeof COLUMNS;

function cell(value: unknown, column: string): string {
  if (value === null || value === undefined) return '';
  return quoted(column === 'timestamp' || column === 'received_at' || column === 'sent_at' ? formatTimestamp(value as number) : String(value));
}

/** RFC 4180: a cell with a quote, comma or line break is quoted, its quotes doubled. */
function quoted(text: string): string {
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(table: Table, row: PageRow | TrackRow | IdentifyRow): string {
  return COLUMNS[table].map((c) => cell((row as unknown as Record<string, unknown>)[c], c)).join(',') + '\n';
}

export function csvText(table: Table, rows: readonly (PageRow | TrackRow | IdentifyRow)[]): string {
  return COLUMNS[table].join(',') + '\n' + rows.map((r) => csvLine(table, r)).join('');
}

/** A CDP's raw table as CSV (cdpShapes.ts): timestamps as its loader writes them, empty cell = null. */
export function rawCsv(table: RawTable): string {
  const columns = Object.keys(table.columns);
  const line = (row: Record<string, unknown>) => columns.map((c) => {
    const value = row[c];
    if (value === null || value === undefined) return '';
    return quoted(table.columns[c] === 'timestamp' ? formatTimestamp(value as number) : String(value));
  }).join(',') + '\n';
  return columns.join(',') + '\n' + table.rows.map(line).join('');
}

/** Buffered writers for the three tables; `close()` resolves when everything is on disk. */
export class CsvWriters {
  private readonly streams = new Map<Table, WriteStream>();
  private readonly buffers = new Map<Table, string[]>();

  constructor(paths: Record<Table, string>) {
    for (const table of Object.keys(COLUMNS) as Table[]) {
      const stream = createWriteStream(paths[table]);
      stream.write(COLUMNS[table].join(',') + '\n');
      this.streams.set(table, stream);
      this.buffers.set(table, []);
    }
  }

  async write(table: Table, row: PageRow | TrackRow | IdentifyRow): Promise<void> {
    const buffer = this.buffers.get(table)!;
    buffer.push(csvLine(table, row));
    if (buffer.length >= 5000) await this.flush(table);
  }

  private async flush(table: Table): Promise<void> {
    const buffer = this.buffers.get(table)!;
    if (buffer.length === 0) return;
    const stream = this.streams.get(table)!;
    const ok = stream.write(buffer.splice(0).join(''));
    if (!ok) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
  }

  async close(): Promise<void> {
    for (const table of this.streams.keys()) await this.flush(table);
    await Promise.all([...this.streams.values()].map((s) => new Promise<void>((resolve) => s.end(() => resolve()))));
  }
}
