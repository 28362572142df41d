/**
 * Real dbt projects nobody here wrote (../shared/corpus), set up as a user has them: copied to a temporary folder,
 * packages installed the way `dbt deps` does (a link for `local:` packages, a copy otherwise), seeds loaded and
 * models built on DuckDB (so introspection finds real relations), then `dbt compile` and `dbt docs generate` (the
 * catalog the preview reads column lists from). Each model dbt compiled is
 * rendered by the preview (the language service with the real engine) and compared with what dbt wrote.
 */
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatSql } from '../../server/src/core/render/formatSql';
import { getLanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { testEngine } from '../helpers/engine';
import { CORPUS } from '../helpers/fixtures';
import { DBT, requireDbt } from './harness';

export interface CorpusProject {
  name: string;
  /** Folder under the corpus to copy, and the dbt project inside it. */
  copy: string;
  project: string;
  /** Packages to install: `link` a folder of the copy (a local: package), or `copy` one from the corpus. */
  packages: { name: string; link?: string; copy?: string }[];
}

export const CORPUS_PROJECTS: CorpusProject[] = [
  { name: 'jaffle_shop', copy: 'dbt-labs+jaffle_shop', project: '.', packages: [] },
  { name: 'dbt_utils integration_tests', copy: 'dbt-labs+dbt-utils', project: 'integration_tests', packages: [{ name: 'dbt_utils', link: '..' }] },
  {
    name: 'segment integration_tests', copy: 'dbt-labs+segment', project: 'integration_tests',
    packages: [{ name: 'segment', link: '..' }, { name: 'dbt_utils', copy: 'packages/dbt_utils@1.4.1' }],
  },
  {
    name: 'mixpanel integration_tests', copy: 'fivetran+dbt_mixpanel', project: 'integration_tests',
    packages: [{ name: 'mixpanel', link: '..' }, { name: 'fivetran_utils', copy: 'packages/fivetran_utils@v0.4.10' }, { name: 'dbt_utils', copy: 'packages/dbt_utils@1.4.1' }],
  },
  { name: 'dbt_date integration_tests', copy: 'packages/dbt_date@0.17.1', project: 'integration_tests', packages: [{ name: 'dbt_date', link: '..' }] },
  {
    name: 'codegen integration_tests', copy: 'packages/codegen@0.13.1', project: 'integration_tests',
    packages: [{ name: 'codegen', link: '..' }, { name: 'dbt_utils', copy: 'packages/dbt_utils@1.4.1' }],
  },
];

export type Verdict = 'equal' | 'connection' | 'differs' | 'fails';

export interface ModelResult {
  model: string;
  package: string;
  verdict: Verdict;
  /** The rendered text is the very text dbt wrote (before formatting). */
  rawEqual: boolean;
  detail?: string;
}

export interface ProjectResult {
  project: string;
  results: ModelResult[];
  /** Models dbt did not compile (their SQL needs a relation that cannot be built on DuckDB, and the like). */
  notCompiled: string[];
}

function dbt(dir: string, args: string[]): { ok: boolean; output: string } {
  const r = spawnSync(DBT, [...args, '--profiles-dir', dir, '--project-dir', dir], {
    cwd: dir, encoding: 'utf8', timeout: 900_000,
    env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1' },
  });
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}` };
}

/** Copies the project and installs its packages; returns the project folder. */
export function setUp(spec: CorpusProject, tmp: string): string {
  const copy = path.join(tmp, path.basename(spec.copy));
  cpSync(path.join(CORPUS, spec.copy), copy, { recursive: true });
  const dir = path.resolve(copy, spec.project);
  const installed = path.join(dir, 'dbt_packages');
  mkdirSync(installed, { recursive: true });
  for (const pkg of spec.packages) {
    const target = path.join(installed, pkg.name);
    if (pkg.link) symlinkSync(path.relative(installed, path.resolve(dir, pkg.link)), target);
    else cpSync(path.join(CORPUS, pkg.copy!), target, { recursive: true });
  }
  const profile = /^profile:\s*['"]?([\w-]+)/m.exec(readFileSync(path.join(dir, 'dbt_project.yml'), 'utf8'))?.[1] ?? 'default';
  writeFileSync(path.join(dir, 'profiles.yml'), `${profile}:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(path.join(tmp, 'warehouse.duckdb'))}\n      threads: 2\n`);
  return dir;
}

/**
 * Builds what can be built, then compiles every model; a model whose compile stops dbt (a query DuckDB cannot run)
 * is left out and the compile runs again, so one such model costs only itself.
 */
export function buildAndCompile(dir: string): { notCompiled: string[]; built: Set<string> } {
  dbt(dir, ['seed']);
  dbt(dir, ['run']);
  // Models dbt built: its compile then renders is_incremental() true for the incremental ones among them.
  const runResults = JSON.parse(readFileSync(path.join(dir, 'target/run_results.json'), 'utf8')) as { results: { unique_id: string; status: string }[] };
  const built = new Set(runResults.results.filter((r) => r.status === 'success').map((r) => r.unique_id));
  const excluded: string[] = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    const run = dbt(dir, ['compile', '--select', 'resource_type:model', '--indirect-selection', 'empty', ...(excluded.length ? ['--exclude', ...excluded] : [])]);
    if (run.ok) {
      // The catalog a user has after `dbt docs generate`: the preview answers column introspection from it.
      const docs = dbt(dir, ['docs', 'generate', '--no-compile']);
      if (!docs.ok) throw new Error(`dbt docs generate failed:\n${docs.output.slice(-3000)}`);
      return { notCompiled: excluded, built };
    }
    const failed = /(?:Runtime|Compilation) Error in model (\w+)/.exec(run.output)?.[1];
    if (!failed || excluded.includes(failed)) throw new Error(`dbt compile failed:\n${run.output.slice(-3000)}`);
    excluded.push(failed);
  }
  throw new Error('dbt compile kept failing');
}

interface ManifestNode { resource_type: string; name: string; package_name: string; original_file_path: string; unique_id: string; config: { materialized: string } }

export async function compareProject(spec: CorpusProject, dir: string, notCompiled: string[], built: Set<string>): Promise<ProjectResult> {
  const manifest = JSON.parse(readFileSync(path.join(dir, 'target/manifest.json'), 'utf8')) as { nodes: Record<string, ManifestNode>; metadata: { project_name: string } };
  const root = manifest.metadata.project_name;
  const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [], env: {}, engine: testEngine() });
  await service.addFolder(dir);
  const results: ModelResult[] = [];
  for (const node of Object.values(manifest.nodes).filter((n) => n.resource_type === 'model').sort((a, b) => a.name.localeCompare(b.name))) {
    const compiledFile = path.join(dir, 'target/compiled', node.package_name, node.original_file_path);
    if (!existsSync(compiledFile) || notCompiled.includes(node.name)) continue;
    const packageRoot = node.package_name === root ? dir : path.join(dir, 'dbt_packages', node.package_name);
    // As dbt compiled it: an incremental model whose table exists renders its incremental run.
    const incremental = node.config.materialized === 'incremental' && built.has(node.unique_id);
    const outcome = await service.render(path.join(packageRoot, node.original_file_path), { adapter: 'duckdb', incremental });
    const base = { model: node.name, package: node.package_name };
    if (!outcome.ok) {
      results.push({ ...base, verdict: outcome.kind === 'connection' ? 'connection' : 'fails', rawEqual: false, detail: outcome.message });
      continue;
    }
    const theirs = readFileSync(compiledFile, 'utf8');
    const equal = outcome.sql === formatSql(theirs, 'duckdb').sql;
    results.push({ ...base, verdict: equal ? 'equal' : 'differs', rawEqual: outcome.raw === theirs, ...(equal ? {} : { detail: firstDifference(formatSql(theirs, 'duckdb').sql, outcome.sql) }) });
  }
  return { project: spec.name, results, notCompiled };
}

function firstDifference(dbtSql: string, ours: string): string {
  const a = dbtSql.split('\n');
  const b = ours.split('\n');
  const i = a.findIndex((line, k) => line !== b[k]);
  return `line ${i + 1}: dbt "${a[i]?.trim()}" / preview "${b[i]?.trim()}"`;
}

export async function runCorpusProject(spec: CorpusProject): Promise<ProjectResult> {
  requireDbt();
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'pw-corpus-'));
  try {
    const dir = setUp(spec, tmp);
    const { notCompiled, built } = buildAndCompile(dir);
    return await compareProject(spec, dir, notCompiled, built);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
