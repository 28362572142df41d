import * as assert from 'assert';
import * as vscode from 'vscode';
import { metrics } from './index';
import type { PreviewPanel } from '../../../client/src/preview/previewPanel';
import type { LineageMessages, PreviewMessages } from '../../../server/src/protocol';
import type { LineagePanel } from '../../../client/src/lineage/lineagePanel';
import { getLanguageService } from '../../../server/src/core/service';
import { testEngine } from '../../helpers/engine';
import { nodeFileSystem } from '../../../server/src/nodeFileSystem';
import { profilesDirs } from '../../../server/src/nodeEnv';

/** Resolves with a panel's state once `ready` accepts it (waits on the panel's events, never sleeps). */
function panelWhen<S>(panel: { current: S; onDidChangeState: vscode.Event<S> }, ready: (s: S) => boolean, describe: (s: S) => unknown, timeoutMs = 30_000): Promise<S> {
  if (ready(panel.current)) return Promise.resolve(panel.current);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`the panel never reached the state; last: ${JSON.stringify(describe(panel.current))}`));
    }, timeoutMs);
    const listener = panel.onDidChangeState((s) => {
      if (!ready(s)) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(s);
    });
  });
}

function stateWhen(panel: PreviewPanel, ready: (s: PreviewMessages.State) => boolean): Promise<PreviewMessages.State> {
  return panelWhen(panel, ready, (s) => ({ ...s, sql: s.sql?.slice(0, 200) }));
}

function lineageWhen(panel: LineagePanel, ready: (s: LineageMessages.State) => boolean): Promise<LineageMessages.State> {
  return panelWhen(panel, ready, (s) => ({ ...s, graph: s.graph?.nodes.map((n) => n.id), erd: undefined }));
}

const EXTENSION_ID = 'dbt-product-warehouse.dbt-product-warehouse';

function projectFile(): vscode.Uri {
  return vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'dbt_project.yml');
}

/** Resolves with the file's diagnostics of our source once `ready` accepts them; waits on events, never sleeps. */
function diagnosticsWhen(uri: vscode.Uri, ready: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'dbt-product-warehouse');
  if (ready(ours())) return Promise.resolve(ours());
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      listener.dispose();
      reject(new Error(`diagnostics never matched; last: ${JSON.stringify(ours().map((d) => [d.code, d.message]))}`));
    }, timeoutMs);
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString()) || !ready(ours())) return;
      clearTimeout(timer);
      listener.dispose();
      resolve(ours());
    });
  });
}

async function replaceInDocument(document: vscode.TextDocument, from: string, to: string): Promise<void> {
  const offset = document.getText().indexOf(from);
  assert.ok(offset >= 0, `"${from}" not in ${document.uri.fsPath}`);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(offset), document.positionAt(offset + from.length)), to);
  assert.ok(await vscode.workspace.applyEdit(edit));
}

function savedOnce(doc: vscode.TextDocument, timeoutMs = 20_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${doc.uri.fsPath} was never saved`)), timeoutMs);
    const listener = vscode.workspace.onDidSaveTextDocument((d) => {
      if (d.uri.toString() !== doc.uri.toString()) return;
      clearTimeout(timer);
      listener.dispose();
      resolve();
    });
  });
}

const range = (r: vscode.Range) => [r.start.line, r.start.character, r.end.line, r.end.character];

describe('dbt Product Warehouse in a real VS Code', () => {
  let document: vscode.TextDocument;

  before(async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed`);
    const api = (await extension.activate()) as { activationMs: number };
    metrics.activationMs = api.activationMs;
    document = await vscode.workspace.openTextDocument(projectFile());
    await vscode.window.showTextDocument(document);
  });

  it('shows a broken var\'s diagnostic with its exact range, and clears it after the quick fix', async () => {
    await diagnosticsWhen(document.uri, (d) => d.length === 0);
    await replaceInDocument(document, 'cdp: segment', 'cdp: segmnt');
    const [diagnostic] = await diagnosticsWhen(document.uri, (d) => d.some((x) => x.code === 'unsupported-cdp'));
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('  cdp: segmnt'));
    assert.deepStrictEqual(range(diagnostic.range), [line, 7, line, 13]);
    assert.strictEqual(diagnostic.message, '"segmnt" is not a supported CDP; supported: segment, rudderstack, snowplow, amplitude, posthog, mixpanel.');
    assert.strictEqual(diagnostic.severity, vscode.DiagnosticSeverity.Error);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', document.uri, diagnostic.range);
    const fix = actions.find((a) => a.title === "Replace with 'segment'");
    assert.ok(fix?.edit, `no quick fix among ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.strictEqual(document.lineAt(line).text, '  cdp: segment');
    await diagnosticsWhen(document.uri, (d) => d.length === 0);
  });

  it('lists the CDP\'s models first when completing a model var', async () => {
    await replaceInDocument(document, '  cdp: segment\n', '  cdp: segment\n  cdp-events-model: segm\n');
    const line = document.getText().split('\n').findIndex((l) => l.startsWith('  cdp-events-model: segm'));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, new vscode.Position(line, 24));
    const labels = list.items
      .filter((i) => (typeof i.label === 'string' ? i.label : i.label.label).startsWith('segment_web'))
      .sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepStrictEqual(labels.slice(0, 3), ['segment_web_page_views', 'segment_web_page_views__sessionized', 'segment_web_sessions']);
  });

  it('scaffolds the models with explicit arguments (the LSP command), and a second run changes nothing', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    type Result = { status: string; created: string[]; updated: string[]; identical: number };
    const first = await vscode.commands.executeCommand<Result>('productWarehouse.scaffold', { project: root.fsPath, adapter: 'duckdb' });
    assert.strictEqual(first.status, 'applied');
    assert.strictEqual(first.created.length, 28);
    // VS Code puts the new files' text in editors; the Scaffold command saves them, this test does it here.
    const states: string[] = [];
    for (const file of first.created) {
      await vscode.workspace.fs.stat(vscode.Uri.file(file));
      const doc = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
      states.push(`${file.split('/').pop()}:${doc.isDirty ? 'dirty' : 'clean'}:${doc.getText().length > 0}`);
      // VS Code may already be saving it (files.refactoring.autoSave): then wait for that save to land.
      if (doc.isDirty && !(await doc.save()) && doc.isDirty) await savedOnce(doc);
    }
    const users = vscode.Uri.joinPath(root, 'models/warehouse/w_product/wh_product_users_dim.sql');
    const onDisk = new TextDecoder().decode(await vscode.workspace.fs.readFile(users));
    assert.ok(onDisk.includes('as segment_blended_user_id'), `users model on disk has ${onDisk.length} characters; documents: ${states.join(', ')}`);
    const second = await vscode.commands.executeCommand<Result>('productWarehouse.scaffold', { project: root.fsPath, adapter: 'duckdb' });
    assert.deepStrictEqual([second.status, second.created, second.identical], ['nothing-to-do', [], 28]);
  });

  it('opens the SQL preview beside the users model; its SQL is the core renderer\'s and follows edits and toggles', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const users = vscode.Uri.joinPath(root, 'models/warehouse/w_product/wh_product_users_dim.sql');
    const sessions = vscode.Uri.joinPath(root, 'models/warehouse/w_product/wh_product_sessions_fact.sql');
    const editor = await vscode.window.showTextDocument(users);
    const panel = await vscode.commands.executeCommand<PreviewPanel>('productWarehouse.openSqlPreview');
    assert.ok(panel, 'the command returns the panel');
    let state = await stateWhen(panel, (s) => s.status === 'rendered' && s.model === 'wh_product_users_dim');
    const service = getLanguageService({ fs: nodeFileSystem, profilesDirs: profilesDirs(), env: process.env, engine: testEngine() });
    const core = await service.render(users.fsPath, { adapter: 'duckdb' });
    assert.ok(core.ok, JSON.stringify(core));
    assert.deepStrictEqual([state.adapter, state.sql, state.relation, state.config], [
      core.adapter, core.sql, core.relation,
      // The users dimension is incremental; its post-hook drops the users whose events all went away, its pre-hook
      // sets what the adapter's session needs (PostgreSQL: no JIT in incremental runs).
      { materialized: 'incremental', 'pre-hook': ['{{ product_warehouse_session_settings() }}'], incremental_strategy: 'delete+insert', unique_key: 'product_user_pk', product_warehouse_replace_keys: true, on_schema_change: 'fail', 'post-hook': ['{{ product_warehouse_drop_departed_users() }}'] },
    ]);

    // An unsaved edit re-renders (debounced) from the editor's text.
    await editor.edit((b) => b.insert(new vscode.Position(0, 0), '-- edited in the editor\n'));
    state = await stateWhen(panel, (s) => s.status === 'rendered' && (s.sql ?? '').startsWith('-- edited in the editor'));
    // Undo (not revert) leaves the scaffold's own undo step on top, for the last test.
    await vscode.commands.executeCommand('undo');
    assert.strictEqual(editor.document.isDirty, false);

    // The panel follows the active model; the toggles re-render it.
    await vscode.window.showTextDocument(sessions);
    state = await stateWhen(panel, (s) => s.status === 'rendered' && s.model === 'wh_product_sessions_fact');
    assert.ok(!state.sql!.includes('session_key in ('), 'full refresh: no incremental filter');
    state = await panel.setIncremental(true);
    assert.deepStrictEqual([state.status, state.incremental, state.config?.materialized], ['rendered', true, 'incremental']);
    assert.ok(state.sql!.includes('session_key in ('), 'incremental run: the affected keys filter');
    state = await panel.setAdapter('postgres');
    assert.deepStrictEqual([state.adapter, state.relation], ['postgres', '"postgres"."analytics"."wh_product_sessions_fact"']);
    const pg = await service.render(sessions.fsPath, { adapter: 'postgres', incremental: true });
    assert.strictEqual(state.sql, pg.ok ? pg.sql : pg.message);
  });

  it('compiles the events fact with the project\'s dbt (its .venv) and finds the same SQL as the preview', async function () {
    this.timeout(180_000);
    const root = vscode.workspace.workspaceFolders![0].uri;
    // The events fact uses dbt.hash and dbt.dateadd; with no table built yet, dbt compiles it as a full refresh.
    const events = vscode.Uri.joinPath(root, 'models/warehouse/w_product/wh_product_events_fact.sql');
    await vscode.window.showTextDocument(events);
    const panel = await vscode.commands.executeCommand<PreviewPanel>('productWarehouse.openSqlPreview');
    await panel.setAdapter('duckdb');
    await panel.setIncremental(false);
    const rendered = await stateWhen(panel, (s) => s.status === 'rendered' && s.model === 'wh_product_events_fact' && s.adapter === 'duckdb' && !s.incremental);
    assert.strictEqual(rendered.dbt.unavailable, undefined, 'dbt is found in the workspace .venv (the launcher links the repository\'s)');
    const state = await panel.compileWithDbt();
    assert.deepStrictEqual([state.dbt.error, state.dbt.diff, state.dbt.running], [undefined, '', false]);
    assert.strictEqual(state.dbt.compiled, rendered.sql);
  });

  it('opens the lineage beside the users model: the server\'s graph, drawn; live on unsaved edits; a node opens its file', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const folder = vscode.Uri.joinPath(root, 'models/warehouse/w_product');
    const users = vscode.Uri.joinPath(folder, 'wh_product_users_dim.sql');
    await vscode.window.showTextDocument(users);
    const panel = await vscode.commands.executeCommand<LineagePanel>('productWarehouse.openLineage');
    const isUsers = (s: LineageMessages.State) => s.status === 'ready' && s.graph?.focus === 'model.shop_analytics.wh_product_users_dim';
    let state = await lineageWhen(panel, isUsers);
    const service = getLanguageService({ fs: nodeFileSystem });
    await service.addFolder(root.fsPath);
    const core = await service.lineage({ file: users.fsPath, upstream: 2, downstream: 2 });
    assert.ok(core.ok);
    assert.deepStrictEqual(state.graph, core.graph);
    assert.deepStrictEqual(state.graph!.nodes.filter((n) => n.depth === -1).map((n) => n.name), ['int_product_warehouse__identity', 'wh_product_events_fact', 'wh_product_sessions_fact']);
    // The webview drew every node (it reports what it drew).
    const drawn = panel.lastDrawn?.nodes === state.graph!.nodes.length ? panel.lastDrawn : await new Promise<NonNullable<typeof panel.lastDrawn>>((resolve) => panel.onDidDraw((d) => d.nodes === state.graph!.nodes.length && resolve(d)));
    assert.deepStrictEqual([drawn.nodes, drawn.edges, drawn.engine], [state.graph!.nodes.length, state.graph!.edges.length, 'layered']);

    // A ref() typed (unsaved) in another model shows as a new child; taking it out removes it. The model is a new
    // file, not a scaffolded one: edits to those would stand between the scaffold and its undo (the last test).
    const scratch = vscode.Uri.joinPath(root, 'models/lineage_scratch.sql');
    await vscode.workspace.fs.writeFile(scratch, new TextEncoder().encode('select 1 as x\n'));
    const document = await vscode.workspace.openTextDocument(scratch);
    const edit = new vscode.WorkspaceEdit();
    edit.insert(scratch, new vscode.Position(0, 0), "-- {{ ref('wh_product_users_dim') }}\n");
    await vscode.workspace.applyEdit(edit);
    state = await lineageWhen(panel, (s) => isUsers(s) && s.graph!.nodes.some((n) => n.name === 'lineage_scratch' && n.depth === 1));
    const takeOut = new vscode.WorkspaceEdit();
    takeOut.delete(scratch, new vscode.Range(0, 0, 1, 0));
    await vscode.workspace.applyEdit(takeOut);
    state = await lineageWhen(panel, (s) => isUsers(s) && !s.graph!.nodes.some((n) => n.name === 'lineage_scratch'));
    if (document.isDirty) await document.save();
    await vscode.workspace.fs.delete(scratch);

    // Opening a parent lands in its file, and the panel follows it there.
    const editor = await panel.open('model.shop_analytics.int_product_warehouse__identity');
    assert.strictEqual(editor?.document.uri.fsPath, vscode.Uri.joinPath(folder, 'staging/int_product_warehouse__identity.sql').fsPath);
    state = await lineageWhen(panel, (s) => s.status === 'ready' && s.graph?.focus === 'model.shop_analytics.int_product_warehouse__identity');
    // Ids the panel did not send open nothing.
    assert.strictEqual(await panel.open('model.elsewhere.x'), undefined);

    // The ERD view: the scaffolded models with their keys and relationships.
    state = await panel.setView('erd');
    assert.deepStrictEqual([state.status, state.erd?.entities.length, state.erd?.relations.length], ['ready', 7, 6]);
    await panel.setView('lineage');
    panel.panel.dispose();
  });

  it('one undo in a scaffolded model removes every file the scaffold created', async () => {
    const root = vscode.workspace.workspaceFolders![0].uri;
    const folder = vscode.Uri.joinPath(root, 'models/warehouse/w_product');
    const created = ['wh_product_users_dim.sql', 'wh_product_events_fact.sql', 'wh_product_sessions_fact.sql', 'wh_product_users_dim.yml', 'staging/int_product_warehouse__identity.sql'];
    const pending = new Set(created.map((f) => vscode.Uri.joinPath(folder, f).toString()));
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, '**/*'));
    const gone = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not removed by the undo: ${[...pending].join(', ')}`)), 30_000);
      watcher.onDidDelete((uri) => {
        pending.delete(uri.toString());
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    try {
      await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'wh_product_sessions_fact.sql'));
      await vscode.commands.executeCommand('undo');
      await gone;
    } finally {
      watcher.dispose();
    }
    const left = await vscode.workspace.fs.readDirectory(folder).then((entries) => entries.filter(([, type]) => type === vscode.FileType.File), () => []);
    assert.deepStrictEqual(left, []);
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
});
