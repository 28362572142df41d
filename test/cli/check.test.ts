import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'fs';
import * as path from 'path';
import { copyFixture, REPO } from '../helpers/fixtures';

const CLI = path.join(REPO, 'server/out/cli.js');

function run(args: string[], cwd: string) {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CLI: dbt-product-warehouse check', () => {
  let fixture: ReturnType<typeof copyFixture>;
  afterEach(() => fixture?.cleanup());

  it('prints path:line:col: severity code message and exits 1 on errors', () => {
    fixture = copyFixture('multi');
    const { code, stdout, stderr } = run(['check', '.'], fixture.dir);
    assert.strictEqual(stdout, [
      'marketing/dbt_project.yml:3:8: error unsupported-cdp "mparticle" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.',
      'marketing/dbt_project.yml:2:1: info vars-missing Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
      'shop/analytics/dbt_project.yml:4:21: error unknown-model No model, seed or snapshot named "orders" in this project or its installed packages.',
      'shop/analytics/dbt_project.yml:2:1: info vars-missing Product-warehouse vars not set (their defaults apply): cdp-events-table.',
      '',
    ].join('\n'));
    assert.strictEqual(stderr, '3 project(s) checked: 2 error(s), 0 warning(s).\n');
    assert.strictEqual(code, 1);
  });

  it('a funnel with a mistake fails CI with the place of the node', () => {
    fixture = copyFixture('multi');
    mkdirSync(path.join(fixture.dir, 'funnel'));
    writeFileSync(path.join(fixture.dir, 'funnel/dbt_project.yml'), [
      'name: shop', 'vars:', '  cdp: segment', '  product-warehouse-funnels:', '    - name: checkout',
      '      steps: [Product Viewed, Order Completed]', '      order: exakt', '',
    ].join('\n'));
    const { code, stdout } = run(['check', 'funnel'], fixture.dir);
    assert.strictEqual(stdout.split('\n')[0], 'funnel/dbt_project.yml:7:14: error invalid-choice "exakt" is not a funnel order (funnel "checkout"); supported: this-order, exact, any.');
    assert.strictEqual(code, 1);
  });

  it('a FIFO named dbt_project.yml in a folder whose name holds a newline: no hang, an error on one line, exit 1', () => {
    fixture = copyFixture('multi');
    const odd = path.join(fixture.dir, 'odd\nname');
    mkdirSync(odd);
    assert.strictEqual(spawnSync('mkfifo', [path.join(odd, 'dbt_project.yml')]).status, 0);
    const { code, stdout } = run(['check', '.'], fixture.dir);
    assert.ok(stdout.split('\n').includes('odd\\nname/dbt_project.yml:1:1: error unreadable dbt_project.yml is not a regular file; it cannot be checked.'), stdout);
    assert.strictEqual(code, 1);
  });

  it('prints JSON objects with 1-based ranges', () => {
    fixture = copyFixture('segment-project');
    const { code, stdout } = run(['check', fixture.dir, '--format', 'json'], path.dirname(fixture.dir));
    assert.deepStrictEqual(JSON.parse(stdout), [{
      file: `${path.basename(fixture.dir)}/dbt_project.yml`, line: 10, column: 21, endLine: 10, endColumn: 42, severity: 'error', code: 'unknown-model',
      message: 'No model, seed or snapshot named "segment_web_page_view" in this project or its installed packages. Did you mean "segment_web_page_views"?',
    }]);
    assert.strictEqual(code, 1);
  });

  it('exits 0 when only warnings remain', () => {
    fixture = copyFixture('segment-project');
    writeFileSync(path.join(fixture.dir, 'dbt_project.yml'), 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: package\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n  cdp_tracks_table: x\n');
    const { code, stdout } = run(['check'], fixture.dir);
    assert.strictEqual(stdout, 'dbt_project.yml:8:3: warning var-typo "cdp_tracks_table" is not a product-warehouse var. Did you mean "cdp-tracks-table"?\n');
    assert.strictEqual(code, 0);
  });

  it('exits 2 on usage errors and when there is no dbt project, saying what is wrong', () => {
    fixture = copyFixture('segment-project');
    const bad = run(['check', '--format', 'xml'], fixture.dir);
    assert.strictEqual(bad.code, 2);
    assert.strictEqual(bad.stderr.split('\n')[0], 'dbt-product-warehouse: --format takes "text" or "json", not "xml".');
    assert.strictEqual(run(['frobnicate'], fixture.dir).stderr.split('\n')[0], 'dbt-product-warehouse: Unknown command "frobnicate".');
    assert.strictEqual(run(['check', 'no/such/dir'], fixture.dir).stderr.split('\n')[0], 'dbt-product-warehouse: no/such/dir: no such folder.');
    const empty = path.join(fixture.dir, 'models');
    const none = run(['check', '.'], empty);
    assert.strictEqual(none.code, 2);
    assert.strictEqual(none.stderr, `dbt-product-warehouse: no dbt project (dbt_project.yml) found under ${empty}.\n`);
    assert.strictEqual(run(['--help'], fixture.dir).code, 0);
  });

  it('survives a symbolic-link loop and a model path that leaves the project, reading nothing outside', () => {
    fixture = copyFixture('segment-project');
    mkdirSync(path.join(fixture.dir, 'models/deep'));
    symlinkSync(path.join(fixture.dir, 'models'), path.join(fixture.dir, 'models/deep/loop'));
    symlinkSync('/etc', path.join(fixture.dir, 'models/etc'));
    writeFileSync(path.join(fixture.dir, 'dbt_project.yml'), 'name: shop\nmodel-paths: ["models", "../../.."]\nvars:\n  cdp-events-model: passwd\n');
    const { code, stdout, stderr } = run(['check'], fixture.dir);
    assert.strictEqual(stdout, [
      'dbt_project.yml:2:25: error path-outside-project model-paths entry "../../.." points outside the project folder; it is not read.',
      'dbt_project.yml:4:21: error unknown-model No model, seed or snapshot named "passwd" in this project or its installed packages.',
      'dbt_project.yml:3:1: info vars-missing Product-warehouse vars not set (their defaults apply): cdp, cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
      '',
    ].join('\n'));
    assert.deepStrictEqual(stderr.split('\n').filter((l) => l.startsWith('warning')).map((l) => l.replace(fixture.dir, '<dir>').replace(/\(.*\)/, '(…)')).sort(), [
      'warning: Skipped <dir>/models/deep/loop: symbolic-link loop (…).',
      'warning: Skipped <dir>/models/etc: it links outside the project folder (…).',
    ]);
    assert.strictEqual(code, 1);
  });
});
