/** Copies a fixture to a fresh temporary folder, so tests may change files and set mtimes freely. */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { templateRoots } from '../../server/src/core/cdp/registry';

export const FIXTURES = path.resolve(__dirname, '../../../fixtures');
export const REPO = path.resolve(__dirname, '../../../..');

/** Real dbt code nobody here wrote (see ../shared/corpus/README.md); read-only, so tests copy from it. */
export const CORPUS = path.resolve(REPO, '../shared/corpus');

/** Packages a fixture uses, installed from the corpus as `dbt deps` would (it cannot reach dbt Hub here). */
const FIXTURE_PACKAGES: Record<string, Record<string, string>> = {
  'segment-project': { segment: 'dbt-labs+segment' },
};

export function copyFixture(name: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), `pw-${name}-`));
  cpSync(path.join(FIXTURES, name), dir, { recursive: true });
  for (const [pkg, from] of Object.entries(FIXTURE_PACKAGES[name] ?? {})) installFromCorpus(from, path.join(dir, 'dbt_packages', pkg));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Copies the product warehouse's templates for a CDP (shared layer and the CDP's staging) into a project folder,
 * as the scaffold lays them out when its folder is models/warehouse/w_product. */
export function copyTemplates(dir: string, cdp = 'segment'): void {
  for (const root of templateRoots(cdp)) cpSync(path.join(REPO, 'templates', root), dir, { recursive: true });
}

/** Copies a corpus folder where `dbt deps` would put the package; fails loudly when the corpus is not there. */
export function installFromCorpus(from: string, to: string): void {
  const source = path.join(CORPUS, from);
  if (!existsSync(source)) throw new Error(`${source} is missing: the tests install packages from ../shared/corpus beside the checkout.`);
  cpSync(source, to, { recursive: true });
}

/** Every file of a package folder as [relative path, text], for in-memory workspaces. */
export function packageFiles(dir: string, rel = ''): [string, string][] {
  if (!existsSync(dir)) throw new Error(`${dir} is missing: the tests read packages from ../shared/corpus beside the checkout.`);
  const out: [string, string][] = [];
  for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const child = rel ? `${rel}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(...packageFiles(dir, child));
    else out.push([child, readFileSync(path.join(dir, child), 'utf8')]);
  }
  return out;
}

/** Makes a file look written `secondsFromNow` after now (negative: in the past). */
export function setMtime(file: string, secondsFromNow: number): void {
  const t = Date.now() / 1000 + secondsFromNow;
  utimesSync(file, t, t);
}
