/** The lineage and ERD requests as the LSP server and the CLI answer them: find the project and focus, then ask. */
import * as path from 'path';
import { Workspace } from '../project/workspace';
import { ErdResult, LineageResult } from './lineageTypes';
import { ProjectLineage } from './projectLineage';

export interface LineageParams {
  /** A file of the project: its node is the focus (a model, seed or snapshot file). */
  file?: string;
  /** Or a node name, as `ref()` reaches it from `project` (default: the only project). */
  model?: string;
  project?: string;
  /** Levels each way; default {@link DEFAULT_LEVELS}, at most {@link MAX_LEVELS}. */
  upstream?: number;
  downstream?: number;
}

export type { ErdResult, LineageResult } from './lineageTypes';

export const DEFAULT_LEVELS = 2;
export const MAX_LEVELS = 100;

function levels(value: number | undefined): number {
  if (value === undefined || !Number.isFinite(value)) return DEFAULT_LEVELS;
  return Math.max(0, Math.min(MAX_LEVELS, Math.floor(value)));
}

function projectOf(workspace: Workspace, params: { file?: string; project?: string }) {
  if (params.file) return workspace.projectFor(path.resolve(params.file));
  if (params.project) return workspace.all().find((p) => p.root === path.resolve(params.project!));
  const all = workspace.all();
  return all.length === 1 ? all[0] : undefined;
}

export async function answerLineage(workspace: Workspace, lineage: ProjectLineage, params: LineageParams): Promise<LineageResult> {
  await workspace.ready();
  const project = projectOf(workspace, params);
  if (!project) {
    const where = params.file ?? params.project;
    return { ok: false, message: where ? `${where} is not in a dbt project.` : `Name the project: ${workspace.all().length} dbt projects are open.` };
  }
  const focus = lineage.focusOf(project, { file: params.file && path.resolve(params.file), model: params.model });
  if (!focus) {
    return { ok: false, message: params.model ? `No enabled model, seed or snapshot "${params.model}" in ${project.name} or its packages.` : `${params.file} defines no model, seed or snapshot.` };
  }
  const graph = await lineage.lineage(project, focus, { upstream: levels(params.upstream), downstream: levels(params.downstream) });
  return { ok: true, project: project.root, graph };
}

export async function answerErd(workspace: Workspace, lineage: ProjectLineage, params: { file?: string; project?: string }): Promise<ErdResult> {
  await workspace.ready();
  const project = projectOf(workspace, params);
  if (!project) return { ok: false, message: params.file || params.project ? `${params.file ?? params.project} is not in a dbt project.` : 'Name the project: more than one dbt project is open.' };
  return { ok: true, project: project.root, erd: lineage.erd(project) };
}
