/**
 * `dbt-product-warehouse lineage <model | file> [--project dir] [--upstream N] [--downstream N] [--format mermaid|json]`:
 * the lineage panel's graph from a terminal, as Mermaid (paste it into Markdown) or JSON.
 * Exit codes: 0 printed, 1 no such model, 2 usage or no dbt project.
 */
import * as path from 'path';
import { existsSync, statSync } from 'fs';
import { getLanguageService } from './core/service';
import { nodeFileSystem } from './nodeFileSystem';
import { toMermaid } from './core/lineage/mermaid';
import { MAX_LEVELS } from './core/lineage/lineageRequests';

export class LineageUsageError extends Error {}

export const LINEAGE_USAGE = `  lineage <model | model file> [--project dir] [--upstream N] [--downstream N] [--format mermaid|json]
                                     Print a model's parents and children through ref() and source() (N levels
                                     each way, default 2) as a Mermaid flowchart or JSON; no dbt needed.`;

interface LineageArgs {
  target: string;
  project: string;
  upstream?: number;
  downstream?: number;
  format: 'mermaid' | 'json';
}

function parse(args: string[]): LineageArgs {
  const result: LineageArgs = { target: '', project: '.', format: 'mermaid' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new LineageUsageError(`${arg} needs a value.`);
      return v;
    };
    const count = () => {
      const v = value();
      if (!/^\d+$/.test(v) || Number(v) > MAX_LEVELS) throw new LineageUsageError(`${arg} takes a whole number from 0 to ${MAX_LEVELS}, not "${v}".`);
      return Number(v);
    };
    if (arg === '--project') result.project = value();
    else if (arg === '--upstream') result.upstream = count();
    else if (arg === '--downstream') result.downstream = count();
    else if (arg === '--format') {
      const format = value();
      if (format !== 'mermaid' && format !== 'json') throw new LineageUsageError(`--format takes "mermaid" or "json", not "${format}".`);
      result.format = format;
    } else if (arg.startsWith('-')) throw new LineageUsageError(`Unknown option "${arg}".`);
    else if (!result.target) result.target = arg;
    else throw new LineageUsageError(`lineage takes one model; got "${result.target}" and "${arg}".`);
  }
  if (!result.target) throw new LineageUsageError('lineage needs a model name or file.');
  return result;
}

export async function lineageCommand(args: string[]): Promise<number> {
  const options = parse(args);
  // A path to an existing file names its node; anything else is a model name.
  const asFile = path.resolve(options.target);
  const isFile = existsSync(asFile) && statSync(asFile).isFile();
  const folder = path.resolve(isFile ? path.dirname(asFile) : options.project);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) throw new LineageUsageError(`${options.project}: no such folder.`);
  const warnings: string[] = [];
  const service = getLanguageService({ fs: nodeFileSystem, logger: { warn: (m) => warnings.push(m) } });
  await service.addFolder(isFile ? await projectFolder(asFile) : folder);
  warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
  const projects = service.workspace.all();
  if (projects.length === 0) {
    process.stderr.write(`dbt-product-warehouse: no dbt project (dbt_project.yml) found under ${folder}.\n`);
    return 2;
  }
  const project = isFile ? undefined : projects.find((p) => p.root === folder)?.root ?? (projects.length === 1 ? projects[0].root : undefined);
  if (!isFile && !project) throw new LineageUsageError(`${projects.length} dbt projects under ${folder}: name one with --project.`);
  const result = await service.lineage(isFile ? { file: asFile, upstream: options.upstream, downstream: options.downstream } : { model: options.target, project, upstream: options.upstream, downstream: options.downstream });
  if (!result.ok) {
    process.stderr.write(`dbt-product-warehouse: ${result.message}\n`);
    return 1;
  }
  const { graph } = result;
  process.stdout.write(options.format === 'json' ? JSON.stringify(graph, null, 2) + '\n' : toMermaid(graph));
  const up = graph.nodes.filter((n) => n.depth < 0).length;
  const down = graph.nodes.filter((n) => n.depth > 0).length;
  process.stderr.write(`${graph.nodes.find((n) => n.id === graph.focus)!.name}: ${up} upstream, ${down} downstream, ${graph.edges.length} edges${graph.cycles.length ? `, ${graph.cycles.length} cycle(s)` : ''}${graph.truncated ? ' (truncated)' : ''}\n`);
  for (const d of graph.dynamic) process.stderr.write(`note: ${d.node} calls ${d.call} — not resolvable without running the template\n`);
  return 0;
}

/** The nearest folder above a file that holds dbt_project.yml (the file's own folder when none does). */
async function projectFolder(file: string): Promise<string> {
  for (let dir = path.dirname(file); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'dbt_project.yml'))) return dir;
    if (path.dirname(dir) === dir) return path.dirname(file);
  }
}
