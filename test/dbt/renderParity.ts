/**
 * The SQL preview against real dbt: every model dbt compiled in a project is rendered by the language service
 * (the same call the LSP request and the CLI make, with the real engine). The rendered text must equal the file
 * dbt wrote, character for character, and so must both after the preview's formatter.
 */
import * as assert from 'assert';
import { existsSync, readdirSync, readFileSync, statSync } from 'fs';
import * as path from 'path';
import { Adapter } from '../../server/src/core/render/outcome';
import { formatSql } from '../../server/src/core/render/formatSql';
import { getLanguageService } from '../../server/src/core/service';
import { nodeFileSystem } from '../../server/src/nodeFileSystem';
import { testEngine } from '../helpers/engine';
import { DbtProjectRun } from './harness';

function sqlFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sqlFiles(full) : name.endsWith('.sql') ? [full] : [];
  });
}

/** Compares what dbt wrote under target/compiled with our rendering; returns the model names compared. */
export async function compareWithCompiled(dir: string, adapter: Adapter, incremental: boolean, env: NodeJS.ProcessEnv): Promise<string[]> {
  const compiledRoot = path.join(dir, 'target/compiled/shop_analytics/models');
  const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: [dir], env, engine: testEngine() });
  // Earlier builds left the schema tests' compiled SQL beside the models' (under <model>.yml/): models only.
  const compiled = sqlFiles(compiledRoot).filter((file) => existsSync(path.join(dir, 'models', path.relative(compiledRoot, file))));
  for (const file of compiled) {
    const model = path.join(dir, 'models', path.relative(compiledRoot, file));
    const outcome = await service.render(model, { adapter, incremental });
    assert.ok(outcome.ok, `${path.basename(model)}: ${outcome.ok ? '' : `${outcome.file}:${outcome.line}: ${outcome.message}`}`);
    const compiledText = readFileSync(file, 'utf8');
    assert.strictEqual(outcome.raw, compiledText, `${path.basename(model)} (${adapter}, ${incremental ? 'incremental' : 'full refresh'}): the text dbt wrote`);
    const theirs = formatSql(compiledText, adapter);
    assert.strictEqual('formatError' in theirs ? theirs.formatError : undefined, undefined);
    assert.strictEqual(outcome.sql, theirs.sql, `${path.basename(model)} (${adapter}, ${incremental ? 'incremental' : 'full refresh'})`);
  }
  return compiled.map((f) => path.basename(f, '.sql')).sort();
}

/** dbt compile of the harness project's models, then the comparison; returns how many models were compared. */
export async function assertRenderMatchesDbt(project: DbtProjectRun, incremental: boolean): Promise<number> {
  project.dbt('compile', '--select', 'resource_type:model', ...(incremental ? [] : ['--full-refresh']));
  const compared = await compareWithCompiled(project.dir, project.target, incremental, project.env());
  assert.ok(compared.length >= 5, `dbt compiled ${compared.length} models`);
  return compared.length;
}
