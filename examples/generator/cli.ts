/**
 * `npm run generate -- --out DIR [--seed N] [--people N | --events N] [--days N]`: writes pages.csv, tracks.csv and
 * identifies.csv. About 18 events per person; `--events 10000000` picks the number of people to match.
 */
import { mkdirSync } from 'fs';
import * as path from 'path';
import { CsvWriters } from './csv';
import { generatePeople } from './segmentData';

export const EVENTS_PER_PERSON = 18;

export interface GenerateArgs {
  out: string;
  seed: number;
  people: number;
  days: number;
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
  const parsed = { out, seed: Number(get('seed') ?? 42), people: Number(people), days: Number(get('days') ?? 14) };
  for (const [k, v] of Object.entries(parsed)) if (k !== 'out' && (!Number.isInteger(v) || (v as number) < 0)) throw new Error(`--${k} takes a whole number`);
  return parsed;
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
    process.stderr.write(`generate: ${(e as Error).message}\nusage: npm run generate -- --out DIR [--seed N] [--people N | --events N] [--days N]\n`);
    process.exit(2);
  }
  void writeDataSet(args).then((c) => process.stdout.write(`wrote ${c.pages} pages, ${c.tracks} tracks, ${c.identifies} identifies to ${args.out}\n`));
}
