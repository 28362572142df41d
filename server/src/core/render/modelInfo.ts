/**
 * Which dbt project a SQL file is a model of, and how dbt compiles it: the one place that knows this for the
 * renderer, the preview panel's editor-title button and "Compile with dbt". A model of an installed package is a
 * model of the project that installed it (dbt compiles it there, with that project's profile and vars).
 */
import * as path from 'path';
import { DbtProject } from '../project/dbtProject';
import { isInside, ProjectConfig } from '../project/projectConfig';
import { Workspace } from '../project/workspace';
import { ADAPTERS } from '../scaffold/plan';
import { FileSystem, FileType } from '../types';
import { EngineNode } from './engine';
import { engineNode } from './enginePayload';
import { Adapter, ModelInfo } from './outcome';

export type ModelProject = { project: DbtProject; node: EngineNode } | { error: string };

function under(config: ProjectConfig, file: string): boolean {
  return config.modelPaths.some((p) => isInside(p.absolute, file));
}

export async function modelProject(workspace: Workspace, fs: FileSystem, file: string): Promise<ModelProject> {
  if (!file.endsWith('.sql')) return { error: `${path.basename(file)} is not a SQL model` };
  const project = (await workspace.ensureProjectFor(file)) ?? (await nearestProject(workspace, fs, file));
  if (!project) return { error: `${file} is not inside a dbt project (no dbt_project.yml above it)` };
  const name = path.basename(file, '.sql');
  if (under(project.config, file)) return { project, node: engineNode({ name: project.name, config: project.config }, 'model', name, file) };
  for (const pkg of project.packages.values()) {
    if (under(pkg.config, file)) return { project, node: engineNode({ name: pkg.name, config: pkg.config }, 'model', name, file) };
  }
  return { error: `${path.relative(project.root, file)} is not under the project's model-paths (${project.config.modelPaths.map((p) => p.value).join(', ')})` };
}

/** A model outside the folders the workspace indexed (the CLI indexes none): the nearest dbt_project.yml above it. */
async function nearestProject(workspace: Workspace, fs: FileSystem, file: string): Promise<DbtProject | undefined> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const config = path.join(dir, 'dbt_project.yml');
    // Only a regular file counts: a FIFO or folder with that name is not a project.
    if ((await fs.stat(config).catch(() => undefined))?.type === FileType.File) return workspace.ensureProjectFor(config);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Undefined for a file that is not a model of a dbt project. */
export async function modelInfo(workspace: Workspace, fs: FileSystem, file: string): Promise<ModelInfo | undefined> {
  const found = await modelProject(workspace, fs, file);
  if ('error' in found) return undefined;
  const { project, node } = found;
  // dbt finds profiles.yml as the user's own runs do: DBT_PROFILES_DIR, else the working folder, else ~/.dbt.
  return {
    model: node.name,
    project: project.root,
    adapters: [...ADAPTERS] as Adapter[],
    compile: {
      cwd: project.root,
      args: ['compile', '--select', node.package === project.name ? node.name : `${node.package}.${node.name}`, '--project-dir', project.root],
      // dbt writes target/compiled/<package>/<path within the package>.
      compiledFile: path.join(project.config.targetPath.absolute, 'compiled', node.package, path.relative(project.packages.get(node.package)?.root ?? project.root, file)),
    },
  };
}
