/**
 * The shapes of the lineage graph and the ERD as the server sends them (types only: the VS Code client and any
 * other LSP client read them; nothing here runs).
 */

export type LineageKind = 'model' | 'seed' | 'snapshot' | 'source' | 'missing';

export interface LineageNode {
  /** `model.<package>.<name>`, `source.<package>.<source>.<table>`, `missing.ref.<name>`, …: stable across requests. */
  id: string;
  kind: LineageKind;
  /** What the node is called in SQL: the model name, or `source.table`. */
  name: string;
  packageName?: string;
  /** Absolute path of the file that defines it (none for missing nodes). */
  path?: string;
  offset?: number;
  /** Levels from the focus: negative upstream, positive downstream, 0 the focus. */
  depth: number;
}

export interface LineageEdge {
  from: string;
  to: string;
}

export interface LineageGraph {
  focus: string;
  nodes: LineageNode[];
  edges: LineageEdge[];
  /** The nodes of each cycle found (a strongly connected set, ids sorted): dbt refuses to build them; we draw them. */
  cycles: string[][];
  /** Calls whose arguments cannot be known without running the template (`ref(my_macro())`). */
  dynamic: { node: string; call: string }[];
  /** True when the node limit stopped the walk before the levels asked for. */
  truncated: boolean;
}

export interface ErdColumn {
  name: string;
  dataType?: string;
  description?: string;
  key?: 'primary' | 'alternate';
  /** The `to:` and `field:` of a relationships test, the model resolved by name. */
  references?: { model: string; column: string };
}

export interface ErdEntity {
  id: string;
  name: string;
  path: string;
  /** Where the YAML documents it (or the SQL file when undocumented). */
  propertiesPath?: string;
  description?: string;
  columns: ErdColumn[];
}

export interface ErdRelation {
  from: { entity: string; column: string };
  to: { entity: string; column: string };
}

export interface Erd {
  entities: ErdEntity[];
  relations: ErdRelation[];
}

export type LineageResult = { ok: true; project: string; graph: LineageGraph } | { ok: false; message: string };
export type ErdResult = { ok: true; project: string; erd: Erd } | { ok: false; message: string };
