/** Gathers what the pure planner needs — the project's config texts, the templates, the target files — via the FS. */
import * as path from 'path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { readPackagesListing } from '../project/packagesFile';
import { Workspace } from '../project/workspace';
import { FileSystem, FileType } from '../types';
import { parseYaml } from '../yaml/yamlDocument';
import { PlanResult, planScaffold, ScaffoldOptions, targets, TemplateFile } from './plan';

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
  await env.workspace.ensureProjectFor(configPath);
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
  let templates: TemplateFile[];
  try {
    templates = await readTemplates(env.fs, path.join(env.templatesDir, options.cdp));
  } catch {
    return { error: `No templates for cdp "${options.cdp}" in ${env.templatesDir}.` };
  }
  const placed = targets(projectRoot, config, options, templates);
  if (typeof placed === 'string') return { error: placed };
  const existing = new Map<string, string | undefined>();
  try {
    for (const { target } of placed) existing.set(target, await textOf(env, target));
  } catch (e) {
    return { error: `${(e as Error).message}; nothing was written.` };
  }
  return planScaffold({ projectRoot, configPath, config, packages, templates, existing: (f) => existing.get(f) }, options);
}
