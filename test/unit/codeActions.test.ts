import * as assert from 'assert';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, TextDocumentEdit, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, workspace } from '../helpers/setup';
import { SCAFFOLD_COMMAND_ID } from '../../server/src/core/vars/codeActions';
import { ScaffoldCommand } from '../../server/src/protocol';

async function fixes(files: Record<string, string>, file: string) {
  const ws = await workspace(files);
  const doc = ws.doc(file);
  const diagnostics = await ws.service.doValidation(doc);
  return { ws, doc, actions: await ws.service.getCodeActions(doc, diagnostics) };
}

function applied(action: CodeAction, uri: string, text: string): string {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits, `${action.title} does not edit ${uri}`);
  return applyEdits(text, edits as TextEdit[]);
}

describe('quick fixes', () => {
  it('replaces an unknown name with the suggestion, inside the quotes', async () => {
    const yml = 'name: shop\nvars:\n  cdp: "segmnt" # our CDP\n';
    const { doc, actions } = await fixes({ 'dbt_project.yml': yml }, 'dbt_project.yml');
    assert.deepStrictEqual(actions.map((a) => a.title), ["Replace with 'segment'", 'Add missing product-warehouse vars with their defaults']);
    assert.strictEqual(applied(actions[0], doc.uri, yml), 'name: shop\nvars:\n  cdp: "segment" # our CDP\n');
  });

  it('adds the missing vars after the existing ones, keeping comments and CRLF line endings', async () => {
    const yml = 'name: shop\r\nvars:\r\n  # which CDP\r\n  cdp: segment  # keep me\r\n\r\nmodels:\r\n  shop:\r\n    +materialized: view\r\n';
    const { doc, actions } = await fixes({ 'dbt_project.yml': yml }, 'dbt_project.yml');
    assert.strictEqual(applied(actions[0], doc.uri, yml),
      'name: shop\r\nvars:\r\n  # which CDP\r\n  cdp: segment  # keep me\r\n  cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\r\n  cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\r\n  cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"\r\n\r\nmodels:\r\n  shop:\r\n    +materialized: view\r\n');
  });

  it('adds missing vars into a flow map and into a package scope', async () => {
    const flow = 'name: shop\nvars: {cdp: segment}\n';
    const a = await fixes({ 'dbt_project.yml': flow }, 'dbt_project.yml');
    assert.strictEqual(applied(a.actions[0], a.doc.uri, flow), 'name: shop\nvars: {cdp: segment, cdp-pages-table: "{{ source(\'segment\', \'pages\') }}", cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}", cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"}\n');
    const scoped = 'name: shop\nvars:\n  other_pkg:\n    x: 1\n  shop:\n    cdp: segment\n';
    const b = await fixes({ 'dbt_project.yml': scoped }, 'dbt_project.yml');
    assert.strictEqual(applied(b.actions[0], b.doc.uri, scoped), 'name: shop\nvars:\n  other_pkg:\n    x: 1\n  shop:\n    cdp: segment\n    cdp-pages-table: "{{ source(\'segment\', \'pages\') }}"\n    cdp-tracks-table: "{{ source(\'segment\', \'tracks\') }}"\n    cdp-identifies-table: "{{ source(\'segment\', \'identifies\') }}"\n');
  });

  it('adds the missing package to an existing packages.yml, after its last entry', async () => {
    const packages = 'packages:\n  # utilities\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0 # pinned\n';
    const yml = 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: package\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: segment_web_sessions\n';
    const { ws, actions } = await fixes({ 'dbt_project.yml': yml, 'packages.yml': packages }, 'packages.yml');
    assert.deepStrictEqual(actions.map((a) => a.title), ['Add dbt-labs/segment to packages.yml']);
    assert.strictEqual(applied(actions[0], ws.doc('packages.yml').uri, packages),
      'packages:\n  # utilities\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0 # pinned\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n');
    const empty = 'packages: []\n';
    const e = await fixes({ 'dbt_project.yml': yml, 'packages.yml': empty }, 'packages.yml');
    assert.strictEqual(applied(e.actions[0], e.ws.doc('packages.yml').uri, empty), 'packages:\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n');
  });

  it('creates packages.yml from the dbt_project.yml diagnostic when there is none', async () => {
    const yml = 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: package\n  cdp-events-model: segment_web_page_views\n  cdp-sessions-model: my_sessions\n';
    const { actions } = await fixes({ 'dbt_project.yml': yml, 'models/my_sessions.sql': 'select 1' }, 'dbt_project.yml');
    assert.deepStrictEqual(actions.map((a) => a.title), ['Add dbt-labs/segment to packages.yml', 'Scaffold the product warehouse models into this project…', "Add segment_page_views_table: {{ source('segment', 'pages') }}"]);
    const [create, edit] = actions[0].edit!.documentChanges!;
    assert.deepStrictEqual(create, { kind: 'create', uri: 'file:///ws/packages.yml', options: { ignoreIfExists: true } });
    const text = TextDocument.applyEdits(TextDocument.create('file:///ws/packages.yml', 'yaml', 0, ''), (edit as TextDocumentEdit).edits as TextEdit[]);
    assert.strictEqual(text, 'packages:\n  - package: dbt-labs/segment\n    version: [">=0.9.0", "<0.10.0"]\n');
  });

  it('sets the segment package\'s own page-views var at the top level of vars, where the package reads it', async () => {
    const yml = 'name: shop\nvars:\n  shop:\n    cdp: segment\n    product-warehouse-mode: package\n    cdp-events-model: segment_web_page_views\n    cdp-sessions-model: segment_web_sessions\n';
    const { doc, actions } = await fixes({ 'dbt_project.yml': yml, 'packages.yml': 'packages:\n  - package: dbt-labs/segment\n    version: 0.9.0\n' }, 'dbt_project.yml');
    const add = actions.find((a) => a.title.startsWith('Add segment_page_views_table'))!;
    assert.deepStrictEqual(add.diagnostics!.map((d) => [d.code, d.range]), [['package-var-missing', { start: { line: 4, character: 28 }, end: { line: 4, character: 35 } }]]);
    assert.strictEqual(applied(add, doc.uri, yml),
      'name: shop\nvars:\n  shop:\n    cdp: segment\n    product-warehouse-mode: package\n    cdp-events-model: segment_web_page_views\n    cdp-sessions-model: segment_web_sessions\n  segment_page_views_table: "{{ source(\'segment\', \'pages\') }}"\n');
  });

  it('offers to scaffold the product warehouse from a var that points at a missing model', async () => {
    const yml = 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: my_events\n  cdp-sessions-model: my_sessions\n';
    const { actions } = await fixes({ 'dbt_project.yml': yml, 'models/my_sessions.sql': 'select 1' }, 'dbt_project.yml');
    const scaffold = actions.find((a) => a.command);
    assert.deepStrictEqual(scaffold, {
      title: 'Scaffold the product warehouse models into this project…', kind: 'quickfix', diagnostics: scaffold!.diagnostics,
      command: { title: 'Scaffold the product warehouse models into this project…', command: ScaffoldCommand.id, arguments: [{ project: '/ws', prompt: true }] },
    });
    assert.deepStrictEqual(scaffold!.diagnostics!.map((d) => [d.code, d.range.start.line]), [['unknown-model', 3]]);
    assert.strictEqual(SCAFFOLD_COMMAND_ID, ScaffoldCommand.id);
  });

  it('renames a mistyped var key', async () => {
    const yml = 'name: shop\nvars:\n  cdp: segment\n  cdp_events_model: x\n  cdp-sessions-model: y\n';
    const { doc, actions } = await fixes({ 'dbt_project.yml': yml, 'models/x.sql': '', 'models/y.sql': '', 'packages.yml': 'packages: []\n' }, 'dbt_project.yml');
    const rename = actions.find((a) => a.title === "Replace with 'cdp-events-model'")!;
    assert.strictEqual(applied(rename, doc.uri, yml), 'name: shop\nvars:\n  cdp: segment\n  cdp-events-model: x\n  cdp-sessions-model: y\n');
  });
});
