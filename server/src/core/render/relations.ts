/**
 * Relation names as each adapter prints them (`{{ ref() }}`, `{{ source() }}`, `{{ this }}`), and the target the
 * names are built from. Where the profile cannot tell the database or schema, the name holds a visible
 * placeholder (`<target database>`) rather than a plausible guess.
 */
import { Adapter } from './crossDbMacros';

export const UNKNOWN_DATABASE = '<target database>';
export const UNKNOWN_SCHEMA = '<target schema>';

export interface RenderTarget {
  name: string;
  type: Adapter;
  /** Undefined when the profile could not be read: names then carry the placeholders. */
  database?: string;
  schema?: string;
  /** Profile fields as read (rendered), for `target.<field>` in models. */
  fields: Record<string, unknown>;
}

export interface RelationParts {
  database?: string;
  schema?: string;
  identifier: string;
}

/** dbt's default quoting: Snowflake leaves names unquoted, BigQuery and Databricks use backticks. */
export function relationName(adapter: Adapter, parts: RelationParts): string {
  const quote = (s: string): string => {
    // Placeholders are quoted even where names are not, so the SQL still parses.
    if (adapter === 'snowflake') return s.startsWith('<') ? `"${s}"` : s;
    if (adapter === 'bigquery' || adapter === 'databricks') return `\`${s}\``;
    return `"${s}"`;
  };
  const names = [parts.database, parts.schema, parts.identifier].filter((s): s is string => s !== undefined && s !== '');
  return names.map(quote).join('.');
}

/** A relation object as templates see it: prints as its name, with the attributes models read. */
export class Relation {
  constructor(readonly adapter: Adapter, readonly database: string | undefined, readonly schema: string | undefined, readonly identifier: string) {}

  get name(): string {
    return this.identifier;
  }

  get table(): string {
    return this.identifier;
  }

  toString(): string {
    return relationName(this.adapter, this);
  }
}

/** `adapter.quote()` of each adapter. */
export function quoteIdentifier(adapter: Adapter, identifier: string): string {
  return adapter === 'bigquery' || adapter === 'databricks' ? `\`${identifier}\`` : `"${identifier}"`;
}

/** Database and schema of a profile output, as dbt derives them for each adapter type. */
export function targetFromOutput(name: string, type: Adapter, output: Record<string, unknown>): RenderTarget {
  const text = (key: string): string | undefined => {
    const value = output[key];
    return typeof value === 'string' || typeof value === 'number' ? String(value) : undefined;
  };
  let database: string | undefined;
  let schema: string | undefined;
  switch (type) {
    case 'duckdb': {
      // dbt-duckdb names the database after the file (without extension); in-memory databases are "memory".
      const file = text('path') ?? ':memory:';
      database = file === ':memory:' ? 'memory' : (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]*$/, '');
      schema = text('schema') ?? 'main';
      break;
    }
    case 'postgres':
    case 'redshift':
      database = text('dbname') ?? text('database');
      schema = text('schema');
      break;
    case 'bigquery':
      database = text('project') ?? text('database');
      schema = text('dataset') ?? text('schema');
      break;
    case 'databricks':
      // dbt-databricks uses the legacy Hive metastore when the profile names no catalog.
      database = text('catalog') ?? text('database') ?? 'hive_metastore';
      schema = text('schema');
      break;
    default:
      database = text('database');
      schema = text('schema');
  }
  return { name, type, database, schema, fields: { ...output, name, type, database, schema } };
}

/** The target used when no profile output is readable. */
export function placeholderTarget(type: Adapter): RenderTarget {
  return { name: 'preview', type, fields: { name: 'preview', type, database: UNKNOWN_DATABASE, schema: UNKNOWN_SCHEMA } };
}
