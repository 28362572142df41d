/** Puts the product-warehouse templates into a dbt project folder, and makes examples/shop a project of another CDP. */
import { cpSync, rmSync, writeFileSync } from 'fs';
import * as path from 'path';
import { cdpSpec, templateRoots } from '../../server/src/core/cdp/registry';
import { GeneratedCdp, rawTables } from '../generator/cdpShapes';
import { rawCsv } from '../generator/csv';
import { PersonRows } from '../generator/segmentData';

/** The repository root, from this file's compiled place (test/out/examples/demo) or its source place. */
export const REPO = path.resolve(__dirname, __dirname.includes(`${path.sep}out${path.sep}`) ? '../../../..' : '../..');

export function addTemplates(projectDir: string, cdp = 'segment'): void {
  for (const root of templateRoots(cdp)) cpSync(path.join(REPO, 'templates', root), projectDir, { recursive: true });
}

/**
 * examples/shop made into a project whose raw data is another CDP's: its source (the name the CDP registry gives it)
 * declares the CDP's tables, seeded in the target schema, and no var names a CDP — the scaffold finds it from the
 * source, as it would in a user's project. Returns the new dbt_project.yml text.
 */
export function asCdpProject(dir: string, projectText: string, cdp: GeneratedCdp): string {
  const spec = cdpSpec(cdp)!;
  const tables = rawTables(cdp, { pages: [], tracks: [], identifies: [] });
  writeFileSync(path.join(dir, 'models/staging/sources.yml'), [
    'version: 2', '', 'sources:', `  - name: ${spec.sourceName}`, `    description: ${spec.displayName}'s raw tables. Here they are seeds in the target schema.`,
    '    schema: "{{ target.schema }}"', '    tables:', ...tables.map((t) => `      - name: ${t.name}`), '',
  ].join('\n'));
  for (const name of ['pages', 'tracks', 'identifies']) rmSync(path.join(dir, 'seeds', `${name}.csv`), { force: true });
  const seeds = tables.map((t) => `    ${t.name}:\n      +column_types: {${Object.entries(t.columns).map(([c, type]) => `${JSON.stringify(c)}: ${type}`).join(', ')}}`);
  const text = projectText
    .replace(/\n  cdp: segment|\n  cdp-(pages|tracks|identifies)-table: .*/g, '')
    .replace(/\n    pages:\n[\s\S]*$/, `\n${seeds.join('\n')}\n`);
  // Snowplow's self-describing events are named by their schema (`product_viewed`, as the generator writes them):
  // a Snowplow project's funnels and conversions name them so.
  return cdp === 'snowplow' ? text.replace(/\b(Product Viewed|Product Added|Checkout Started|Order Completed|Signed Up|Signed In)\b/g, (name) => name.toLowerCase().replace(/ /g, '_')) : text;
}

/** The CDP's raw tables, written from the generator's rows, as the project's seeds. */
export function writeCdpSeeds(dir: string, cdp: GeneratedCdp, raw: PersonRows): void {
  for (const table of rawTables(cdp, raw)) writeFileSync(path.join(dir, 'seeds', `${table.name}.csv`), rawCsv(table));
}
