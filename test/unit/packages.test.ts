import * as assert from 'assert';
import { brief, workspace } from '../helpers/setup';

const VARS = 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: package\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n';

async function check(packagesYml: string, projectYml = VARS): Promise<string[]> {
  const ws = await workspace({ 'dbt_project.yml': projectYml, 'packages.yml': packagesYml });
  return (await ws.service.doValidation(ws.doc('packages.yml'))).map(brief);
}

describe('packages.yml validation', () => {
  it('requires the package the chosen CDP needs', async () => {
    assert.deepStrictEqual(await check('# deps\npackages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n'), [
      '[1,0,1,8] error package-required: The product warehouse needs dbt-labs/segment (>=0.9.0) for "segment_web_page_views", "segment_web_sessions"; packages.yml does not list it.',
    ]);
  });

  it('flags a version range that excludes the supported versions', async () => {
    assert.deepStrictEqual(await check('packages:\n  - package: dbt-labs/segment\n    version: [">=0.3.0", "<0.5.0"]\n'), [
      '[2,13,2,34] error package-version: Version range ">=0.3.0 <0.5.0" of dbt-labs/segment excludes every version >=0.9.0, the releases that run on dbt-core 1.10 (with dbt_utils 1.x).',
    ]);
  });

  it('flags an old git revision and accepts a good range', async () => {
    assert.deepStrictEqual(await check('packages:\n  - git: "https://github.com/dbt-labs/segment.git"\n    revision: 0.4.1\n'), [
      '[2,14,2,19] error package-version: Revision "0.4.1" of dbt-labs/segment is older than 0.9.0, which the product warehouse needs.',
    ]);
    assert.deepStrictEqual(await check('packages:\n  - package: dbt-labs/segment\n    version: ">=0.9.0"\n'), []);
    assert.deepStrictEqual(await check('packages:\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n'), []);
  });

  it('flags the range older scaffolds wrote: it resolves only to releases that need dbt_utils 0.x', async () => {
    assert.deepStrictEqual(await check('packages:\n  - package: dbt-labs/segment\n    version: [">=0.5.0", "<0.9.0"]\n'), [
      '[2,13,2,34] error package-version: Version range ">=0.5.0 <0.9.0" of dbt-labs/segment excludes every version >=0.9.0, the releases that run on dbt-core 1.10 (with dbt_utils 1.x).',
    ]);
  });

  it('requires nothing in self-contained mode or when the project does not use the product warehouse', async () => {
    assert.deepStrictEqual(await check('packages: []\n', VARS.replace('mode: package', 'mode: self-contained')), []);
    assert.deepStrictEqual(await check('packages: []\n', VARS.replace('  product-warehouse-mode: package\n', '')), []);
    assert.deepStrictEqual(await check('packages: []\n', 'name: shop\nvars:\n  start_date: 2020\n'), []);
  });

  it('does not require a package whose model the project defines itself', async () => {
    const ws = await workspace({ 'dbt_project.yml': VARS, 'packages.yml': 'packages: []\n', 'models/segment_web_page_views.sql': 'select 1', 'models/segment_web_sessions.sql': 'select 1' });
    assert.deepStrictEqual((await ws.service.doValidation(ws.doc('packages.yml'))).map(brief), []);
  });

  it('validates dependencies.yml the same way', async () => {
    const ws = await workspace({ 'dbt_project.yml': VARS, 'dependencies.yml': 'packages:\n  - package: dbt-labs/segment\n    version: 0.4.0\n' });
    assert.deepStrictEqual((await ws.service.doValidation(ws.doc('dependencies.yml'))).map(brief), [
      '[2,13,2,18] error package-version: Version range "0.4.0" of dbt-labs/segment excludes every version >=0.9.0, the releases that run on dbt-core 1.10 (with dbt_utils 1.x).',
    ]);
  });
});
