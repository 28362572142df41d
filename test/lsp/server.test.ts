import * as assert from 'assert';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { Diagnostic, TextEdit } from 'vscode-languageserver-protocol';
import { copyFixture, setMtime } from '../helpers/fixtures';
import { LspClient } from '../helpers/lspClient';
import { applyEdits } from '../helpers/setup';

const brief = (d: Diagnostic) => `[${d.range.start.line},${d.range.start.character},${d.range.end.line},${d.range.end.character}] ${d.code}: ${d.message}`;

describe('language server over stdio', function () {
  this.timeout(30_000);
  let fixture: ReturnType<typeof copyFixture>;
  let client: LspClient;
  afterEach(async () => {
    await client?.stop();
    fixture?.cleanup();
  });

  it('diagnoses, fixes, completes, hovers and jumps in the Segment fixture (pull mode)', async () => {
    fixture = copyFixture('segment-project');
    client = await LspClient.start(fixture.dir, { pull: true });
    const file = path.join(fixture.dir, 'dbt_project.yml');
    await client.open(file);
    const diagnostics = await client.pullDiagnostics(file);
    assert.deepStrictEqual(diagnostics.map(brief), [
      '[9,20,9,41] unknown-model: No model, seed or snapshot named "segment_web_page_view" in this project or its installed packages. Did you mean "segment_web_page_views"?',
    ]);
    assert.strictEqual(diagnostics[0].source, 'dbt-product-warehouse');

    const [fix] = await client.codeActions(file, diagnostics);
    assert.strictEqual(fix.title, "Replace with 'segment_web_page_views'");
    const original = readFileSync(file, 'utf8');
    const fixed = applyEdits(original, fix.edit!.changes![client.uri(file)] as TextEdit[]);
    assert.ok(fixed.includes('  cdp-events-model: segment_web_page_views   # typo on purpose\n'));
    await client.change(file, fixed);
    assert.deepStrictEqual(await client.pullDiagnostics(file), []);

    const completion = await client.completion(file, 9, 25);
    assert.deepStrictEqual(completion.items.slice(0, 3).map((i) => `${i.label} (${i.detail})`), [
      'segment_web_page_views (model · package segment)',
      'segment_web_page_views__sessionized (model · package segment)',
      'segment_web_sessions (model · package segment)',
    ]);
    const hover = await client.hover(file, 10, 4);
    assert.strictEqual((hover!.contents as { value: string }).value.split('\n')[0], '**cdp-sessions-model** · product-warehouse var');
    const definition = await client.definition(file, 10, 30);
    assert.deepStrictEqual(definition.map((l) => l.uri), [client.uri(path.join(fixture.dir, 'dbt_packages/segment/models/sessionization/segment_web_sessions.sql'))]);
    assert.deepStrictEqual((client.registrations as { method: string }[]).map((r) => r.method), ['workspace/didChangeWatchedFiles']);
    assert.deepStrictEqual(client.earlyRequests, [], 'no server request may come before the initialize response');
    assert.strictEqual(client.process.exitCode, null, 'the server is still running');
  });

  it('clears an error when the missing model is created on disk (watched files, no rescan)', async () => {
    fixture = copyFixture('segment-project');
    client = await LspClient.start(fixture.dir, { pull: true });
    const file = path.join(fixture.dir, 'dbt_project.yml');
    await client.open(file);
    await client.change(file, 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: stg_new\n  cdp-sessions-model: stg_orders\n  product-warehouse-mode: package\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n');
    assert.deepStrictEqual((await client.pullDiagnostics(file)).map((d) => d.code), ['unknown-model']);
    const model = path.join(fixture.dir, 'models/staging/stg_new.sql');
    writeFileSync(model, 'select 1');
    const refreshed = client.nextRefresh();
    await client.watchedFilesChanged([{ file: model, type: 'created' }]);
    await refreshed;
    assert.deepStrictEqual(await client.pullDiagnostics(file), []);
  });

  it('reads target/manifest.json while it is newer than the sources', async () => {
    fixture = copyFixture('manifest-project');
    const manifest = path.join(fixture.dir, 'target/manifest.json');
    setMtime(path.join(fixture.dir, 'dbt_project.yml'), -120);
    setMtime(path.join(fixture.dir, 'models'), -120);
    setMtime(manifest, -60);
    client = await LspClient.start(fixture.dir, { pull: true });
    const file = path.join(fixture.dir, 'dbt_project.yml');
    await client.open(file);
    assert.deepStrictEqual(await client.pullDiagnostics(file), []);
    setMtime(manifest, -600);
    const refreshed = client.nextRefresh();
    await client.watchedFilesChanged([{ file: manifest, type: 'changed' }]);
    await refreshed;
    assert.deepStrictEqual((await client.pullDiagnostics(file)).map(brief), [
      '[3,20,3,40] unknown-model: No model, seed or snapshot named "events_from_manifest" in this project or its installed packages.',
    ]);
  });

  it('serves every project of a multi-project workspace, nested ones on their own', async () => {
    fixture = copyFixture('multi');
    client = await LspClient.start(fixture.dir, { pull: true });
    const results: Record<string, string[]> = {};
    for (const rel of ['shop/dbt_project.yml', 'shop/analytics/dbt_project.yml', 'marketing/dbt_project.yml']) {
      const file = path.join(fixture.dir, rel);
      await client.open(file);
      results[rel] = (await client.pullDiagnostics(file)).map(brief);
    }
    assert.deepStrictEqual(results, {
      'shop/dbt_project.yml': [],
      'shop/analytics/dbt_project.yml': [
        '[3,20,3,26] unknown-model: No model, seed or snapshot named "orders" in this project or its installed packages.',
        '[1,0,1,4] vars-missing: Product-warehouse vars not set (their defaults apply): cdp-events-table.',
      ],
      'marketing/dbt_project.yml': [
        '[2,7,2,16] unsupported-cdp: "mparticle" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.',
        '[1,0,1,4] vars-missing: Product-warehouse vars not set (their defaults apply): cdp-pages-table, cdp-tracks-table, cdp-identifies-table.',
      ],
    });
  });

  it('pushes diagnostics per version to clients without pull support, and survives garbage', async () => {
    fixture = copyFixture('segment-project');
    client = await LspClient.start(fixture.dir, { pull: false });
    const file = path.join(fixture.dir, 'dbt_project.yml');
    await client.open(file);
    assert.deepStrictEqual((await client.pushedDiagnostics(file, 1)).map((d) => d.code), ['unknown-model']);
    const garbage = await client.change(file, '\u0000\u0001\u0002 vars: [[[');
    assert.deepStrictEqual((await client.pushedDiagnostics(file, garbage)).map((d) => d.code), ['not-text']);
    const broken = await client.change(file, 'vars:\n  cdp: [\n');
    assert.deepStrictEqual((await client.pushedDiagnostics(file, broken)).map((d) => d.code), ['yaml-syntax', 'wrong-type', 'vars-missing']);
    const good = await client.change(file, 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n  product-warehouse-mode: package\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n');
    assert.deepStrictEqual(await client.pushedDiagnostics(file, good), []);
  });
});
