/**
 * The SQL preview against real dbt: every model dbt compiles in the harness project is rendered by the language
 * service (the same call the LSP request and the CLI make) and both are formatted by the same formatter; they
 * must be equal, for a full refresh and for an incremental run.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { format } from 'sql-formatter';
import { getLanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { DbtProjectRun } from './harness';

const DIALECT = { duckdb: 'duckdb', postgres: 'postgresql' } as const;

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sqlFiles(full) : name.endsWith('.sql') ? [full] : [];
  });
}

/** dbt compile of the models, then our render of each; returns how many models were compared. */
export async function assertRenderMatchesDbt(project: DbtProjectRun, incremental: boolean): Promise<number> {
  project.dbt('compile', '--select', 'resource_type:model', ...(incremental ? [] : ['--full-refresh']));
  const compiledRoot = path.join(project.dir, 'target/compiled/shop_analytics/models');
  const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [project.dir], env: project.env() });
  // Earlier builds left the schema tests' compiled SQL beside the models' (under <model>.yml/): models only.
  const compiled = sqlFiles(compiledRoot).filter((file) => existsSync(path.join(project.dir, 'models', path.relative(compiledRoot, file))));
  assert.ok(compiled.length >= 5, `dbt compiled ${compiled.length} models in ${compiledRoot}`);
  for (const file of compiled) {
    const model = path.join(project.dir, 'models', path.relative(compiledRoot, file));
    const outcome = await service.render(model, { adapter: project.target, incremental });
    assert.ok(outcome.ok, `${path.basename(model)}: ${outcome.ok ? '' : `${outcome.file}:${outcome.line}: ${outcome.message}`}`);
    const theirs = format(readFileSync(file, 'utf8'), { language: DIALECT[project.target], keywordCase: 'preserve', tabWidth: 4 });
    assert.strictEqual(outcome.sql, theirs, `${path.basename(model)} (${project.target}, ${incremental ? 'incremental' : 'full refresh'})`);
  }
  return compiled.length;
}
