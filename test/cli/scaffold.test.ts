import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO } from '../helpers/fixtures';

const CLI = path.join(REPO, 'server/out/cli.js');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

function walk(dir: string, base = dir): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(dir, e.name), base) : [path.relative(base, path.join(dir, e.name))])).sort();
}

describe('CLI: dbt-product-warehouse scaffold', () => {
  let dir: string;
  let shop: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-scaffold-'));
    shop = path.join(dir, 'shop');
    cpSync(path.join(REPO, 'examples/shop'), shop, { recursive: true });
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the plan as a unified diff with --dry-run and writes nothing', () => {
    const before = walk(shop);
    const { code, stdout, stderr } = run(['scaffold', 'shop', '--models', 'sessions', '--dry-run'], dir);
    assert.strictEqual(code, 0);
    assert.ok(stdout.includes('--- shop/models/warehouse/w_product/wh_product_sessions_fact.sql\t(new)\n+++ shop/models/warehouse/w_product/wh_product_sessions_fact.sql\t(scaffold)\n'));
    assert.strictEqual(stderr, 'dry run: nothing written (16 to create, 0 changed, 0 identical, 0 config edit(s)).\n');
    assert.deepStrictEqual(walk(shop), before);
  });

  it('writes the models, detects the adapter from profiles.yml, and changes nothing the second time', () => {
    const first = run(['scaffold', 'shop'], dir);
    assert.strictEqual(first.code, 0, first.stderr);
    assert.strictEqual(first.stdout.split('\n')[0], 'Scaffolded users, events, sessions, metrics, retention, funnels, attribution into shop/models/warehouse/w_product (self-contained mode, duckdb):');
    assert.deepStrictEqual(walk(path.join(shop, 'models/warehouse')), [...walk(path.join(REPO, 'templates/warehouse/models/warehouse')), ...walk(path.join(REPO, 'templates/cdp/segment/models/warehouse'))].sort());
    assert.strictEqual(readFileSync(path.join(shop, 'models/warehouse/w_product/wh_product_users_dim.sql'), 'utf8'), readFileSync(path.join(REPO, 'templates/warehouse/models/warehouse/w_product/wh_product_users_dim.sql'), 'utf8'));
    const snapshot = walk(shop).map((f) => [f, readFileSync(path.join(shop, f), 'utf8')]);
    const second = run(['scaffold', 'shop'], dir);
    assert.deepStrictEqual([second.code, second.stdout], [0, 'Nothing to do: the product warehouse is already in shop.\n']);
    assert.deepStrictEqual(walk(shop).map((f) => [f, readFileSync(path.join(shop, f), 'utf8')]), snapshot);
  });

  it('refuses a changed file without --force (exit 3) and overwrites it with --force', () => {
    run(['scaffold', 'shop'], dir);
    const mine = path.join(shop, 'models/warehouse/w_product/wh_product_users_dim.sql');
    writeFileSync(mine, 'select 42 as mine\n');
    const refused = run(['scaffold', 'shop'], dir);
    assert.strictEqual(refused.code, 3);
    assert.strictEqual(refused.stderr, 'dbt-product-warehouse: these files exist and differ from the templates; nothing was written:\n  shop/models/warehouse/w_product/wh_product_users_dim.sql\nSee the differences with --dry-run; overwrite them with --force.\n');
    assert.strictEqual(readFileSync(mine, 'utf8'), 'select 42 as mine\n');
    const forced = run(['scaffold', 'shop', '--force'], dir);
    assert.strictEqual(forced.code, 0);
    assert.ok(forced.stdout.includes('  updated shop/models/warehouse/w_product/wh_product_users_dim.sql\n'));
    assert.notStrictEqual(readFileSync(mine, 'utf8'), 'select 42 as mine\n');
  });

  it('writes nothing at all when one write fails (exit 4), and refuses a folder outside the project', () => {
    writeFileSync(path.join(shop, 'models/warehouse'), 'a file where the folder should go');
    const failed = run(['scaffold', 'shop'], dir);
    assert.strictEqual(failed.code, 4);
    assert.match(failed.stderr, /^dbt-product-warehouse: writing failed, nothing was changed: ENOTDIR/);
    assert.deepStrictEqual(readdirSync(path.join(shop, 'macros')), ['.gitkeep']);
    const outside = run(['scaffold', 'shop', '--folder', '../../elsewhere'], dir);
    assert.strictEqual(outside.code, 2);
    assert.strictEqual(outside.stderr, `dbt-product-warehouse: Target folder "../../elsewhere" is outside the project folder ${shop}; nothing was written.\n`);
    assert.strictEqual(existsSync(path.join(dir, '..', 'elsewhere')), false);
    assert.strictEqual(run(['scaffold', 'nothere'], dir).code, 2);
  });

  it('never writes or reads through a link out of the project: a linked folder, a linked target file', () => {
    const outside = path.join(dir, 'outside');
    mkdirSync(outside);
    mkdirSync(path.join(shop, 'models/warehouse'), { recursive: true });
    symlinkSync(outside, path.join(shop, 'models/warehouse/w_product'));
    const viaFolder = run(['scaffold', 'shop'], dir);
    assert.deepStrictEqual([viaFolder.code, walk(outside)], [2, []]);
    assert.strictEqual(viaFolder.stderr, `dbt-product-warehouse: ${shop}/models/warehouse/w_product/staging/int_product_warehouse__deliveries.sql would be written through ${shop}/models/warehouse/w_product, which leads outside the project (${outside}); nothing was written.\n`);
    rmSync(path.join(shop, 'models/warehouse/w_product'));
    mkdirSync(path.join(shop, 'models/warehouse/w_product'));
    writeFileSync(path.join(outside, 'secret.sql'), 'the text of a file outside the project');
    symlinkSync(path.join(outside, 'secret.sql'), path.join(shop, 'models/warehouse/w_product/wh_product_users_dim.sql'));
    const dry = run(['scaffold', 'shop', '--dry-run'], dir);
    assert.deepStrictEqual([dry.code, dry.stdout.includes('outside the project'), dry.stdout], [2, false, '']);
    assert.strictEqual(dry.stderr, `dbt-product-warehouse: ${shop}/models/warehouse/w_product/wh_product_users_dim.sql is a symbolic link; the scaffold writes no file through a link; nothing was written.\n`);
    assert.strictEqual(readFileSync(path.join(outside, 'secret.sql'), 'utf8'), 'the text of a file outside the project');
  });

  it('needs no profile (the adapter changes no file), and names the var when its cdp is not one the product knows', () => {
    rmSync(path.join(shop, 'profiles.yml'));
    const noProfile = spawnSync(process.execPath, [CLI, 'scaffold', 'shop', '--models', 'sessions'], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: dir, DBT_PROFILES_DIR: '' } });
    assert.deepStrictEqual([noProfile.status, noProfile.stdout.split('\n')[0]], [0, 'Scaffolded sessions into shop/models/warehouse/w_product (self-contained mode):']);
    const config = path.join(shop, 'dbt_project.yml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('cdp: segment', 'cdp: jitsu'));
    const other = run(['scaffold', 'shop'], dir);
    assert.deepStrictEqual([other.code, other.stderr], [2, `dbt-product-warehouse: ${config}:14: the var cdp is "jitsu", and the product warehouse has models for segment, rudderstack, snowplow, amplitude, posthog, mixpanel; nothing was written.\n`]);
  });
});
