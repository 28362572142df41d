/**
 * dbt-product-warehouse: the core from a terminal or CI.
 * Exit codes: 0 no errors, 1 errors found, 2 usage error (or nothing to check).
 */
import * as path from 'path';
import { statSync } from 'fs';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { FileDiagnostics, getLanguageService } from './core/service';
import { nodeFileSystem } from './nodeFileSystem';
import { RENDER_USAGE, renderCommand, RenderUsageError } from './renderCommand';
import { SCAFFOLD_USAGE, scaffoldCommand, ScaffoldUsageError } from './scaffoldCommand';
import { LINEAGE_USAGE, lineageCommand, LineageUsageError } from './lineageCommand';

const USAGE = `Usage: dbt-product-warehouse <command> [options]

Commands:
  check [dir] [--format text|json]   Check the product-warehouse vars and package requirements of every
                                     dbt project under dir (default: the current folder).
${SCAFFOLD_USAGE}
${RENDER_USAGE}
${LINEAGE_USAGE}

Options:
  -h, --help      Show this help.
  --version       Print the version.

Exit codes: check: 0 no errors, 1 errors found; scaffold: 0 written, 3 changed files refused (see --force),
4 a write failed (nothing changed); render: 0 rendered, 1 the model could not be rendered; lineage: 0 printed,
1 no such model; all: 2 usage error or no dbt project.`;

const SEVERITY_NAME: Record<number, string> = {
  [DiagnosticSeverity.Error]: 'error',
  [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info',
  [DiagnosticSeverity.Hint]: 'hint',
};

class UsageError extends Error {}

interface CheckOptions {
  dir: string;
  format: 'text' | 'json';
}

function parseCheckArgs(args: string[]): CheckOptions {
  const options: CheckOptions = { dir: '.', format: 'text' };
  let dirSet = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '--format' || arg.startsWith('--format=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : args[++i];
      if (value !== 'text' && value !== 'json') throw new UsageError(`--format takes "text" or "json", not ${value === undefined ? 'nothing' : `"${value}"`}.`);
      options.format = value;
    } else if (arg.startsWith('-')) {
      throw new UsageError(`Unknown option "${arg}".`);
    } else if (!dirSet) {
      options.dir = arg;
      dirSet = true;
    } else {
      throw new UsageError(`check takes one folder; got "${options.dir}" and "${arg}".`);
    }
  }
  return options;
}

/** Control characters (a newline in a folder name, say) written as escapes: one diagnostic is one line. */
export function printable(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => ({ '\n': '\\n', '\r': '\\r', '\t': '\\t' })[c] ?? `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function formatText(results: FileDiagnostics[], cwd: string): string[] {
  const lines: string[] = [];
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      const where = `${printable(path.relative(cwd, file) || file)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      lines.push(`${where}: ${SEVERITY_NAME[d.severity ?? 1]} ${d.code} ${printable(typeof d.message === 'string' ? d.message : d.message.value)}`);
    }
  }
  return lines;
}

export function formatJson(results: FileDiagnostics[], cwd: string): unknown[] {
  return results.flatMap(({ file, diagnostics }) =>
    diagnostics.map((d) => ({
      file: path.relative(cwd, file) || file,
      line: d.range.start.line + 1,
      column: d.range.start.character + 1,
      endLine: d.range.end.line + 1,
      endColumn: d.range.end.character + 1,
      severity: SEVERITY_NAME[d.severity ?? 1],
      code: d.code,
      message: d.message,
    })),
  );
}

async function check(options: CheckOptions): Promise<number> {
  const dir = path.resolve(options.dir);
  const stat = (() => {
    try {
      return statSync(dir);
    } catch {
      return undefined;
    }
  })();
  if (!stat?.isDirectory()) throw new UsageError(`${options.dir}: no such folder.`);
  const warnings: string[] = [];
  const service = getLanguageService({ fs: nodeFileSystem, logger: { warn: (m) => warnings.push(m) } });
  await service.addFolder(dir);
  warnings.forEach((w) => process.stderr.write(`warning: ${w}\n`));
  if (service.workspace.all().length === 0) {
    process.stderr.write(`dbt-product-warehouse: no dbt project (dbt_project.yml) found under ${dir}.\n`);
    return 2;
  }
  const results = await service.checkAll();
  const cwd = process.cwd();
  if (options.format === 'json') process.stdout.write(JSON.stringify(formatJson(results, cwd), null, 2) + '\n');
  else {
    const lines = formatText(results, cwd);
    if (lines.length) process.stdout.write(lines.join('\n') + '\n');
    const counts = results.flatMap((r) => r.diagnostics).reduce((c, d) => ((c[d.severity ?? 1] = (c[d.severity ?? 1] ?? 0) + 1), c), {} as Record<number, number>);
    process.stderr.write(`${service.workspace.all().length} project(s) checked: ${counts[1] ?? 0} error(s), ${counts[2] ?? 0} warning(s).\n`);
  }
  return results.some((r) => r.diagnostics.some((d) => d.severity === DiagnosticSeverity.Error)) ? 1 : 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (command === undefined || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 2 : 0;
    }
    if (command === '--version') {
      process.stdout.write(`${typeof VERSION === "string" ? VERSION : "dev"}\n`);
      return 0;
    }
    if (command === 'check') return await check(parseCheckArgs(rest));
    if (command === 'scaffold') return await scaffoldCommand(rest);
    if (command === 'render') return await renderCommand(rest);
    if (command === 'lineage') return await lineageCommand(rest);
    throw new UsageError(`Unknown command "${command}".`);
  } catch (e) {
    if (e instanceof UsageError || e instanceof ScaffoldUsageError || e instanceof RenderUsageError || e instanceof LineageUsageError) {
      process.stderr.write(`dbt-product-warehouse: ${e.message}\n\n${USAGE}\n`);
      return 2;
    }
    process.stderr.write(`dbt-product-warehouse: internal error: ${(e as Error).stack ?? e}\n`);
    return 2;
  }
}

declare const VERSION: string;

if (require.main === module) {
  // A reader that stops early (`render … | head`) is not an error: stop quietly, as Unix tools do.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  void main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
