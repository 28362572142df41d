/**
 * dbt's cross-database macros (`dbt.dateadd`, `dbt.hash`, …) as each adapter renders them, so the preview needs no
 * Python. Written from the behaviour of dbt-core 1.10 and its adapters; the DuckDB and PostgreSQL forms are checked
 * against real `dbt compile` in test/dbt. A macro missing here is an error in the preview, never a guess.
 */
import { RenderError } from './renderError';

import { Adapter } from './outcome';

export type { Adapter };

/** `api.Column.translate_type` of each adapter for the labels the type macros use. */
const TYPE_LABELS: Record<Adapter, Record<string, string>> = {
  duckdb: { string: 'TEXT' },
  postgres: { string: 'TEXT' },
  redshift: { string: 'TEXT' },
  snowflake: { string: 'TEXT' },
  bigquery: { text: 'STRING', float: 'FLOAT64', integer: 'INT64' },
  databricks: {},
};

export function translateType(adapter: Adapter, label: string): string {
  const translated = TYPE_LABELS[adapter][label.toLowerCase()] ?? label;
  // dbt-databricks lower-cases every type name.
  return adapter === 'databricks' ? translated.toLowerCase() : translated;
}

type Macro = (adapter: Adapter, ...args: unknown[]) => string;

const POSTGRES_DATEDIFF: Record<string, (a: string, b: string, d: (p: string) => string) => string> = {
  year: (a, b) => `(date_part('year', (${b})::date) - date_part('year', (${a})::date))`,
  quarter: (a, b, d) => `(${d('year')} * 4 + date_part('quarter', (${b})::date) - date_part('quarter', (${a})::date))`,
  month: (a, b, d) => `(${d('year')} * 12 + date_part('month', (${b})::date) - date_part('month', (${a})::date))`,
  day: (a, b) => `((${b})::date - (${a})::date)`,
  week: (a, b, d) => `(${d('day')} / 7 + case when date_part('dow', (${a})::timestamp) <= date_part('dow', (${b})::timestamp) then case when ${a} <= ${b} then 0 else -1 end else case when ${a} <= ${b} then 1 else 0 end end)`,
  hour: (a, b, d) => `(${d('day')} * 24 + date_part('hour', (${b})::timestamp) - date_part('hour', (${a})::timestamp))`,
  minute: (a, b, d) => `(${d('hour')} * 60 + date_part('minute', (${b})::timestamp) - date_part('minute', (${a})::timestamp))`,
  second: (a, b, d) => `(${d('minute')} * 60 + floor(date_part('second', (${b})::timestamp)) - floor(date_part('second', (${a})::timestamp)))`,
  millisecond: (a, b, d) => `(${d('minute')} * 60000 + floor(date_part('millisecond', (${b})::timestamp)) - floor(date_part('millisecond', (${a})::timestamp)))`,
  microsecond: (a, b, d) => `(${d('minute')} * 60000000 + floor(date_part('microsecond', (${b})::timestamp)) - floor(date_part('microsecond', (${a})::timestamp)))`,
};

function datediff(adapter: Adapter, first: string, second: string, datepart: string): string {
  switch (adapter) {
    case 'duckdb':
      if (datepart === 'week') {
        return `(${datediff(adapter, first, second, 'day')} // 7 + case when date_part('dow', (${first})::timestamp) <= date_part('dow', (${second})::timestamp) then case when ${first} <= ${second} then 0 else -1 end else case when ${first} <= ${second} then 1 else 0 end end)`;
      }
      return `(date_diff('${datepart}', ${first}::timestamp, ${second}::timestamp ))`;
    case 'postgres': {
      const form = POSTGRES_DATEDIFF[datepart];
      if (!form) throw new RenderError(`Unsupported datepart for macro datediff in postgres: '${datepart}'`);
      return form(first, second, (part) => datediff(adapter, first, second, part));
    }
    case 'bigquery':
      return `datetime_diff(cast(${second} as datetime), cast(${first} as datetime), ${datepart})`;
    case 'databricks':
      return `timestampdiff(${datepart}, date_trunc('${datepart}', ${first}), date_trunc('${datepart}', ${second}))`;
    default:
      return `datediff(${datepart}, ${first}, ${second})`;
  }
}

function dateadd(adapter: Adapter, datepart: string, interval: unknown, from: string): string {
  switch (adapter) {
    case 'duckdb': {
      const unit = datepart.toLowerCase();
      if (unit === 'quarter') return `(${from} + (cast(${interval} as bigint) * 3) * interval 1 month)`;
      if (unit === 'week') return `(${from} + (cast(${interval} as bigint) * 7) * interval 1 day)`;
      return `(${from} + cast(${interval} as bigint) * interval 1 ${unit})`;
    }
    case 'postgres':
      return `${from} + ((interval '1 ${datepart}') * (${interval}))`;
    case 'bigquery':
      return `datetime_add(cast( ${from} as datetime), interval ${interval} ${datepart})`;
    case 'databricks':
      return `timestampadd(${datepart}, ${interval}, ${from})`;
    default:
      return `dateadd(${datepart}, ${interval}, ${from})`;
  }
}

function hash(adapter: Adapter, field: unknown): string {
  const md5 = `md5(cast(${field} as ${translateType(adapter, 'string')}))`;
  return adapter === 'bigquery' ? `to_hex(${md5})` : md5;
}

function concat(adapter: Adapter, fields: unknown): string {
  if (!Array.isArray(fields)) throw new RenderError('dbt.concat expects a list of fields');
  return adapter === 'databricks' ? `concat(${fields.join(', ')})` : fields.join(' || ');
}

const CURRENT_TIMESTAMP: Record<Adapter, string> = {
  duckdb: 'now()', postgres: 'now()', redshift: 'getdate()', snowflake: "convert_timezone('UTC', current_timestamp())",
  bigquery: 'current_timestamp()', databricks: 'current_timestamp()',
};

function dateTrunc(adapter: Adapter, datepart: string, date: string): string {
  return adapter === 'bigquery' ? `timestamp_trunc(cast(${date} as timestamp), ${datepart})` : `date_trunc('${datepart}', ${date})`;
}

const typeMacro = (label: string): Macro => (adapter) => translateType(adapter, label);

/** The macros reachable as `dbt.<name>(…)` (and by their bare names, as in dbt). */
export const CROSS_DB_MACROS: Record<string, Macro> = {
  dateadd: (adapter, datepart, interval, from) => dateadd(adapter, String(datepart), interval, String(from)),
  datediff: (adapter, first, second, datepart) => datediff(adapter, String(first), String(second), String(datepart)),
  hash: (adapter, field) => hash(adapter, field),
  concat: (adapter, fields) => concat(adapter, fields),
  date_trunc: (adapter, datepart, date) => dateTrunc(adapter, String(datepart), String(date)),
  current_timestamp: (adapter) => CURRENT_TIMESTAMP[adapter],
  type_string: typeMacro('string'),
  type_timestamp: typeMacro('timestamp'),
  type_int: typeMacro('integer'),
  type_bigint: typeMacro('bigint'),
  type_float: typeMacro('float'),
  type_boolean: typeMacro('boolean'),
};
