/**
 * `dbt-product-warehouse scaffold <project dir> [...]`: the scaffold from a terminal. Writes are all-or-nothing:
 * every file goes to a temporary sibling first, and only when all are written are they renamed into place.
 * Exit codes: 0 written (or nothing to do), 2 usage or project error, 3 changed files refused (use --force),
 * 4 a write failed (nothing was changed).
 */
import { existsSync } from 'fs';
import { TransactionError, writeAllOrNothing } from './fileTransaction';
import * as path from 'path';
import { createTwoFilesPatch } from 'diff';
import { ConflictChoice, DEFAULT_MODELS, MODEL_CHOICES, ScaffoldOptions, WarehouseModel, writesFor } from './core/scaffold/plan';
import { getLanguageService } from './core/service';
import { nodeFileSystem } from './nodeFileSystem';
import { profilesDirs, templatesDir } from './nodeEnv';

export class ScaffoldUsageError extends Error {}

export const SCAFFOLD_USAGE = `  scaffold <project dir> [--models users,events,sessions,metrics,retention,funnels,attribution] [--cdp segment] [--mode package|self-contained]
           [--adapter duckdb|postgres|...] [--folder DIR] [--dry-run] [--force]
                                     Write the product-warehouse models into a dbt project. --dry-run prints
                                     the plan as a unified diff; --force overwrites files that differ.`;


function parse(args: string[]): { dir: string; options: Partial<ScaffoldOptions>; dryRun: boolean; force: boolean } {
  const result = { dir: '', options: {} as Partial<ScaffoldOptions>, dryRun: false, force: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new ScaffoldUsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--dry-run') result.dryRun = true;
    else if (arg === '--force') result.force = true;
    else if (arg === '--models') {
      const models = value().split(',').map((m) => m.trim()).filter(Boolean);
      const bad = models.filter((m) => !(MODEL_CHOICES as readonly string[]).includes(m));
      if (bad.length) throw new ScaffoldUsageError(`--models takes ${MODEL_CHOICES.join(', ')}; not ${bad.join(', ')}.`);
      result.options.models = models as WarehouseModel[];
    } else if (arg === '--cdp') result.options.cdp = value();
    else if (arg === '--mode') {
      const mode = value();
      if (mode !== 'package' && mode !== 'self-contained') throw new ScaffoldUsageError(`--mode takes package or self-contained, not "${mode}".`);
      result.options.mode = mode;
    } else if (arg === '--adapter') result.options.adapter = value();
    else if (arg === '--folder') result.options.folder = value();
    else if (arg.startsWith('-')) throw new ScaffoldUsageError(`Unknown option "${arg}".`);
    else if (!result.dir) result.dir = arg;
    else throw new ScaffoldUsageError(`scaffold takes one project folder; got "${result.dir}" and "${arg}".`);
  }
  if (!result.dir) throw new ScaffoldUsageError('scaffold needs the dbt project folder.');
  return result;
}

export async function scaffoldCommand(args: string[]): Promise<number> {
  const { dir, options: given, dryRun, force } = parse(args);
  const projectRoot = path.resolve(dir);
  if (!existsSync(path.join(projectRoot, 'dbt_project.yml'))) {
    process.stderr.write(`dbt-product-warehouse: No dbt project at ${projectRoot}: dbt_project.yml is missing.\n`);
    return 2;
  }
  // The same core as the editor: defaults from the project's vars and profile, then the plan.
  const service = getLanguageService({
    fs: nodeFileSystem, templatesDir: templatesDir(), profilesDirs: profilesDirs(),
  });
  const defaults = await service.scaffoldDefaults(projectRoot);
  // The adapter changes no file; when no profile names one (dbt Cloud, CI), the scaffold goes on without it.
  const adapter = given.adapter ?? defaults.adapter;
  const options: ScaffoldOptions = {
    models: given.models ?? [...DEFAULT_MODELS], cdp: given.cdp ?? defaults.cdp, mode: given.mode ?? defaults.mode, adapter, folder: given.folder,
  };
  const result = await service.planScaffold(projectRoot, options);
  if ('error' in result) {
    process.stderr.write(`dbt-product-warehouse: ${result.error}\n`);
    return 2;
  }
  const { plan } = result;
  const rel = (p: string) => path.relative(process.cwd(), p) || p;
  const conflicts = plan.files.filter((f) => f.status === 'conflict');
  const choice: ConflictChoice = force ? 'overwrite' : 'skip';
  if (dryRun) {
    for (const f of plan.files) if (f.status !== 'identical') process.stdout.write(createTwoFilesPatch(rel(f.path), rel(f.path), f.existing ?? '', f.content, f.status === 'create' ? '(new)' : '(yours)', '(scaffold)'));
    for (const e of plan.edits) process.stdout.write(createTwoFilesPatch(rel(e.path), rel(e.path), e.before, e.after, e.create ? '(new)' : '(yours)', '(scaffold)'));
    process.stderr.write(`dry run: nothing written (${plan.files.filter((f) => f.status === 'create').length} to create, ${conflicts.length} changed, ${plan.files.filter((f) => f.status === 'identical').length} identical, ${plan.edits.length} config edit(s)).\n`);
    return 0;
  }
  if (conflicts.length && !force) {
    process.stderr.write(`dbt-product-warehouse: these files exist and differ from the templates; nothing was written:\n${conflicts.map((c) => `  ${rel(c.path)}`).join('\n')}\nSee the differences with --dry-run; overwrite them with --force.\n`);
    return 3;
  }
  const writes = writesFor(plan, choice);
  if (writes.length === 0) {
    process.stdout.write(`Nothing to do: the product warehouse is already in ${rel(plan.projectRoot)}.\n`);
    return 0;
  }
  try {
    await writeAllOrNothing(writes);
  } catch (e) {
    const restored = e instanceof TransactionError ? e.restored : false;
    process.stderr.write(restored
      ? `dbt-product-warehouse: writing failed, nothing was changed: ${(e as Error).message}\n`
      : `dbt-product-warehouse: writing failed and not every file could be put back (${(e as Error).message}); look for files named .*.pw-old-* and .*.pw-new-* beside the targets.\n`);
    return 4;
  }
  const skipped = plan.files.filter((f) => f.status === 'identical').length;
  process.stdout.write(`Scaffolded ${plan.models.join(', ')} into ${rel(path.join(plan.projectRoot, plan.folder))} (${options.mode} mode${options.adapter ? `, ${options.adapter}` : ''}):\n`);
  for (const w of writes) process.stdout.write(`  ${w.overwrite ? 'updated' : 'created'} ${rel(w.path)}\n`);
  if (skipped) process.stdout.write(`  ${skipped} identical file(s) left as they were\n`);
  for (const n of plan.notes) process.stdout.write(`note: ${n}\n`);
  return 0;
}
