import * as assert from 'assert';
import { workspace, SEGMENT_PACKAGE, brief } from '../helpers/setup';

const names = (ws: Awaited<ReturnType<typeof workspace>>, root = '/ws') =>
  [...ws.service.workspace.all().find((p) => p.root === root)!.allNodes()].map((n) => `${n.kind}:${n.name}@${n.packageName}`).sort();

describe('project index', () => {
  it('indexes models, seeds, snapshots and installed packages, honouring custom and legacy paths', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: shop\nsource-paths: ["transform"]\ndata-paths: ["data"]\npackages-install-path: deps\n',
      'transform/a.sql': '', 'transform/py_model.py': '', 'transform/notes.md': '',
      'data/codes.csv': '', 'snapshots/s.sql': '{%- snapshot snap_a -%}\nselect 1\n{%- endsnapshot -%}',
      'models/ignored.sql': '',
      'deps/utils/dbt_project.yml': 'name: dbt_utils\n', 'deps/utils/models/util_model.sql': '',
    });
    assert.deepStrictEqual(names(ws), ['model:a@shop', 'model:py_model@shop', 'model:util_model@dbt_utils', 'seed:codes@shop', 'snapshot:snap_a@shop']);
  });

  it('updates one file at a time from watched-file events', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: shop\nvars:\n  cdp-events-model: new_model\n', 'models/a.sql': '' });
    const doc = ws.doc('dbt_project.yml');
    assert.deepStrictEqual((await ws.service.doValidation(doc)).map((d) => d.code), ['unknown-model', 'vars-missing']);
    ws.fs.write('/ws/models/sub/new_model.sql', 'select 1');
    assert.strictEqual(await ws.service.onFilesChanged([{ path: '/ws/models/sub/new_model.sql', change: 'created' }]), true);
    assert.deepStrictEqual((await ws.service.doValidation(doc)).map((d) => d.code), ['vars-missing']);
    ws.fs.remove('/ws/models/sub');
    await ws.service.onFilesChanged([{ path: '/ws/models/sub', change: 'deleted' }]);
    assert.deepStrictEqual(names(ws), ['model:a@shop']);
    assert.strictEqual(await ws.service.onFilesChanged([{ path: '/ws/README.md', change: 'created' }]), false);
  });

  it('picks up a package installed by dbt deps', async () => {
    const ws = await workspace({ 'dbt_project.yml': 'name: shop\n' });
    for (const [file, text] of Object.entries(SEGMENT_PACKAGE)) ws.fs.write(`/ws/${file}`, text);
    await ws.service.onFilesChanged([{ path: '/ws/dbt_packages/segment/dbt_project.yml', change: 'created' }]);
    assert.deepStrictEqual(names(ws), [
      'model:segment_web_page_views@segment', 'model:segment_web_page_views__sessionized@segment', 'model:segment_web_sessions@segment', 'model:segment_web_sessions__initial@segment',
      'model:segment_web_sessions__stitched@segment', 'model:segment_web_user_stitching@segment', 'seed:referrer_mapping@segment',
    ]);
    assert.strictEqual(ws.service.workspace.all().length, 1);
  });

  it('uses target/manifest.json only while it is newer than the sources', async () => {
    const manifest = JSON.stringify({
      nodes: {
        'model.shop.from_manifest': { resource_type: 'model', name: 'from_manifest', package_name: 'shop', original_file_path: 'models/gen/from_manifest.sql' },
        'test.shop.t': { resource_type: 'test', name: 't', package_name: 'shop' },
      },
      sources: {},
    });
    const ws = await workspace({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': '' });
    ws.fs.write('/ws/target/manifest.json', manifest);
    await ws.service.onFilesChanged([{ path: '/ws/target/manifest.json', change: 'created' }]);
    assert.deepStrictEqual(names(ws), ['model:a@shop', 'model:from_manifest@shop']);
    ws.fs.write('/ws/models/b.sql', '');
    await ws.service.onFilesChanged([{ path: '/ws/models/b.sql', change: 'created' }]);
    assert.deepStrictEqual(names(ws), ['model:a@shop', 'model:b@shop']);
  });

  it('finds several projects, nested ones included, and routes files to the innermost', async () => {
    const ws = await workspace({
      'dbt_project.yml': 'name: outer\n', 'models/o.sql': '',
      'models/inner/dbt_project.yml': 'name: inner\n', 'models/inner/models/i.sql': '',
      'other/dbt_project.yml': 'name: other\n', 'other/models/x.sql': '',
      'node_modules/p/dbt_project.yml': 'name: no\n', 'dbt_packages/q/dbt_project.yml': 'name: q\n',
      '.venv/lib/site-packages/dbt/include/dbt_project.yml': 'name: dbt\n',
    });
    assert.deepStrictEqual(ws.service.workspace.all().map((p) => p.name).sort(), ['inner', 'other', 'outer']);
    assert.deepStrictEqual(names(ws), ['model:o@outer']);
    assert.strictEqual(ws.service.workspace.projectFor('/ws/models/inner/models/i.sql')?.name, 'inner');
  });

  it('survives symbolic-link loops, links out of the project and unreadable folders', async () => {
    const warnings: string[] = [];
    const ws = await workspace({ 'dbt_project.yml': 'name: shop\n', 'models/a.sql': '' }, warnings);
    ws.fs.link('/ws/models/loop', '/ws/models');
    ws.fs.link('/ws/models/escape', '/etc');
    ws.fs.write('/etc/passwd.sql', 'secret');
    ws.fs.write('/ws/models/locked/b.sql', '');
    ws.fs.denied.add('/ws/models/locked');
    await ws.service.removeFolder('/ws');
    await ws.service.addFolder('/ws');
    assert.deepStrictEqual(names(ws), ['model:a@shop']);
    assert.deepStrictEqual(warnings.sort(), [
      "Cannot read folder /ws/models/locked: EACCES: permission denied, scandir '/ws/models/locked'",
      'Skipped /ws/models/escape: it links outside the project folder (/etc).',
      'Skipped /ws/models/loop: symbolic-link loop (already read as /ws/models).',
    ]);
  });

  it('loads a project whose dbt_project.yml appears after start-up', async () => {
    const ws = await workspace({ 'readme.txt': '' });
    ws.fs.write('/ws/new/dbt_project.yml', 'name: fresh\nvars:\n  cdp: nope\n');
    await ws.service.onFilesChanged([{ path: '/ws/new/dbt_project.yml', change: 'created' }]);
    assert.deepStrictEqual(ws.service.workspace.all().map((p) => p.name), ['fresh']);
    const doc = ws.doc('new/dbt_project.yml', 'name: fresh\nvars:\n  cdp: nope\n');
    assert.deepStrictEqual((await ws.service.doValidation(doc)).map(brief)[0], '[2,7,2,11] error unsupported-cdp: "nope" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.');
  });
});
