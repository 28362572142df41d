/**
 * One dbt project and what `ref()` can reach from it: its own models, seeds and snapshots, the packages
 * installed under packages-install-path, and target/manifest.json while it is newer than the sources.
 * File events update only the entries of the file (or package) that changed.
 */
import * as path from 'path';
import { FileSystem, FileType, Logger, MAX_CONFIG_FILE_BYTES, MAX_MANIFEST_BYTES, MAX_PROPERTIES_FILE_BYTES } from '../types';
import { parseYaml, ParsedYaml } from '../yaml/yamlDocument';
import { entriesFromText, FolderRole, needsText, nodeFromFileName } from './fileNodes';
import { parseManifest } from './manifest';
import { IndexedNode, IndexedSource, NodeOrigin, NodeTable, removeUnder } from './nodeTable';
import { PACKAGE_FILE_NAMES, PackagesListing, readPackagesListing } from './packagesFile';
import { isInside, ProjectConfig, readProjectConfig, sameFolders } from './projectConfig';
import { isEnabled, Level, nodeFqn } from './nodeEnabled';
import { toPlainData } from '../yaml/plainData';
import { readTextFile, walk } from './walk';

export interface ProjectEnv {
  fs: FileSystem;
  logger: Logger;
}

export interface InstalledPackage {
  name: string;
  /** Its folder under packages-install-path (a link for `local:` packages, as `dbt deps` makes them). */
  root: string;
  /** The folder nothing of the package may be read outside of: its real path. */
  realRoot: string;
  config: ProjectConfig;
  parsedConfig: ParsedYaml;
  table: NodeTable;
}

export type FileChange = 'created' | 'changed' | 'deleted';

/** Snapshot SQL files are scanned for their blocks up to this size; properties YAML at MAX_PROPERTIES_FILE_BYTES. */
const MAX_INDEXED_FILE_BYTES = 2 * 1024 * 1024;

export class DbtProject {
  readonly configPath: string;
  config: ProjectConfig;
  /** dbt_project.yml as last read from disk (open editors override it in the service). */
  parsedConfig?: ParsedYaml;
  readonly own = new NodeTable();
  readonly packages = new Map<string, InstalledPackage>();
  packagesListing?: PackagesListing;
  private manifest?: { table: NodeTable; mtime: number };
  private sourcesMtime = 0;
  /** Folders read by the last full index: their mtimes tell whether the manifest is stale. */
  private sourceDirs: string[] = [];
  private realRoot: string;
  /** Bumped on every change of what the index holds; caches key on it. */
  version = 0;

  constructor(readonly root: string, private readonly env: ProjectEnv) {
    this.configPath = path.join(root, 'dbt_project.yml');
    this.config = readProjectConfig(undefined, root);
    this.realRoot = root;
  }

  get name(): string {
    return this.config.name ?? path.basename(this.root);
  }

  /** Reads everything from scratch. */
  async load(): Promise<void> {
    this.realRoot = await this.env.fs.realpath(this.root).catch(() => this.root);
    await this.readConfig();
    // packages.yml first: its `local:` entries say which links out of the project are packages to read.
    await this.readPackagesListing();
    await this.indexAll();
  }

  private async readConfig(): Promise<void> {
    const text = await readTextFile(this.env.fs, this.configPath, MAX_CONFIG_FILE_BYTES, this.env.logger, this.realRoot);
    this.parsedConfig = text === undefined ? undefined : parseYaml(text);
    this.config = readProjectConfig(this.parsedConfig, this.root);
  }

  private async indexAll(): Promise<void> {
    this.own.clear();
    this.packages.clear();
    const dirs: string[] = [];
    for (const [role, settings] of this.roleFolders()) {
      for (const setting of settings) await this.indexFolder(setting.absolute, role, this.own, this.name, 'project', dirs);
    }
    await this.indexPackages();
    this.sourceDirs = dirs;
    await this.readManifest();
    this.version++;
  }

  private roleFolders(): [FolderRole, { absolute: string }[]][] {
    return [['model', this.config.modelPaths], ['seed', this.config.seedPaths], ['snapshot', this.config.snapshotPaths]];
  }

  private async indexFolder(folder: string, role: FolderRole, table: NodeTable, packageName: string, origin: NodeOrigin, dirs?: string[], boundary = this.realRoot): Promise<void> {
    const textFiles: string[] = [];
    const skip = new Set([this.config.packagesInstallPath.absolute, this.config.targetPath.absolute]);
    await walk(folder, {
      fs: this.env.fs,
      logger: this.env.logger,
      boundary,
      // A nested folder with its own dbt_project.yml is another project, indexed on its own.
      enterDir: (dir, entries) => !skip.has(dir) && (dir === folder || !entries.some((e) => e.name === 'dbt_project.yml')),
      onDir: (dir) => dirs?.push(dir),
      onFile: (file) => {
        if (needsText(role, file)) textFiles.push(file);
        else {
          const node = nodeFromFileName(role, file, packageName, origin);
          if (node) table.addNode(node);
        }
      },
    });
    await Promise.all(textFiles.map((file) => this.indexTextFile(file, role, table, packageName, origin)));
  }

  private async indexTextFile(file: string, role: FolderRole, table: NodeTable, packageName: string, origin: NodeOrigin): Promise<void> {
    const yaml = file.endsWith('.yml') || file.endsWith('.yaml');
    const text = await readTextFile(this.env.fs, file, yaml ? MAX_PROPERTIES_FILE_BYTES : MAX_INDEXED_FILE_BYTES, this.env.logger);
    if (text === undefined) return;
    const entries = entriesFromText(role, file, text, packageName, origin);
    entries.nodes.forEach((n) => table.addNode(n));
    entries.sources.forEach((s) => table.addSource(s));
    entries.properties.forEach((p) => table.addProperties(p));
  }

  private async indexPackages(): Promise<void> {
    const installPath = this.config.packagesInstallPath.absolute;
    let entries;
    try {
      entries = await this.env.fs.readDirectory(installPath);
    } catch {
      return; // no packages installed
    }
    const localRoots = await this.localPackageRoots();
    await Promise.all(entries.filter((e) => e.type === FileType.Directory).map((e) => this.indexPackage(path.join(installPath, e.name), localRoots)));
  }

  /** Real paths of the `local:` packages packages.yml declares: the only links out of the project that are read. */
  private async localPackageRoots(): Promise<Set<string>> {
    const roots = new Set<string>();
    for (const requirement of this.packagesListing?.requirements ?? []) {
      if (requirement.kind !== 'local') continue;
      const real = await this.env.fs.realpath(path.resolve(this.root, requirement.name)).catch(() => undefined);
      if (real) roots.add(real);
    }
    return roots;
  }

  private async indexPackage(packageRoot: string, localRoots?: Set<string>): Promise<void> {
    for (const [name, pkg] of this.packages) if (pkg.root === packageRoot) this.packages.delete(name);
    const real = await this.env.fs.realpath(packageRoot).catch(() => undefined);
    if (!real) return;
    const declaredLocal = (localRoots ?? (await this.localPackageRoots())).has(real);
    if (!isInside(this.realRoot, real) && !declaredLocal) {
      this.env.logger.warn(`Skipped package ${packageRoot}: it links outside the project folder (${real}) and packages.yml declares no local package there.`);
      return;
    }
    const configFile = path.join(packageRoot, 'dbt_project.yml');
    if ((await this.env.fs.realpath(configFile).catch(() => undefined)) !== path.join(real, 'dbt_project.yml')) return;
    const text = await readTextFile(this.env.fs, configFile, MAX_CONFIG_FILE_BYTES, this.env.logger);
    if (text === undefined) return;
    const parsedConfig = parseYaml(text);
    const config = readProjectConfig(parsedConfig, packageRoot);
    const name = config.name ?? path.basename(packageRoot);
    const table = new NodeTable();
    const folders: [FolderRole, { absolute: string }[]][] = [['model', config.modelPaths], ['seed', config.seedPaths], ['snapshot', config.snapshotPaths]];
    for (const [role, settings] of folders) {
      for (const setting of settings) await this.indexFolder(setting.absolute, role, table, name, 'package', undefined, real);
    }
    this.packages.set(name, { name, root: packageRoot, realRoot: real, config, parsedConfig, table });
  }

  private async readManifest(): Promise<void> {
    this.manifest = undefined;
    const file = path.join(this.config.targetPath.absolute, 'manifest.json');
    const stat = await this.env.fs.stat(file);
    if (!stat) return;
    const text = await readTextFile(this.env.fs, file, MAX_MANIFEST_BYTES, this.env.logger);
    if (text === undefined) return;
    const roots = new Map([...this.packages.values()].map((p) => [p.name, p.root] as [string, string]));
    const entries = parseManifest(text, this.root, roots);
    if (!entries) {
      this.env.logger.warn(`Ignored ${file}: not a dbt manifest.`);
      return;
    }
    const table = new NodeTable();
    entries.nodes.forEach((n) => table.addNode(n));
    entries.sources.forEach((s) => table.addSource(s));
    this.manifest = { table, mtime: stat.mtime };
    // A folder's mtime changes when a file is added or removed in it: the manifest is fresh only if newer.
    const stats = await Promise.all([this.configPath, ...this.sourceDirs].map((d) => this.env.fs.stat(d)));
    this.sourcesMtime = Math.max(0, ...stats.map((s) => s?.mtime ?? 0));
  }

  private async readPackagesListing(): Promise<void> {
    this.packagesListing = undefined;
    for (const name of PACKAGE_FILE_NAMES) {
      const file = path.join(this.root, name);
      const text = await readTextFile(this.env.fs, file, MAX_CONFIG_FILE_BYTES, this.env.logger, this.realRoot);
      if (text !== undefined) {
        this.packagesListing = readPackagesListing(file, parseYaml(text));
        return;
      }
    }
  }

  /** True while target/manifest.json is newer than every source folder and dbt_project.yml. */
  get manifestFresh(): boolean {
    return this.manifest !== undefined && this.manifest.mtime >= this.sourcesMtime;
  }

  private enabledCache?: { version: number; configs: Map<string, Level | undefined>; byNode: WeakMap<IndexedNode, boolean> };

  /** Whether dbt would build the node, as far as the YAML says (see nodeEnabled.ts); manifest nodes count as built. */
  isEnabled(node: IndexedNode): boolean {
    if (node.origin === 'manifest') return true;
    if (this.enabledCache?.version !== this.version) this.enabledCache = { version: this.version, configs: new Map(), byNode: new WeakMap() };
    const cache = this.enabledCache;
    const known = cache.byNode.get(node);
    if (known !== undefined) return known;
    const pkg = node.origin === 'package' ? this.packages.get(node.packageName) : undefined;
    const plain = (key: string, parsed: ParsedYaml | undefined): Level | undefined => {
      if (!cache.configs.has(key)) {
        const value = parsed ? toPlainData(parsed.doc.contents).value : undefined;
        cache.configs.set(key, value && typeof value === 'object' && !Array.isArray(value) ? (value as Level) : undefined);
      }
      return cache.configs.get(key);
    };
    const rootConfig = plain(this.name, this.parsedConfig);
    const ownConfig = pkg ? plain(pkg.name, pkg.parsedConfig) : rootConfig;
    const config = pkg?.config ?? this.config;
    const paths = node.kind === 'seed' ? config.seedPaths : node.kind === 'snapshot' ? config.snapshotPaths : config.modelPaths;
    const table = pkg?.table ?? this.own;
    const varsOf = (c: Level | undefined): Level => {
      const vars = c?.vars as Level | undefined;
      const scoped = vars?.[node.packageName];
      return { ...(vars ?? {}), ...(scoped && typeof scoped === 'object' ? (scoped as Level) : {}) };
    };
    const enabled = isEnabled({
      kind: node.kind, fqn: nodeFqn(node.packageName, paths, node.path, node.name), ownConfig, rootConfig,
      propertiesConfig: table.getProperties(node.name).find((p) => p.kind === node.kind)?.data.config,
      vars: { ...varsOf(ownConfig), ...varsOf(rootConfig) },
    });
    cache.byNode.set(node, enabled);
    return enabled;
  }

  /** Every node `ref(name)` can reach. */
  lookup(name: string): IndexedNode[] {
    const found = [...this.own.get(name)];
    for (const pkg of this.packages.values()) found.push(...pkg.table.get(name));
    if (found.length === 0 && this.manifestFresh) found.push(...this.manifest!.table.get(name));
    return found;
  }

  lookupSource(sourceName: string, table: string): IndexedSource[] {
    const found = [...this.own.getSource(sourceName, table)];
    for (const pkg of this.packages.values()) found.push(...pkg.table.getSource(sourceName, table));
    if (found.length === 0 && this.manifestFresh) found.push(...this.manifest!.table.getSource(sourceName, table));
    return found;
  }

  /** The folder a node's files may not be read outside of (its package's real root, else the project's). */
  boundaryOf(node: IndexedNode): string {
    return (node.origin === 'package' ? this.packages.get(node.packageName)?.realRoot : undefined) ?? this.realRoot;
  }

  /** The nodes a file of the project or of an installed package defines. */
  nodesInFile(file: string): readonly IndexedNode[] {
    const own = this.own.inFile(file);
    if (own.length) return own;
    for (const pkg of this.packages.values()) {
      const found = pkg.table.inFile(file);
      if (found.length) return found;
    }
    return [];
  }

  /** Files declaring the sources `source()` can reach, own project first. */
  sourceFiles(): string[] {
    const files = [...this.own.sourceFiles()];
    for (const pkg of this.packages.values()) files.push(...pkg.table.sourceFiles());
    return files;
  }

  /** All reachable nodes, own project first. */
  *allNodes(): IterableIterator<IndexedNode> {
    yield* this.own.nodes();
    for (const pkg of this.packages.values()) yield* pkg.table.nodes();
    if (this.manifestFresh) for (const n of this.manifest!.table.nodes()) if (this.own.get(n.name).length === 0) yield n;
  }

  /** The sources the project itself declares (not its packages'). */
  ownSources(): IterableIterator<IndexedSource> {
    return this.own.sources();
  }

  *allSources(): IterableIterator<IndexedSource> {
    yield* this.own.sources();
    for (const pkg of this.packages.values()) yield* pkg.table.sources();
  }

  /** Applies one watched-file event. Returns true when diagnostics may have changed. */
  async onFileChanged(file: string, change: FileChange): Promise<boolean> {
    if (file === this.configPath) {
      const before = this.config;
      await this.readConfig();
      if (!sameFolders(before, this.config)) await this.indexAll();
      this.version++;
      return true;
    }
    if (path.dirname(file) === this.root && (PACKAGE_FILE_NAMES as readonly string[]).includes(path.basename(file))) {
      await this.readPackagesListing();
      // A `local:` entry added or removed changes which linked packages may be read.
      this.packages.clear();
      await this.indexPackages();
      this.version++;
      return true;
    }
    const installPath = this.config.packagesInstallPath.absolute;
    if (isInside(installPath, file) && file !== installPath) {
      const packageRoot = path.join(installPath, path.relative(installPath, file).split(path.sep)[0]);
      await this.indexPackage(packageRoot);
      this.version++;
      return true;
    }
    if (isInside(this.config.targetPath.absolute, file)) {
      if (path.basename(file) !== 'manifest.json') return false;
      await this.readManifest();
      this.version++;
      return true;
    }
    return this.onSourceFileChanged(file, change);
  }

  private async onSourceFileChanged(file: string, change: FileChange): Promise<boolean> {
    const role = this.roleOf(file);
    if (!role) return false;
    this.own.removeFile(file);
    removeUnder(this.own, this.own.files(), file);
    this.sourcesMtime = Math.max(this.sourcesMtime, Date.now());
    if (change !== 'deleted') {
      const stat = await this.env.fs.stat(file);
      if (stat?.type === FileType.Directory) await this.indexFolder(file, role, this.own, this.name, 'project');
      else if (stat?.type === FileType.File) {
        if (needsText(role, file)) await this.indexTextFile(file, role, this.own, this.name, 'project');
        else {
          const node = nodeFromFileName(role, file, this.name, 'project');
          if (node) this.own.addNode(node);
        }
      }
    }
    this.version++;
    return true;
  }

  private roleOf(file: string): FolderRole | undefined {
    for (const [role, settings] of this.roleFolders()) if (settings.some((s) => isInside(s.absolute, file))) return role;
    return undefined;
  }
}
