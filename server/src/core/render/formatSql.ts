/**
 * Rendered SQL formatted in the adapter's dialect by sql-formatter, so the preview and dbt's output compare.
 * A `with` query is formatted a CTE at a time and each piece is cached: an edit re-formats the CTE it touched.
 * The pieces are laid out as sql-formatter lays out the whole (unit tests hold the two equal on every template).
 */
import { format, SqlLanguage } from 'sql-formatter';
import { Adapter } from './outcome';
import { BracketProblem, MAX_BRACKET_DEPTH, bracketProblem, splitCtes } from './sqlChunks';

const DIALECTS: Record<Adapter, SqlLanguage> = {
  duckdb: 'duckdb', postgres: 'postgresql', redshift: 'redshift', snowflake: 'snowflake', bigquery: 'bigquery', databricks: 'spark', spark: 'spark',
};

export type Formatted = { sql: string } | { sql: string; formatError: string };

/**
 * Formats for the preview. sql-formatter's parser takes time that grows fast with malformed input (13 s for a
 * model with 50 unbalanced parentheses), so the Node adapters run it in a worker with a deadline; the core only
 * asks. In-process formatting (formatSql below) serves where nothing waits on it (tests, the bundled default).
 */
export interface SqlFormatter {
  /** `startedAt` (Date.now() when the request began): a formatter with a per-request budget counts from it. */
  format(sql: string, adapter: Adapter, startedAt?: number): Promise<Formatted>;
}

export const inProcessFormatter: SqlFormatter = { format: async (sql, adapter) => formatSql(sql, adapter) };

const TAB = 4;
const CACHE_SIZE = 512;
const cache = new Map<string, string>();

/** sql-formatter on one piece, remembered (least recently used out first). */
function formatPiece(sql: string, adapter: Adapter): string {
  const key = `${adapter}\0${sql}`;
  const hit = cache.get(key);
  if (hit !== undefined) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const formatted = format(sql, { language: DIALECTS[adapter], keywordCase: 'preserve', tabWidth: TAB });
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value as string);
  cache.set(key, formatted);
  return formatted;
}

function indent(text: string, spaces: number): string {
  const pad = ' '.repeat(spaces);
  return text.split('\n').map((line) => (line ? pad + line : line)).join('\n');
}

/** The whole query formatted at once: what the pieces must add up to. */
export function formatWhole(sql: string, adapter: Adapter): string {
  return format(sql, { language: DIALECTS[adapter], keywordCase: 'preserve', tabWidth: TAB });
}

/** Why the preview does not ask sql-formatter, in the user's terms (lines counted from 1). */
function bracketMessage(sql: string, problem: BracketProblem): string {
  const line = (offset: number) => sql.slice(0, offset).split('\n').length;
  const at = line(problem.offset);
  switch (problem.kind) {
    case 'unclosed': return `The brackets do not balance: a "${problem.bracket}" on line ${at} is never closed.`;
    case 'unopened': return `The brackets do not balance: a "${problem.bracket}" on line ${at} closes nothing.`;
    case 'mismatched': return `The brackets do not balance: a "${problem.bracket}" on line ${at} closes the "${problem.opener}" on line ${line(problem.openerOffset)}.`;
    case 'too-deep': return `The brackets nest deeper than ${MAX_BRACKET_DEPTH} levels (line ${at}); the SQL is shown as rendered.`;
  }
}

/** Formats; when the dialect's grammar refuses the SQL, returns it trimmed with the formatter's reason. */
export function formatSql(sql: string, adapter: Adapter): Formatted {
  const problem = bracketProblem(sql);
  if (problem) return { sql: sql.trim(), formatError: bracketMessage(sql, problem) };
  try {
    const query = splitCtes(sql);
    if (!query) return { sql: formatPiece(sql, adapter) };
    const lines: string[] = [];
    if (query.leading.trim()) lines.push(formatPiece(query.leading, adapter));
    lines.push(query.withKeyword);
    query.ctes.forEach((cte, k) => {
      const comma = k < query.ctes.length - 1 ? ',' : '';
      lines.push(`${' '.repeat(TAB)}${cte.name} ${cte.asKeyword} (`, indent(formatPiece(cte.body, adapter), 2 * TAB), `${' '.repeat(TAB)})${comma}`);
    });
    lines.push(formatPiece(query.main, adapter));
    return { sql: lines.join('\n') };
  } catch (e) {
    return { sql: sql.trim(), formatError: (e as Error).message.split('\n')[0] };
  }
}
