/**
 * Every dbt project under the open folders (multi-root and nested projects). Work is queued so that file
 * events and lookups never see a half-built index.
 */
import * as path from 'path';
import { DbtProject, FileChange, ProjectEnv } from './dbtProject';
import { isInside } from './projectConfig';
import { walk } from './walk';
import { silentLogger } from '../types';

export class Workspace {
  private readonly projects = new Map<string, DbtProject>();
  private readonly folders = new Set<string>();
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: ProjectEnv) {}

  /** Runs `work` after everything queued before it. */
  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const result = this.queue.then(work);
    this.queue = result.catch((e) => this.env.logger.warn(`Index update failed: ${(e as Error).message}`));
    return result;
  }

  /** Resolves once all queued index work is done. */
  ready(): Promise<void> {
    return this.enqueue(async () => undefined);
  }

  addFolder(folder: string): Promise<DbtProject[]> {
    return this.enqueue(async () => {
      this.folders.add(folder);
      const roots: string[] = [];
      const boundary = await this.env.fs.realpath(folder).catch(() => folder);
      await walk(folder, {
        fs: this.env.fs,
        // The search for projects stays quiet: each project's own index reports what it skips, once.
        logger: silentLogger,
        boundary,
        enterDir: (dir, entries) => {
          if (entries.some((e) => e.name === 'dbt_project.yml')) roots.push(dir);
          return true;
        },
        onFile: () => undefined,
      });
      const loaded = await Promise.all(roots.filter((r) => !this.projects.has(r)).map((r) => this.loadProject(r)));
      this.dropInstalledPackages();
      return loaded.filter((p) => this.projects.has(p.root));
    });
  }

  removeFolder(folder: string): Promise<void> {
    return this.enqueue(async () => {
      this.folders.delete(folder);
      for (const root of [...this.projects.keys()]) if (isInside(folder, root)) this.projects.delete(root);
    });
  }

  private async loadProject(root: string): Promise<DbtProject> {
    const project = new DbtProject(root, this.env);
    await project.load();
    this.projects.set(root, project);
    return project;
  }

  /** A dbt_project.yml inside another project's packages or target folder is a package, not a project. */
  private dropInstalledPackages(): void {
    for (const outer of this.projects.values()) {
      for (const root of [...this.projects.keys()]) {
        if (root === outer.root) continue;
        if (isInside(outer.config.packagesInstallPath.absolute, root) || isInside(outer.config.targetPath.absolute, root)) this.projects.delete(root);
      }
    }
  }

  /** The innermost project holding a file. */
  projectFor(file: string): DbtProject | undefined {
    let best: DbtProject | undefined;
    for (const project of this.projects.values()) {
      if (isInside(project.root, file) && (!best || project.root.length > best.root.length)) best = project;
    }
    return best;
  }

  /** Like projectFor, but loads the project of a dbt_project.yml that no folder scan found (a new file). */
  async ensureProjectFor(file: string): Promise<DbtProject | undefined> {
    await this.ready();
    const known = this.projectFor(file);
    if (path.basename(file) !== 'dbt_project.yml' || known?.root === path.dirname(file)) return known;
    if (known && isInside(known.config.packagesInstallPath.absolute, file)) return known;
    return this.enqueue(() => this.loadProject(path.dirname(file)));
  }

  all(): DbtProject[] {
    return [...this.projects.values()];
  }

  /** Applies watched-file events in order. Returns true when any diagnostics may have changed. */
  onFilesChanged(changes: { path: string; change: FileChange }[]): Promise<boolean> {
    return this.enqueue(async () => {
      let changed = false;
      for (const { path: file, change } of changes) changed = (await this.applyChange(file, change)) || changed;
      return changed;
    });
  }

  private async applyChange(file: string, change: FileChange): Promise<boolean> {
    const owner = this.projectFor(file);
    if (path.basename(file) === 'dbt_project.yml' && owner?.root !== path.dirname(file)) {
      // A new project, unless it is a package being installed into an existing one.
      if (change !== 'deleted' && !(owner && isInside(owner.config.packagesInstallPath.absolute, file))) {
        if ([...this.folders].some((f) => isInside(f, file))) await this.loadProject(path.dirname(file));
        return true;
      }
    }
    if (path.basename(file) === 'dbt_project.yml' && owner?.root === path.dirname(file) && change === 'deleted') {
      this.projects.delete(owner.root);
      return true;
    }
    if (change === 'deleted') {
      // A deleted folder may have held whole projects.
      let removed = false;
      for (const root of [...this.projects.keys()]) {
        if (isInside(file, root)) removed = this.projects.delete(root);
      }
      if (removed && (!owner || !this.projects.has(owner.root))) return true;
    }
    return owner ? owner.onFileChanged(file, change) : false;
  }
}
