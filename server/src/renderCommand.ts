/**
 * `dbt-product-warehouse render <model file> [--adapter …] [--incremental] [--format sql|json]`: the SQL preview
 * from a terminal. The SQL goes to stdout (pipe it anywhere); a one-line summary goes to stderr.
 * Exit codes: 0 rendered, 1 the model could not be rendered (the error names file and line), 2 usage.
 */
import * as path from 'path';
import { getLanguageService } from './core/service';
import { nodeFileSystem } from './nodeFileSystem';
import { profilesDirs } from './nodeEnv';
import { bundledEngine } from './engine/previewEngine';
import { CLI_FORMAT_SECONDS, FormatHost } from './format/formatHost';

export class RenderUsageError extends Error {}

export const RENDER_USAGE = `  render <model.sql> [--adapter duckdb|postgres|...] [--incremental] [--format sql|json]
                                     Print the SQL the model compiles to (no dbt or warehouse needed); the adapter
                                     defaults to the profile's, --incremental renders is_incremental() true.`;

function parse(args: string[]): { file: string; adapter?: string; incremental: boolean; format: 'sql' | 'json' } {
  const result = { file: '', adapter: undefined as string | undefined, incremental: false, format: 'sql' as 'sql' | 'json' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => {
      const v = args[++i];
      if (v === undefined || v.startsWith('--')) throw new RenderUsageError(`${arg} needs a value.`);
      return v;
    };
    if (arg === '--incremental') result.incremental = true;
    else if (arg === '--adapter') result.adapter = value();
    else if (arg === '--format') {
      const format = value();
      if (format !== 'sql' && format !== 'json') throw new RenderUsageError(`--format takes "sql" or "json", not "${format}".`);
      result.format = format;
    } else if (arg.startsWith('-')) throw new RenderUsageError(`Unknown option "${arg}".`);
    else if (!result.file) result.file = arg;
    else throw new RenderUsageError(`render takes one model file; got "${result.file}" and "${arg}".`);
  }
  if (!result.file) throw new RenderUsageError('render needs a model file.');
  return result;
}

export async function renderCommand(args: string[]): Promise<number> {
  const options = parse(args);
  const file = path.resolve(options.file);
  const warnings: string[] = [];
  const engine = bundledEngine(__dirname);
  const formatter = new FormatHost(path.join(__dirname, 'formatWorker.js'), CLI_FORMAT_SECONDS);
  const service = getLanguageService({ fs: nodeFileSystem, logger: { warn: (m) => warnings.push(m) }, profilesDirs: profilesDirs(), env: process.env, engine, formatter });
  const outcome = await service.render(file, { adapter: options.adapter, incremental: options.incremental }).finally(() => {
    engine.dispose();
    formatter.dispose();
  });
  warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
  if (options.format === 'json') process.stdout.write(JSON.stringify(outcome, null, 2) + '\n');
  if (!outcome.ok) {
    const where = outcome.file ? `${path.relative(process.cwd(), outcome.file) || outcome.file}${outcome.line ? `:${outcome.line}` : ''}: ` : '';
    process.stderr.write(`dbt-product-warehouse: ${where}${outcome.message}\n`);
    return 1;
  }
  if (options.format === 'sql') process.stdout.write(outcome.sql + '\n');
  const mode = outcome.incremental ? 'incremental run' : 'full refresh';
  process.stderr.write(`${outcome.model} → ${outcome.relation} (${outcome.adapter}, target ${outcome.target}, ${outcome.config.materialized}, ${mode})${outcome.formatError ? `; not formatted: ${outcome.formatError}` : ''}\n`);
  if (outcome.columnsFrom) {
    const { file, generatedAt, relations, missing } = outcome.columnsFrom;
    const from = `${path.relative(process.cwd(), file) || file}${generatedAt ? ` (generated ${generatedAt})` : ''}`;
    if (relations.length) process.stderr.write(`columns of ${relations.join(', ')} from ${from}\n`);
    if (missing.length) process.stderr.write(`not in ${from}, so no columns (as dbt answers for a missing relation): ${missing.join(', ')}\n`);
  }
  return 0;
}
