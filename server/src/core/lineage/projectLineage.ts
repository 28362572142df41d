/**
 * Lineage and ERD for the projects of a workspace: keeps one {@link FileRefs} per project, fills it on the first
 * request, refreshes the files watched-file events name and the open editors' unsaved text, and answers with
 * {@link lineageOf} and {@link erdOf}.
 */
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { fileURLToPath } from 'url';
import { DbtProject } from '../project/dbtProject';
import { IndexedNode } from '../project/nodeTable';
import { isInside } from '../project/projectConfig';
import { readTextFile } from '../project/walk';
import { FileSystem, Logger } from '../types';
import { ParsedYaml } from '../yaml/yamlDocument';
import { toPlainData } from '../yaml/plainData';
import { Erd, erdOf, WAREHOUSE_MODEL_PREFIX } from './erd';
import { FileRefs } from './fileRefs';
import { LineageGraph, lineageOf, LineageOptions, LineageWorld, resolveRef } from './lineageGraph';
import { RelationMacro, refsInText, VarLookup } from './refsInText';
import { cdpSpec } from '../cdp/registry';
import { chosenCdp } from '../vars/registry';

/** Model files above this size are not read for their refs (the index's bound for SQL it reads). */
const MAX_MODEL_FILE_BYTES = 2 * 1024 * 1024;
/** Files read at once while the refs are first built. */
const READ_BATCH = 256;

export interface LineageEnv {
  fs: FileSystem;
  logger: Logger;
  /** The documents open in editors (their unsaved text wins over the disk). */
  openDocuments(): readonly TextDocument[];
  /** dbt_project.yml as the editor has it, else as on disk. */
  configOf(project: DbtProject): ParsedYaml | undefined;
}

function isModelFile(node: IndexedNode): boolean {
  return node.origin !== 'manifest' && node.offset === 0 && (node.kind === 'model' || node.kind === 'snapshot') && /\.(sql|py)$/i.test(node.path);
}

export class ProjectLineage {
  private readonly refs = new Map<string, { refs: FileRefs; varsKey: string }>();
  private readonly varsCache = new WeakMap<ParsedYaml, VarLevels>();

  constructor(private readonly env: LineageEnv) {}

  /** A watched file (or folder) changed: its refs are read again on the next request. */
  invalidate(file: string): void {
    for (const [root, entry] of this.refs) {
      if (!isInside(root, file) && !isInside(file, root)) continue;
      // A package's dbt_project.yml holds the defaults of the vars its models read.
      if (file.endsWith('dbt_project.yml')) entry.refs.clear();
      else entry.refs.invalidate(file);
    }
  }

  /** The node a file defines, or the enabled node `ref(name)` reaches from the project. */
  focusOf(project: DbtProject, target: { file?: string; model?: string }): IndexedNode | undefined {
    if (target.file) return project.nodesInFile(target.file).find((n) => project.isEnabled(n)) ?? project.nodesInFile(target.file)[0];
    if (target.model) return resolveRef(this.world(project, new FileRefs()), undefined, { name: target.model });
    return undefined;
  }

  async lineage(project: DbtProject, focus: IndexedNode, options: LineageOptions): Promise<LineageGraph> {
    const refs = await this.current(project);
    return lineageOf(this.world(project, refs), focus, options);
  }

  /** The users dimension, facts and analytics models the project holds (`wh_product_*`), from their YAML. */
  erd(project: DbtProject): Erd {
    const models = [...project.own.nodes()].filter((n) => n.kind === 'model' && n.name.startsWith(WAREHOUSE_MODEL_PREFIX) && project.isEnabled(n));
    models.sort((a, b) => a.name.localeCompare(b.name));
    return erdOf(models.map((node) => ({ node, properties: project.own.getProperties(node.name).find((p) => p.kind === 'model') })));
  }

  private world(project: DbtProject, refs: FileRefs): LineageWorld {
    return {
      rootPackage: project.name,
      refsOf: (node) => refs.refsOf(node.path),
      callers: (key) => refs.callers(key),
      nodesInFile: (file) => project.nodesInFile(file),
      lookup: (name) => project.lookup(name),
      lookupSource: (source, table) => project.lookupSource(source, table),
      isEnabled: (node) => project.isEnabled(node),
    };
  }

  /** The project's refs with every model file read and every open editor's text applied. */
  private async current(project: DbtProject): Promise<FileRefs> {
    const vars = this.varsOf(project);
    const varsKey = JSON.stringify(vars.root);
    let entry = this.refs.get(project.root);
    if (!entry || entry.varsKey !== varsKey) {
      entry = { refs: new FileRefs(), varsKey };
      this.refs.set(project.root, entry);
    }
    const { refs } = entry;
    const lookups = new Map<string, VarLookup>();
    const lookupFor = (packageName: string): VarLookup => {
      let lookup = lookups.get(packageName);
      if (!lookup) {
        const merged = this.packageVars(project, packageName, vars.root);
        lookups.set(packageName, (lookup = (name) => merged[name]));
      }
      return lookup;
    };
    // The scaffolded models live in the project itself; their relation macro reads the project's CDP.
    const cdp = lookupFor(project.name)('cdp');
    const relation: RelationMacro = { cdpSource: cdpSpec(chosenCdp(cdp))?.sourceName ?? cdp ?? 'segment' };
    const read = (node: IndexedNode, text: string) => refsInText(text, node.path.endsWith('.py'), lookupFor(node.packageName), node.packageName === project.name ? relation : undefined);
    // Editors first: an unsaved `ref()` counts at once; a closed editor's file is read from disk again.
    const open = new Map<string, TextDocument>();
    for (const doc of this.env.openDocuments()) {
      if (!doc.uri.startsWith('file:')) continue;
      const file = fileURLToPath(doc.uri);
      if (isInside(project.root, file)) open.set(file, doc);
    }
    for (const file of refs.editorFiles()) if (!open.has(file)) refs.invalidate(file);
    for (const [file, doc] of open) {
      const node = project.nodesInFile(file).find(isModelFile);
      if (refs.editorVersion(file) === doc.version || !node) continue;
      refs.set(file, read(node, doc.getText()), doc.version);
    }
    if (refs.stale) {
      const missing = new Map<string, IndexedNode>();
      for (const node of project.allNodes()) if (isModelFile(node) && !refs.has(node.path)) missing.set(node.path, node);
      const list = [...missing.values()];
      for (let i = 0; i < list.length; i += READ_BATCH) {
        await Promise.all(list.slice(i, i + READ_BATCH).map(async (node) => {
          const text = await readTextFile(this.env.fs, node.path, MAX_MODEL_FILE_BYTES, this.env.logger, project.boundaryOf(node));
          if (!refs.has(node.path)) refs.set(node.path, text === undefined ? [] : read(node, text));
        }));
      }
      refs.stale = false;
    }
    return refs;
  }

  /** The root project's vars as plain data: `{ global, scoped }` where scoped maps a package name to its vars. */
  private varsOf(project: DbtProject): { root: VarLevels } {
    const parsed = this.env.configOf(project);
    const known = parsed && this.varsCache.get(parsed);
    if (known) return { root: known };
    const root = varLevels(parsed);
    if (parsed) this.varsCache.set(parsed, root);
    return { root };
  }

  /**
   * What var() returns in a package's models, as dbt merges it: the package's own dbt_project.yml vars, then the
   * root project's global vars, then the root's vars scoped to the package (strings and numbers only: what a ref()
   * argument or a relation can be).
   */
  private packageVars(project: DbtProject, packageName: string, root: VarLevels): Record<string, string> {
    const own = packageName === project.name ? undefined : project.packages.get(packageName)?.parsedConfig;
    const ownLevels = own ? varLevels(own) : { global: {}, scoped: {} };
    return { ...ownLevels.global, ...(ownLevels.scoped[packageName] ?? {}), ...root.global, ...(root.scoped[packageName] ?? {}) };
  }
}

interface VarLevels {
  global: Record<string, string>;
  scoped: Record<string, Record<string, string>>;
}

function varLevels(parsed: ParsedYaml | undefined): VarLevels {
  const levels: VarLevels = { global: {}, scoped: {} };
  const root = parsed ? toPlainData(parsed.doc.contents, { maxDepth: 8, maxNodes: 20_000 }).value : undefined;
  const vars = root && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>).vars : undefined;
  if (!vars || typeof vars !== 'object' || Array.isArray(vars)) return levels;
  for (const [key, value] of Object.entries(vars as Record<string, unknown>)) {
    if (typeof value === 'string' || typeof value === 'number') levels.global[key] = String(value);
    else if (value && typeof value === 'object' && !Array.isArray(value)) {
      const scoped: Record<string, string> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (typeof v === 'string' || typeof v === 'number') scoped[k] = String(v);
      levels.scoped[key] = scoped;
    }
  }
  return levels;
}
