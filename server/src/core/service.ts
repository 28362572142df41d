/**
 * The one facade in front of the core: the LSP handlers, the CLI and the tests all call this. I/O comes in
 * through `params`; offsets become positions only here, where LSP shapes are built.
 */
import * as path from 'path';
import { fileURLToPath, pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CompletionList, Diagnostic, DiagnosticSeverity, Hover, Location, MarkupKind, Position, Range } from 'vscode-languageserver-types';
import { DbtProject, FileChange } from './project/dbtProject';
import { PACKAGE_FILE_NAMES, PackagesListing, readPackagesListing } from './project/packagesFile';
import { readProjectConfig } from './project/projectConfig';
import { Workspace } from './project/workspace';
import { FileSystem, FileType, Logger, MAX_CONFIG_FILE_BYTES, Problem, silentLogger } from './types';
import { columnInSql, columnInYaml } from './cdp/columnAt';
import { detectCdp } from './cdp/detect';
import { columnMarkdown } from './cdp/columns';
import { cdpSpec } from './cdp/registry';
import { chosenCdp } from './vars/registry';
import { getCodeActions } from './vars/codeActions';
import { completeConfig, completeSql } from './vars/completion';
import { effectiveEntry, effectiveString, locateVars, VarsLayout } from './vars/locate';
import { hoverMarkdown, nodesFor, sourcesFor, Target, targetInConfig } from './vars/navigation';
import { ConfigContext } from './vars/rules/context';
import { checkPackageRequirements } from './vars/rules/packageRequirements';
import { checkMissingVars, checkMisplacedVars, checkVarKeyTypos, checkVarsOfOtherCdps } from './vars/rules/varKeys';
import { checkVarValues } from './vars/rules/varValues';
import { checkPackageVars } from './vars/rules/packageVars';
import { refAt } from './vars/sqlRefs';
import { ADAPTERS, defaultFolder, DEFAULT_MODELS, MODEL_CHOICES, PlanResult, ScaffoldOptions, TEMPLATE_CDPS } from './scaffold/plan';
import { ScaffoldDefaults } from './scaffold/defaults';
import { prepareScaffold } from './scaffold/prepare';
import { adapterOf } from './project/profiles';
import { readTextFile } from './project/walk';
import { mapPair, stringValue } from './yaml/yamlDocument';
import { parseYaml, ParsedYaml, unparseable } from './yaml/yamlDocument';
import type { RenderInputsCache, RenderOptions, RenderOutcome } from './render/renderService';
import type { Adapter, ModelInfo } from './render/outcome';
import type { TemplateEngine } from './render/engine';
import type { SqlFormatter } from './render/formatSql';
import { ProjectLineage } from './lineage/projectLineage';
import { answerErd, answerLineage, ErdResult, LineageParams, LineageResult } from './lineage/lineageRequests';

export const DIAGNOSTIC_SOURCE = 'dbt-product-warehouse';

export interface LanguageServiceParams {
  fs: FileSystem;
  logger?: Logger;
  /** The text of a file open in an editor (it wins over the disk), or undefined. */
  openDocument?(filePath: string): TextDocument | undefined;
  /** Every open document (lineage reads their unsaved ref() calls). */
  openDocuments?(): readonly TextDocument[];
  /** templates/ of this product, for the scaffold. */
  templatesDir?: string;
  /** Where dbt looks for profiles.yml besides the project: DBT_PROFILES_DIR, then ~/.dbt. */
  profilesDirs?: string[];
  /** Environment variables for `env_var()` in profiles and models (the preview). */
  env?: Record<string, string | undefined>;
  /** The SQL preview's template engine (the Node adapters start the real one; without it, renders say so). */
  engine?: TemplateEngine;
  /** Formats the preview's SQL (the Node adapters: in a worker with a deadline); in-process when absent. */
  formatter?: SqlFormatter;
}

export type FileKind = 'project' | 'packages' | 'sql' | 'other';

export interface FileDiagnostics {
  file: string;
  document: TextDocument;
  diagnostics: Diagnostic[];
}

export interface LanguageService {
  readonly workspace: Workspace;
  addFolder(folder: string): Promise<void>;
  removeFolder(folder: string): Promise<void>;
  /** Watched-file events; resolves true when diagnostics may have changed. */
  onFilesChanged(changes: { path: string; change: FileChange }[]): Promise<boolean>;
  doValidation(document: TextDocument): Promise<Diagnostic[]>;
  doComplete(document: TextDocument, position: Position): Promise<CompletionList>;
  doHover(document: TextDocument, position: Position): Promise<Hover | null>;
  findDefinition(document: TextDocument, position: Position): Promise<Location[]>;
  getCodeActions(document: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction[]>;
  /** Every project's dbt_project.yml and packages file under the folders added (the CLI's `check`). */
  checkAll(): Promise<FileDiagnostics[]>;
  scaffoldDefaults(projectDir: string): Promise<ScaffoldDefaults>;
  /** Roots of the dbt projects in the index (installed packages and target/ folders are never projects). */
  projectRoots(): Promise<string[]>;
  planScaffold(projectDir: string, options: ScaffoldOptions): Promise<PlanResult>;
  /** The SQL a model compiles to for an adapter (the SQL preview); failures are outcomes. */
  render(file: string, options: RenderOptions): Promise<RenderOutcome>;
  /** The file's dbt project and how dbt compiles it; undefined when it is not a model. */
  modelInfo(file: string): Promise<ModelInfo | undefined>;
  /** SQL formatted as the preview formats it (an unknown adapter formats as DuckDB). */
  formatSql(sql: string, adapter: string): Promise<{ sql: string; formatError?: string }>;
  /** Parents and children of a model through ref()/source(), from the index (no dbt). */
  lineage(params: LineageParams): Promise<LineageResult>;
  /** The product warehouse's models, columns, keys and relationships, from their YAML. */
  erd(params: { file?: string; project?: string }): Promise<ErdResult>;
}

export function fileKind(filePath: string): FileKind {
  const base = path.basename(filePath);
  if (base === 'dbt_project.yml') return 'project';
  if ((PACKAGE_FILE_NAMES as readonly string[]).includes(base)) return 'packages';
  if (base.endsWith('.sql')) return 'sql';
  return 'other';
}

export function toPath(uri: string): string {
  return uri.startsWith('file:') ? fileURLToPath(uri) : uri;
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, information: DiagnosticSeverity.Information, hint: DiagnosticSeverity.Hint };

export function toDiagnostic(document: TextDocument, p: Problem): Diagnostic {
  const range = Range.create(document.positionAt(p.offset), document.positionAt(p.offset + p.length));
  return { range, severity: SEVERITY[p.severity], source: DIAGNOSTIC_SOURCE, code: p.code, message: p.message, ...(p.data ? { data: p.data } : {}) };
}

export function getLanguageService(params: LanguageServiceParams): LanguageService {
  const logger = params.logger ?? silentLogger;
  const workspace = new Workspace({ fs: params.fs, logger });
  const parseCache = new Map<string, { text: string; parsed: ParsedYaml }>();
  const renderCache: RenderInputsCache = new Map();

  /**
   * Parse once per text; validation, completion and hover of the same version share it. A text too large, too
   * deep or binary is parsed as empty: every feature answers at once (validation reports why).
   */
  const lineage = new ProjectLineage({
    fs: params.fs, logger,
    openDocuments: () => params.openDocuments?.() ?? [],
    configOf: (project) => configOf(project),
  });

  const parse = (document: TextDocument): ParsedYaml => {
    const text = document.getText();
    const hit = parseCache.get(document.uri);
    if (hit && hit.text === text) return hit.parsed;
    const parsed = text.includes('\u0000') ? parseYaml('') : parseYaml(text);
    parseCache.set(document.uri, { text, parsed });
    if (parseCache.size > 64) parseCache.delete(parseCache.keys().next().value as string);
    return parsed;
  };

  const openDoc = (file: string) => params.openDocument?.(file);

  const configOf = (project: DbtProject): ParsedYaml | undefined => {
    const doc = openDoc(project.configPath);
    return doc ? parse(doc) : project.parsedConfig;
  };

  const listingOf = (project: DbtProject): PackagesListing | undefined => {
    for (const name of PACKAGE_FILE_NAMES) {
      const file = path.join(project.root, name);
      const doc = openDoc(file);
      if (doc) return readPackagesListing(file, parse(doc));
    }
    return project.packagesListing;
  };

  const layoutOf = (parsed: ParsedYaml | undefined, root: string): VarsLayout | undefined =>
    parsed && locateVars(parsed, readProjectConfig(parsed, root).name);

  /** Problems that stop parsing: better one clear message than a frozen editor. */
  const unreadable = (text: string): Problem | undefined => {
    const stop = unparseable(text);
    if (stop) return stop;
    if (text.includes('\u0000')) return { offset: 0, length: 0, severity: 'error', code: 'not-text', message: 'File holds binary data (NUL characters); it is not YAML.' };
    return undefined;
  };

  const validate = async (document: TextDocument): Promise<Problem[]> => {
    const file = toPath(document.uri);
    const kind = fileKind(file);
    if (kind !== 'project' && kind !== 'packages') return [];
    const stop = unreadable(document.getText());
    if (stop) return [stop];
    const project = await workspace.ensureProjectFor(file);
    const parsed = parse(document);
    if (kind === 'packages') {
      if (!project || path.dirname(file) !== project.root) return parsed.problems;
      const listing = readPackagesListing(file, parsed);
      return [...parsed.problems, ...checkPackageRequirements({ listing, layout: layoutOf(configOf(project), project.root), project })];
    }
    const root = path.dirname(file);
    const config = readProjectConfig(parsed, root);
    const ctx: ConfigContext = {
      parsed,
      layout: locateVars(parsed, config.name),
      project: project?.root === root ? project : undefined,
      listing: project?.root === root ? listingOf(project) : undefined,
    };
    return [...parsed.problems, ...config.problems, ...checkVarValues(ctx), ...checkVarKeyTypos(ctx), ...checkMisplacedVars(ctx), ...checkVarsOfOtherCdps(ctx), ...checkMissingVars(ctx), ...checkPackageVars(ctx)];
  };

  const targetAt = async (document: TextDocument, position: Position) => {
    const file = toPath(document.uri);
    const kind = fileKind(file);
    const project = await workspace.ensureProjectFor(file);
    const offset = document.offsetAt(position);
    if (kind === 'sql') {
      const ref = refAt(document.getText(), offset);
      const column = ref ? undefined : columnInSql(document.getText(), offset, path.basename(file, '.sql'));
      const target: Target | undefined = ref ? { kind: 'model', ...ref } : column && { kind: 'column', ...column };
      return { target, project, parsed: undefined, layout: undefined };
    }
    if (kind === 'other' && project && /\.ya?ml$/.test(file)) {
      // Bounded like config YAML (64 KB): a hover must not parse a hostile 512 KB file on the server thread.
      const column = columnInYaml(parseYaml(document.getText(), MAX_CONFIG_FILE_BYTES), offset);
      return { target: column && ({ kind: 'column', ...column } as Target), project, parsed: undefined, layout: undefined };
    }
    if (kind !== 'project') return { target: undefined, project, parsed: undefined, layout: undefined };
    const parsed = parse(document);
    const layout = layoutOf(parsed, path.dirname(file))!;
    return { target: targetInConfig(parsed, layout, offset), project, parsed, layout };
  };

  return {
    workspace,
    addFolder: async (folder) => void (await workspace.addFolder(folder)),
    removeFolder: (folder) => workspace.removeFolder(folder),
    onFilesChanged: (changes) => {
      // Macros, sources and profiles the preview read may have changed: it gathers them again.
      renderCache.clear();
      for (const change of changes) lineage.invalidate(change.path);
      return workspace.onFilesChanged(changes);
    },

    async doValidation(document) {
      return (await validate(document)).map((p) => toDiagnostic(document, p));
    },

    async doComplete(document, position) {
      const file = toPath(document.uri);
      const kind = fileKind(file);
      const project = await workspace.ensureProjectFor(file);
      const offset = document.offsetAt(position);
      if (kind === 'sql') {
        const cdp = project ? effectiveString(layoutOf(configOf(project), project.root), 'cdp') : undefined;
        return completeSql(document, offset, project, cdp);
      }
      if (kind !== 'project') return CompletionList.create([], false);
      const parsed = parse(document);
      const name = readProjectConfig(parsed, path.dirname(file)).name;
      return completeConfig(document, offset, locateVars(parsed, name), project, name);
    },

    async doHover(document, position) {
      const { target, project, parsed, layout } = await targetAt(document, position);
      if (!target) return null;
      const cdpOfProject = () => cdpSpec(chosenCdp(project ? effectiveString(layoutOf(configOf(project), project.root), 'cdp') : undefined))!;
      const value = target.kind === 'column' ? columnMarkdown(target.model, target.column, cdpOfProject()) : hoverMarkdown(target, parsed, layout, project);
      if (!value) return null;
      return { contents: { kind: MarkupKind.Markdown, value }, range: Range.create(document.positionAt(target.start), document.positionAt(target.end)) };
    },

    async findDefinition(document, position) {
      const { target, project } = await targetAt(document, position);
      if (!target || target.kind === 'var' || target.kind === 'cdp' || target.kind === 'column' || target.kind === 'funnel') return [];
      const places = target.kind === 'source' ? sourcesFor(project, target) : nodesFor(project, target.name, target.packageName);
      return Promise.all(places.map((p) => locationOf(params.fs, p.path, p.offset)));
    },

    async getCodeActions(document, diagnostics) {
      const file = toPath(document.uri);
      const project = await workspace.ensureProjectFor(file);
      const kind = fileKind(file);
      const parsed = kind === 'project' ? parse(document) : project && configOf(project);
      const listing = project && (kind === 'packages' ? readPackagesListing(file, parse(document)) : listingOf(project));
      return getCodeActions({
        document,
        layout: layoutOf(parsed, project?.root ?? path.dirname(file)),
        projectRoot: project?.root,
        listing,
        listingDocument: listing && (kind === 'packages' ? document : openDoc(listing.path)),
      }, diagnostics);
    },

    async scaffoldDefaults(projectDir) {
      const root = path.resolve(projectDir);
      const configPath = path.join(root, 'dbt_project.yml');
      const doc = openDoc(configPath);
      // Workspace files: read with the usual guards (regular file, size bound, no link out of the project).
      const realRoot = await params.fs.realpath(root).catch(() => root);
      const text = doc ? doc.getText() : (await readTextFile(params.fs, configPath, MAX_CONFIG_FILE_BYTES, logger, realRoot)) ?? '';
      const parsed = parseYaml(text);
      const layout = locateVars(parsed, readProjectConfig(parsed, root).name);
      const profile = stringValue(mapPair(parsed.doc.contents, 'profile')?.value);
      let adapter: string | undefined;
      for (const dir of [root, ...(params.profilesDirs ?? [])]) {
        const profiles = await readTextFile(params.fs, path.join(dir, 'profiles.yml'), MAX_CONFIG_FILE_BYTES, logger, dir === root ? realRoot : undefined);
        adapter = profiles === undefined ? undefined : adapterOf(profiles, profile);
        if (adapter) break;
      }
      const explicit = layout.entries.length > 0 ? effectiveString(layout, 'product-warehouse-mode') : undefined;
      const ownProject = (await workspace.ensureProjectFor(configPath))?.root === root ? workspace.projectFor(configPath) : undefined;
      // The var, else the CDP whose raw tables the project's sources declare, else Segment.
      const cdpVar = effectiveEntry(layout, 'cdp') ? effectiveString(layout, 'cdp') : undefined;
      const detected = cdpVar === undefined ? detectCdp(ownProject ? ownProject.ownSources() : [], TEMPLATE_CDPS)?.cdp : undefined;
      return {
        cdp: cdpVar ?? detected ?? 'segment',
        cdpFrom: cdpVar !== undefined ? 'var' : detected !== undefined ? 'source' : 'default',
        mode: explicit === 'package' ? 'package' : 'self-contained',
        adapter, folder: defaultFolder(parsed, root), adapters: [...ADAPTERS], cdps: [...TEMPLATE_CDPS],
        models: { all: [...MODEL_CHOICES], preselected: [...DEFAULT_MODELS] },
      };
    },

    async projectRoots() {
      await workspace.ready();
      return workspace.all().map((p) => p.root).sort();
    },

    planScaffold(projectDir, options) {
      if (!params.templatesDir) return Promise.resolve({ error: 'This server was started without its templates folder.' });
      return prepareScaffold({ fs: params.fs, workspace, templatesDir: params.templatesDir, openDocument: params.openDocument }, projectDir, options);
    },

    async render(file, options) {
      // Loaded on the first preview: the formatter and the payload code cost memory a diagnostics-only session never
      // needs (the engine itself runs in a worker started on the first render).
      const { renderFile } = await import('./render/renderService.js');
      return renderFile({
        fs: params.fs, logger, workspace, profilesDirs: params.profilesDirs ?? [], env: params.env ?? {}, cache: renderCache,
        engine: params.engine,
        formatter: params.formatter,
        openText: (f) => openDoc(f)?.getText(),
        configOf: (root) => {
          const project = workspace.all().find((p) => p.root === root);
          return project && configOf(project);
        },
      }, path.resolve(file), options);
    },

    async modelInfo(file) {
      const { modelInfo } = await import('./render/modelInfo.js');
      return modelInfo(workspace, params.fs, path.resolve(file));
    },

    async formatSql(sql, adapter) {
      const { inProcessFormatter } = await import('./render/formatSql.js');
      return (params.formatter ?? inProcessFormatter).format(sql, ((ADAPTERS as readonly string[]).includes(adapter) ? adapter : 'duckdb') as Adapter);
    },

    lineage: (request) => answerLineage(workspace, lineage, request),
    erd: (request) => answerErd(workspace, lineage, request),

    async checkAll() {
      await workspace.ready();
      const results: FileDiagnostics[] = [];
      // In path order, so the report reads the same on every run whatever order the folders were found in.
      const projects = workspace.all().sort((a, b) => (a.configPath < b.configPath ? -1 : a.configPath > b.configPath ? 1 : 0));
      for (const project of projects) {
        const files = [project.configPath, ...(project.packagesListing ? [project.packagesListing.path] : [])];
        for (const file of files) {
          const read = await readForCheck(params.fs, file);
          const document = TextDocument.create(pathToFileURL(file).toString(), 'yaml', 0, typeof read === 'string' ? read : '');
          // A file that cannot be read is an error of the check, not a pass.
          const diagnostics = typeof read === 'string' ? await this.doValidation(document) : [toDiagnostic(document, read)];
          results.push({ file, document, diagnostics });
        }
      }
      return results;
    },
  };
}

/** The text of a config file for `check`, or the problem that stops reading it (not a file, too large, unreadable). */
async function readForCheck(fs: FileSystem, file: string): Promise<string | Problem> {
  const problem = (code: string, message: string): Problem => ({ offset: 0, length: 0, severity: 'error', code, message });
  const stat = await fs.stat(file);
  if (!stat || stat.type !== FileType.File) return problem('unreadable', `${path.basename(file)} is not a regular file; it cannot be checked.`);
  if (stat.size > MAX_CONFIG_FILE_BYTES) return problem('file-too-large', `File is ${stat.size} bytes; YAML files like this one over ${MAX_CONFIG_FILE_BYTES} are not checked.`);
  try {
    return await fs.readFile(file);
  } catch (e) {
    return problem('unreadable', `Cannot read ${path.basename(file)}: ${(e as Error).message}`);
  }
}

async function locationOf(fs: FileSystem, file: string, offset: number): Promise<Location> {
  const uri = pathToFileURL(file).toString();
  if (offset === 0) return Location.create(uri, Range.create(0, 0, 0, 0));
  const text = await fs.readFile(file).catch(() => '');
  const doc = TextDocument.create(uri, 'plaintext', 0, text);
  const pos = doc.positionAt(offset);
  return Location.create(uri, Range.create(pos, pos));
}
