import * as assert from 'assert';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { copyFixture, REPO } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';

describe('scaffold over LSP (workspace/executeCommand -> workspace/applyEdit)', function () {
  this.timeout(30_000);
  let dir: string;
  let client: LspClient;
  afterEach(async () => {
    await client?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('asks the client to apply one edit: file creations with their contents, and the vars insertion', async () => {
    dir = copyFixture('segment-project').dir;
    client = await LspClient.start(dir, { pull: true });
    // The projects the client offers come from the server's index: the installed segment package is not one.
    assert.deepStrictEqual(await client.connection.sendRequest('productWarehouse/projects'), [dir]);
    const result = await client.executeCommand<{ status: string; created: string[]; updated: string[]; notes: string[] }>('productWarehouse.scaffold', [{ project: dir, models: ['sessions'], mode: 'self-contained', adapter: 'postgres' }]);
    assert.strictEqual(result.status, 'applied');
    assert.deepStrictEqual(result.updated, [path.join(dir, 'dbt_project.yml')]);
    assert.strictEqual(result.created.length, 16);
    // The project chose package mode itself: the scaffold never changes a value the user set, and says so.
    assert.deepStrictEqual(result.notes, ['Kept your "product-warehouse-mode" (package); the scaffold would have set self-contained.']);
    assert.strictEqual(client.appliedEdits.length, 1);
    const { label, edit } = client.appliedEdits[0] as { label: string; edit: { documentChanges: { kind?: string; uri?: string; textDocument?: { uri: string }; edits?: { newText: string; range: unknown }[] }[] } };
    assert.strictEqual(label, 'Scaffold the product warehouse');
    const changes = edit.documentChanges;
    const sessions = pathToFileURL(path.join(dir, 'models/warehouse/w_product/wh_product_sessions_fact.sql')).toString();
    const create = changes.findIndex((c) => c.kind === 'create' && c.uri === sessions);
    assert.ok(create >= 0);
    // All creations come before all text edits: VS Code then undoes the whole scaffold in one step.
    const firstText = changes.findIndex((c) => c.kind === undefined);
    assert.deepStrictEqual([changes.slice(0, firstText).every((c) => c.kind === 'create'), changes.slice(firstText).every((c) => c.kind === undefined), firstText], [true, true, 16]);
    assert.deepStrictEqual(changes.find((c) => c.textDocument?.uri === sessions)?.edits, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: readFileSync(path.join(REPO, 'templates/warehouse/models/warehouse/w_product/wh_product_sessions_fact.sql'), 'utf8') }]);
    const vars = changes.find((c) => c.textDocument?.uri === pathToFileURL(path.join(dir, 'dbt_project.yml')).toString());
    assert.deepStrictEqual(vars?.edits, [{
      range: { start: { line: 13, character: 88 }, end: { line: 13, character: 88 } },
      newText: '\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n  cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\n  cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"',
    }]);
  });

  it('reports changed files instead of applying, and says what is wrong with bad arguments', async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-lsp-scaffold-'));
    cpSync(path.join(REPO, 'examples/shop'), dir, { recursive: true });
    cpSync(path.join(REPO, 'templates/warehouse/models'), path.join(dir, 'models'), { recursive: true });
    require('fs').writeFileSync(path.join(dir, 'models/warehouse/w_product/wh_product_users_dim.sql'), 'select 1 as mine\n');
    client = await LspClient.start(dir, { pull: true });
    const result = await client.executeCommand<{ status: string; conflicts: { path: string }[] }>('productWarehouse.scaffold', [{ project: dir }]);
    assert.deepStrictEqual([result.status, result.conflicts.map((c) => path.relative(dir, c.path))], ['conflicts', ['models/warehouse/w_product/wh_product_users_dim.sql']]);
    assert.strictEqual(client.appliedEdits.length, 0);
    const bad = await client.executeCommand<{ status: string; message: string }>('productWarehouse.scaffold', [{ project: dir, folder: '../x' }]);
    assert.deepStrictEqual(bad, { status: 'error', message: `Target folder "../x" is outside the project folder ${dir}; nothing was written.` });
    // Arguments from any client are checked before use: each wrong one is named, none throws.
    const wrong: [unknown, string][] = [
      [{ project: dir, models: ['nope'] }, '"models" takes a list of users, events, sessions, metrics, retention, funnels, attribution; got ["nope"].'],
      [{ project: dir, models: 'users' }, '"models" takes a list of users, events, sessions, metrics, retention, funnels, attribution; got "users".'],
      [{ project: dir, models: ['toString'] }, '"models" takes a list of users, events, sessions, metrics, retention, funnels, attribution; got ["toString"].'],
      [{ project: dir, mode: 'both' }, '"mode" takes package or self-contained; got "both".'],
      [{ project: dir, folder: 42 }, '"folder" takes a string; got 42.'],
      [{ project: 7 }, 'The "project" argument (the dbt project folder) is required.'],
      ['just text', 'The argument must be an object: { project, models?, cdp?, mode?, adapter?, folder?, onConflict? }.'],
    ];
    for (const [args, message] of wrong) {
      assert.deepStrictEqual(await client.executeCommand('productWarehouse.scaffold', [args]), { status: 'error', message });
    }
    assert.strictEqual(client.appliedEdits.length, 0);
  });
});
