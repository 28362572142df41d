/**
 * The preview's parity with `dbt compile` holds for the dbt the tests run: the engine's pinned wheels
 * (server/engine/wheels.json) must be the versions scripts/requirements-*.txt install.
 */
import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { REPO } from '../helpers/fixtures';

function pins(file: string): Map<string, string> {
  const text = readFileSync(path.join(REPO, 'scripts', file), 'utf8');
  return new Map([...text.matchAll(/^([\w-]+)==([\w.]+)$/gm)].map((m) => [m[1].toLowerCase(), m[2]]));
}

describe('the engine bundles the dbt the tests install', () => {
  const lock = JSON.parse(readFileSync(path.join(REPO, 'server/engine/wheels.json'), 'utf8')) as { dbtCoreVersion: string; wheels: { name: string; version: string }[] };
  const wheel = new Map(lock.wheels.map((w) => [w.name, w.version]));
  it("requirements-dbt.txt (DuckDB, PostgreSQL): dbt-core, dbt-adapters, dbt-common and both adapters are the engine's", () => {
    const pinned = pins('requirements-dbt.txt');
    assert.deepStrictEqual([...pinned.keys()].sort(), ['dbt-adapters', 'dbt-common', 'dbt-core', 'dbt-duckdb', 'dbt-postgres']);
    assert.strictEqual(pinned.get('dbt-core'), lock.dbtCoreVersion);
    for (const [name, version] of pinned) if (name !== 'dbt-core') assert.strictEqual(version, wheel.get(name), name);
  });

  it("requirements-dbt-adapters.txt: every adapter plugin is the engine's (dbt-databricks holds dbt-core back to 1.10.19)", () => {
    const pinned = pins('requirements-dbt-adapters.txt');
    for (const name of ['dbt-snowflake', 'dbt-bigquery', 'dbt-redshift', 'dbt-databricks', 'dbt-spark']) assert.strictEqual(pinned.get(name), wheel.get(name), name);
    assert.deepStrictEqual([pinned.get('dbt-core'), pinned.get('dbt-adapters')], ['1.10.19', '1.22.10']);
  });
});
