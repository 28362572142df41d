/**
 * Every name shared by the server and its clients: the VS Code client imports this file, other editors read
 * it as documentation. Only type imports here (they vanish from the client bundle).
 */
import type { ScaffoldDefaults } from './core/scaffold/defaults';
import type { ModelInfo, RenderOutcome } from './core/render/outcome';
import type { ErdResult, LineageResult } from './core/lineage/lineageTypes';

export const LANGUAGE_SERVER_ID = 'productWarehouse';
export const LANGUAGE_SERVER_NAME = 'dbt Product Warehouse';

/** Files the server watches; the index is updated from these events, never by a full rescan. */
export const WATCHED_GLOBS = ['**/*.{sql,py,csv,yml,yaml}', '**/target/manifest.json'] as const;

/** Documents the server handles (the client's documentSelector). */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', pattern: '**/dbt_project.yml' },
  { scheme: 'file', pattern: '**/packages.yml' },
  { scheme: 'file', pattern: '**/dependencies.yml' },
  { scheme: 'file', language: 'sql' },
  { scheme: 'file', language: 'jinja-sql' },
] as const;

/**
 * Node flags for the server process. A small young generation keeps the resident size down: the server's
 * garbage is short-lived and small (parse trees per keystroke), so 16 MB semi-spaces only inflate RSS. One V8
 * platform thread instead of four: each idle helper holds its own stack and malloc arena (about 5 MB of RSS
 * together, measured), and a server that answers one request at a time has no work for four GC helpers.
 */
export const SERVER_NODE_FLAGS = ['--max-semi-space-size=2', '--optimize-for-size', '--v8-pool-size=1'] as const;

/** `workspace/executeCommand` that writes the product warehouse into a project through `workspace/applyEdit`. */
export namespace ScaffoldCommand {
  export const id = 'productWarehouse.scaffold';
  export interface Arguments {
    /** Absolute path of the dbt project folder. */
    project: string;
    models?: ('users' | 'events' | 'sessions' | 'metrics' | 'retention' | 'funnels' | 'attribution')[];
    cdp?: string;
    mode?: 'package' | 'self-contained';
    adapter?: string;
    /** Relative to the project; default `<first model-path>/warehouse/w_product`. */
    folder?: string;
    /** What to do with files that exist and differ; without it, such files are reported and nothing is applied. */
    onConflict?: 'skip' | 'overwrite' | 'new';
    /** Set by the quick fix: a client with its own scaffold prompts (VS Code) may run those instead. */
    prompt?: boolean;
  }
  export type Result =
    | { status: 'applied' | 'nothing-to-do'; created: string[]; updated: string[]; identical: number; notes: string[]; usersModel?: string }
    | { status: 'conflicts'; conflicts: { path: string; proposed: string }[] }
    | { status: 'error' | 'not-applied'; message: string };
}

/** What the scaffold would use for a project when not told: the client's prompts start from these. */
export namespace ScaffoldDefaultsRequest {
  export const method = 'productWarehouse/scaffoldDefaults';
  export interface Params { project: string }
  export type Result = ScaffoldDefaults;
}

/** The dbt projects the server indexed (the client offers them; it keeps no dbt rules of its own). */
export namespace ProjectsRequest {
  export const method = 'productWarehouse/projects';
  export type Result = string[];
}

/** Sent after the server has applied a batch of watched-file events (new models, changed macros or sources). */
export namespace FilesIndexedNotification {
  export const method = 'productWarehouse/filesIndexed';
}

/** The SQL a model compiles to for an adapter (the SQL preview); the open document's unsaved text is used. */
export namespace RenderRequest {
  export const method = 'productWarehouse/render';
  export interface Params {
    uri: string;
    /** duckdb, postgres, snowflake, bigquery, redshift, databricks, spark; default: the profile's adapter, else duckdb. */
    adapter?: string;
    /** Render `is_incremental()` as true (for incremental models). */
    incremental?: boolean;
  }
  export type Result = RenderOutcome;
}

/**
 * The preview's engine (CPython in WebAssembly, started on the first render): `starting` while it loads (a few
 * seconds, once per session), `ready`, `failed` (with why), `stopped` (ended after a render ran too long; it starts
 * again on the next render).
 */
export namespace EngineStateNotification {
  export const method = 'productWarehouse/engineState';
  export interface Params { state: 'starting' | 'ready' | 'failed' | 'stopped'; detail?: string }
}

/** Whether a file is a model of a dbt project, and how dbt compiles it (null: not a model). */
export namespace ModelRequest {
  export const method = 'productWarehouse/model';
  export interface Params { uri: string }
  export type Result = ModelInfo | null;
}

/** SQL formatted as the preview formats it (to compare dbt's own compiled SQL with the preview). */
export namespace FormatSqlRequest {
  export const method = 'productWarehouse/formatSql';
  export interface Params { sql: string; adapter: string }
  export type Result = { sql: string; formatError?: string };
}

/**
 * Parents and children of a model through ref() and source(), from the server's index (no dbt, no manifest);
 * open editors' unsaved text counts. Nodes carry their file and offset; `depth` is negative upstream.
 */
export namespace LineageRequest {
  export const method = 'productWarehouse/lineage';
  export interface Params {
    /** A model, seed or snapshot file; or `model` (+ `project` when several are open). */
    uri?: string;
    model?: string;
    project?: string;
    /** Levels each way (default 2, at most 100). */
    upstream?: number;
    downstream?: number;
  }
  export type Result = LineageResult;
}

/** The product warehouse's models (`wh_product_*`) with columns, keys and relationships, from their YAML. */
export namespace ErdRequest {
  export const method = 'productWarehouse/erd';
  export interface Params { uri?: string; project?: string }
  export type Result = ErdResult;
}

/** Messages between the SQL preview webview and the extension; everything else in the webview is static. */
export namespace PreviewMessages {
  export type Status = 'rendering' | 'rendered' | 'stale' | 'error' | 'empty' | 'starting';

  export interface DbtState {
    /** Why "Compile with dbt" is off (untrusted workspace, no dbt found); undefined when it is available. */
    unavailable?: string;
    running: boolean;
    /** dbt's compiled SQL, formatted like the preview. */
    compiled?: string;
    /** Unified diff preview → dbt; empty when they are equal. */
    diff?: string;
    error?: string;
  }

  export interface State {
    status: Status;
    model?: string;
    adapter: string;
    adapters: string[];
    incremental: boolean;
    sql?: string;
    relation?: string;
    target?: string;
    placeholders?: boolean;
    /** Said beside "rendered" when column lists came from target/catalog.json, not the warehouse. */
    columnsNote?: string;
    config?: Record<string, unknown>;
    formatError?: string;
    error?: { message: string; file?: string; line?: number };
    dbt: DbtState;
  }

  export type ToWebview = { type: 'state'; state: State };
  export type FromWebview =
    | { type: 'ready' }
    | { type: 'setAdapter'; adapter: string }
    | { type: 'setIncremental'; incremental: boolean }
    | { type: 'copy' }
    | { type: 'compileWithDbt' }
    | { type: 'cancelDbt' };
}

/** Messages between the lineage/ERD webview and the extension; the webview draws what the server answered. */
export namespace LineageMessages {
  export type View = 'lineage' | 'erd';

  export interface State {
    view: View;
    status: 'empty' | 'ready' | 'error';
    /** Why there is nothing to draw, or what went wrong. */
    message?: string;
    upstream: number;
    downstream: number;
    graph?: import('./core/lineage/lineageTypes').LineageGraph;
    erd?: import('./core/lineage/lineageTypes').Erd;
    /** The project folder's name, for the header. */
    project?: string;
  }

  export type ToWebview = { type: 'state'; state: State };
  export type FromWebview =
    | { type: 'ready' }
    | { type: 'setView'; view: View }
    | { type: 'setLevels'; upstream: number; downstream: number }
    /** A node or entity id of the state last sent; the extension opens its file (never a path from the webview). */
    | { type: 'open'; id: string }
    | { type: 'copyMermaid' }
    /** Sent after each drawing: how long layout and drawing took, for the e2e suite and the README figures. */
    | { type: 'drawn'; nodes: number; edges: number; engine: 'layered' | 'columns'; layoutMs: number; drawMs: number };
}
