/** The preview's result shapes, shared with clients through protocol.ts (this file imports nothing). */
export type Adapter = 'duckdb' | 'postgres' | 'snowflake' | 'bigquery' | 'redshift' | 'databricks';

export type RenderOutcome =
  | {
      ok: true; model: string; adapter: Adapter; incremental: boolean; sql: string; raw: string; formatError?: string;
      config: Record<string, unknown>; relation: string; target: string; placeholders: boolean;
    }
  | { ok: false; model: string; adapter?: Adapter; incremental: boolean; message: string; file?: string; line?: number };
