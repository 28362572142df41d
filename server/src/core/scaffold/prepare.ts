/** Gathers what the pure planner needs — the project's config texts, the templates, the target files — via the FS. */
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readPackagesListing } from '../project/packagesFile';
import { Workspace } from '../project/workspace';
import { FileSystem, FileType } from '../types';
import { isInside } from '../project/projectConfig';
import { parseYaml } from '../yaml/yamlDocument';
import { templateRoots } from '../cdp/registry';
import { PlanResult, planScaffold, ScaffoldOptions, targets, TemplateFile, unsupportedCdp } from './plan';

export interface ScaffoldEnv {
  fs: FileSystem;
  workspace: Workspace;
  /** templates/ of this product (beside the bundles). */
  templatesDir: string;
  openDocument?(file: string): TextDocument | undefined;
}

async function readTemplates(fs: FileSystem, dir: string, prefix = ''): Promise<TemplateFile[]> {
  const files: TemplateFile[] = [];
  for (const entry of await fs.readDirectory(dir)) {
    const full = path.join(dir, entry.name);
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.type === FileType.Directory) files.push(...(await readTemplates(fs, full, rel)));
    else if (entry.type === FileType.File) files.push({ path: rel, content: await fs.readFile(full) });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Why writing `target` could leave the project (undefined when it cannot): a folder on its way that links out, or
 * the file itself a symbolic link (even a dangling one, which a write would follow).
 */
async function leavesProject(fs: FileSystem, realRoot: string, target: string): Promise<string | undefined> {
  let dir = path.dirname(target);
  while ((await fs.stat(dir)) === undefined && path.dirname(dir) !== dir) dir = path.dirname(dir);
  const realDir = await fs.realpath(dir).catch(() => undefined);
  if (!realDir || !isInside(realRoot, realDir)) return `${target} would be written through ${dir}, which leads outside the project (${realDir ?? 'unresolvable'})`;
  if (dir === path.dirname(target)) {
    const entry = (await fs.readDirectory(dir).catch(() => [])).find((e) => e.name === path.basename(target));
    if (entry?.isSymlink) return `${target} is a symbolic link; the scaffold writes no file through a link`;
  }
  return undefined;
}

async function textOf(env: ScaffoldEnv, file: string): Promise<string | undefined> {
  const open = env.openDocument?.(file);
  if (open) return open.getText();
  const stat = await env.fs.stat(file);
  if (!stat) return undefined;
  if (stat.type !== FileType.File) throw new Error(`${file} exists and is not a file`);
  return env.fs.readFile(file);
}

export async function prepareScaffold(env: ScaffoldEnv, projectDir: string, options: ScaffoldOptions): Promise<PlanResult> {
  const projectRoot = path.resolve(projectDir);
  const configPath = path.join(projectRoot, 'dbt_project.yml');
  let configText: string | undefined;
  try {
    configText = await textOf(env, configPath);
  } catch (e) {
    return { error: (e as Error).message };
  }
  if (configText === undefined) return { error: `No dbt project at ${projectRoot}: dbt_project.yml is missing.` };
  const project = await env.workspace.ensureProjectFor(configPath);
  const config = parseYaml(configText);
  let packages;
  for (const name of ['packages.yml', 'dependencies.yml']) {
    const file = path.join(projectRoot, name);
    const text = await textOf(env, file).catch(() => undefined);
    if (text !== undefined) {
      packages = readPackagesListing(file, parseYaml(text));
      break;
    }
  }
  const cdpProblem = unsupportedCdp(config, projectRoot, configPath, options.cdp);
  if (cdpProblem) return { error: cdpProblem };
  let templates: TemplateFile[];
  try {
    templates = [];
    for (const root of templateRoots(options.cdp)) templates.push(...(await readTemplates(env.fs, path.join(env.templatesDir, root))));
    // One tree, as the project will hold it: the shared layer and the CDP's staging interleaved by path.
    templates.sort((a, b) => (a.path < b.path ? -1 : 1));
  } catch {
    return { error: 'This installation is missing its templates: reinstall the extension or the CLI.' };
  }
  const placed = targets(projectRoot, config, options, templates);
  if (typeof placed === 'string') return { error: placed };
  // Nothing is read or written through a link out of the project: not the targets, not the config files.
  const realRoot = await env.fs.realpath(projectRoot).catch(() => projectRoot);
  for (const file of [...placed.map((p) => p.target), configPath, path.join(projectRoot, 'packages.yml'), path.join(projectRoot, 'dependencies.yml')]) {
    const problem = await leavesProject(env.fs, realRoot, file);
    if (problem) return { error: `${problem}; nothing was written.` };
  }
  const existing = new Map<string, string | undefined>();
  try {
    for (const { target } of placed) existing.set(target, await textOf(env, target));
  } catch (e) {
    return { error: `${(e as Error).message}; nothing was written.` };
  }
  const sources = project?.root === projectRoot ? [...project.ownSources()] : [];
  return planScaffold({ projectRoot, configPath, config, packages, templates, existing: (f) => existing.get(f), sources }, options);
}
