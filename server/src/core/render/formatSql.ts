/** Rendered SQL formatted in the adapter's dialect by sql-formatter, so the preview and dbt's output compare. */
import { format, SqlLanguage } from 'sql-formatter';
import { Adapter } from './crossDbMacros';

const DIALECTS: Record<Adapter, SqlLanguage> = {
  duckdb: 'duckdb', postgres: 'postgresql', redshift: 'redshift', snowflake: 'snowflake', bigquery: 'bigquery', databricks: 'spark',
};

export type Formatted = { sql: string } | { sql: string; formatError: string };

/** Formats; when the dialect's grammar refuses the SQL, returns it trimmed with the formatter's reason. */
export function formatSql(sql: string, adapter: Adapter): Formatted {
  try {
    return { sql: format(sql, { language: DIALECTS[adapter], keywordCase: 'preserve', tabWidth: 4 }) };
  } catch (e) {
    return { sql: sql.trim(), formatError: (e as Error).message.split('\n')[0] };
  }
}
