/** The preview's result shapes, shared with clients through protocol.ts (this file imports nothing). */
export type Adapter = 'duckdb' | 'postgres' | 'snowflake' | 'bigquery' | 'redshift' | 'databricks' | 'spark';

export type RenderOutcome =
  | {
      ok: true; model: string; adapter: Adapter; incremental: boolean; sql: string; raw: string; formatError?: string;
      config: Record<string, unknown>; relation: string; target: string; placeholders: boolean;
      /** The columns of these relations came from target/catalog.json (`dbt docs generate`), not the warehouse;
       * `missing`: relations it does not list, answered with no columns as dbt does for a relation that does not exist. */
      columnsFrom?: { file: string; generatedAt: string | null; relations: string[]; missing: string[] };
    }
  | {
      ok: false; model: string; adapter?: Adapter; incremental: boolean; message: string; file?: string; line?: number;
      /** `connection`: the model's SQL depends on the warehouse's answers (run_query, introspection); `timeout`: the
       * render was stopped; `engine`: the engine could not run. */
      kind?: 'error' | 'connection' | 'timeout' | 'engine';
    };

/** A model of a dbt project as the preview needs it: the client runs dbt from this and knows no dbt rules itself. */
export interface ModelInfo {
  model: string;
  /** The dbt project's root folder (its dbt_project.yml is here). */
  project: string;
  adapters: Adapter[];
  /** `dbt compile` of this model: run `<dbt> ...args` in `cwd`, then read `compiledFile`. */
  compile: { cwd: string; args: string[]; compiledFile: string };
}
