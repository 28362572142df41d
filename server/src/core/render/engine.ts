/**
 * The template engine the preview renders with, as the core sees it: plain data in, plain data out. The Node
 * adapters provide the real one (CPython in WebAssembly with Jinja2 and dbt's macros, in a worker: see
 * server/src/engine); the core only gathers what it needs and asks.
 */
import type { CatalogColumns } from './catalog';
import type { Adapter } from './outcome';

/** What the engine knows of a dbt project; one object per version of the project's inputs. */
export interface EngineProject {
  /** The project root: a new payload for the same key replaces the old one in the engine. */
  key: string;
  payload: EnginePayload;
}

export interface EnginePayload {
  root: string;
  /** The root project and each installed package: its folder and dbt_project.yml as data. */
  projects: Record<string, { root: string; config: unknown }>;
  macros: { package: string; path: string; text: string }[];
  nodes: EngineNode[];
  sources: EngineSource[];
  /** The profile's entry in profiles.yml as data (`target`, `outputs`), with its `name`. */
  profile: unknown;
  env: Record<string, string>;
  /** Column lists from target/catalog.json, when the project has one. */
  catalog?: CatalogColumns;
}

export interface EngineNode {
  name: string;
  package: string;
  resource_type: 'model' | 'seed' | 'snapshot';
  path: string;
  fqn: string[];
  relative_path: string;
  properties?: Record<string, unknown>;
}

export interface EngineSource {
  package: string;
  source_name: string;
  name: string;
  database?: unknown;
  schema?: unknown;
  identifier?: unknown;
  quoting?: Record<string, unknown>;
  config?: Record<string, unknown>;
}

export interface EngineRenderRequest {
  path: string;
  text: string;
  adapter: Adapter;
  incremental: boolean;
  node: EngineNode;
  /** Texts of other files the engine asked for (models a ref() reaches). */
  texts: Record<string, string>;
  /** Budget for the render itself; the host stops the engine a little after it. */
  seconds: number;
}

export type EngineAnswer =
  | {
      ok: true; sql: string; config: Record<string, unknown>; relation: string; target: string; placeholders: boolean;
      /** Set when column introspection was answered from the catalog: the relations it listed, those it did not
       * (no columns, as dbt answers for a relation that does not exist), and the catalog's date. */
      catalog?: { generated_at: string | null; relations: string[]; missing: string[] };
    }
  | { ok: false; need: string[] }
  | { ok: false; message: string; kind?: 'error' | 'connection' | 'timeout' | 'engine'; file?: string; line?: number };

export interface TemplateEngine {
  render(project: EngineProject, request: EngineRenderRequest): Promise<EngineAnswer>;
}
