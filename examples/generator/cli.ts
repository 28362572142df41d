/**
 * `npm run generate -- --out DIR [--seed N] [--people N | --events N] [--days N] [--cdp NAME]`: writes pages.csv,
 * tracks.csv and identifies.csv (Segment), or the raw tables of another CDP (cdpShapes.ts) from the same people and
 * events. About 18 events per person; `--events 10000000` picks the number of people to match.
 */
import { appendFileSync, mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';
import { GENERATED_CDPS, GeneratedCdp, rawTables } from './cdpShapes';
import { CsvWriters, rawCsv } from './csv';
import { generatePeople } from './segmentData';

export const EVENTS_PER_PERSON = 18;

export interface GenerateArgs {
  out: string;
  seed: number;
  people: number;
  days: number;
  /** Segment when not given. */
  cdp?: GeneratedCdp;
}

export function parseArgs(argv: string[]): GenerateArgs {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const out = get('out');
  if (!out) throw new Error('--out DIR is required');
  const events = get('events');
  const people = get('people') ?? (events ? String(Math.ceil(Number(events) / EVENTS_PER_PERSON)) : '80');
  const cdp = get('cdp') ?? 'segment';
  if (!(GENERATED_CDPS as readonly string[]).includes(cdp)) throw new Error(`--cdp takes one of ${GENERATED_CDPS.join(', ')}`);
  const numbers = { seed: Number(get('seed') ?? 42), people: Number(people), days: Number(get('days') ?? 14) };
  for (const [k, v] of Object.entries(numbers)) if (!Number.isInteger(v) || v < 0) throw new Error(`--${k} takes a whole number`);
  return { out, ...numbers, cdp: cdp as GeneratedCdp };
}

/** Streams another CDP's raw tables to CSV files, person by person; returns row counts per table. */
export function writeCdpDataSet(args: GenerateArgs): Record<string, number> {
  mkdirSync(args.out, { recursive: true });
  const counts: Record<string, number> = {};
  for (const person of generatePeople({ seed: args.seed, people: args.people, start: Date.UTC(2024, 2, 1), days: args.days })) {
    for (const table of rawTables(args.cdp ?? 'segment', person)) {
      const file = path.join(args.out, `${table.name}.csv`);
      const text = rawCsv(table);
      if (counts[table.name] === undefined) {
        writeFileSync(file, text);
        counts[table.name] = 0;
      } else {
        appendFileSync(file, text.slice(text.indexOf('\n') + 1));
      }
      counts[table.name] += table.rows.length;
    }
  }
  return counts;
}

/** Streams the data set to CSV files; returns row counts. */
export async function writeDataSet(args: GenerateArgs): Promise<{ pages: number; tracks: number; identifies: number }> {
  mkdirSync(args.out, { recursive: true });
  const writers = new CsvWriters({
    pages: path.join(args.out, 'pages.csv'), tracks: path.join(args.out, 'tracks.csv'), identifies: path.join(args.out, 'identifies.csv'),
  });
  const counts = { pages: 0, tracks: 0, identifies: 0 };
  for (const person of generatePeople({ seed: args.seed, people: args.people, start: Date.UTC(2024, 2, 1), days: args.days })) {
    for (const row of person.pages) await writers.write('pages', row);
    for (const row of person.tracks) await writers.write('tracks', row);
    for (const row of person.identifies) await writers.write('identifies', row);
    counts.pages += person.pages.length;
    counts.tracks += person.tracks.length;
    counts.identifies += person.identifies.length;
  }
  await writers.close();
  return counts;
}

if (require.main === module) {
  let args: GenerateArgs;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (e) {
    process.stderr.write(`generate: ${(e as Error).message}\nusage: npm run generate -- --out DIR [--seed N] [--people N | --events N] [--days N] [--cdp NAME]\n`);
    process.exit(2);
  }
  if (args.cdp && args.cdp !== 'segment') {
    const counts = writeCdpDataSet(args);
    process.stdout.write(`wrote ${Object.entries(counts).map(([t, n]) => `${n} rows of ${t}`).join(', ')} (${args.cdp}) to ${args.out}\n`);
  } else void writeDataSet(args).then((c) => process.stdout.write(`wrote ${c.pages} pages, ${c.tracks} tracks, ${c.identifies} identifies to ${args.out}\n`));
}
