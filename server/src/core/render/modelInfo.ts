/**
 * Which dbt project a SQL file is a model of, and how dbt compiles it: the one place that knows this for the
 * renderer, the preview panel's editor-title button and "Compile with dbt".
 */
import * as path from 'path';
import { DbtProject } from '../project/dbtProject';
import { Workspace } from '../project/workspace';
import { ADAPTERS } from '../scaffold/plan';
import { FileSystem } from '../types';
import { Adapter, ModelInfo } from './outcome';

export type ModelProject = { project: DbtProject; modelRoots: string[] } | { error: string };

export async function modelProject(workspace: Workspace, fs: FileSystem, file: string): Promise<ModelProject> {
  if (!file.endsWith('.sql')) return { error: `${path.basename(file)} is not a SQL model` };
  const project = (await workspace.ensureProjectFor(file)) ?? (await nearestProject(workspace, fs, file));
  if (!project) return { error: `${file} is not inside a dbt project (no dbt_project.yml above it)` };
  const modelRoots = project.config.modelPaths.map((p) => p.absolute);
  if (!modelRoots.some((root) => !path.relative(root, file).startsWith('..'))) {
    return { error: `${path.relative(project.root, file)} is not under the project's model-paths (${project.config.modelPaths.map((p) => p.value).join(', ')})` };
  }
  return { project, modelRoots };
}

/** A model outside the folders the workspace indexed (the CLI indexes none): the nearest dbt_project.yml above it. */
async function nearestProject(workspace: Workspace, fs: FileSystem, file: string): Promise<DbtProject | undefined> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    const config = path.join(dir, 'dbt_project.yml');
    if ((await fs.stat(config).catch(() => undefined)) !== undefined) return workspace.ensureProjectFor(config);
    if (path.dirname(dir) === dir) return undefined;
  }
}

/** Undefined for a file that is not a model of a dbt project. */
export async function modelInfo(workspace: Workspace, fs: FileSystem, file: string): Promise<ModelInfo | undefined> {
  const found = await modelProject(workspace, fs, file);
  if ('error' in found) return undefined;
  const { project } = found;
  const model = path.basename(file, '.sql');
  // dbt reads profiles.yml from the project folder first when told to; elsewhere it finds its own.
  const localProfiles = (await fs.stat(path.join(project.root, 'profiles.yml')).catch(() => undefined)) !== undefined;
  return {
    model,
    project: project.root,
    adapters: [...ADAPTERS] as Adapter[],
    compile: {
      cwd: project.root,
      args: ['compile', '--select', model, '--project-dir', project.root, ...(localProfiles ? ['--profiles-dir', project.root] : [])],
      compiledFile: path.join(project.config.targetPath.absolute, 'compiled', project.name, path.relative(project.root, file)),
    },
  };
}
