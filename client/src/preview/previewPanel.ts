/**
 * The SQL preview panel: one webview beside the editor that follows the active model, re-renders through the
 * language server on every edit (debounced) and when dbt_project.yml changes, and keeps its adapter and
 * full/incremental choice. "Compile with dbt" runs only in a trusted workspace.
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { EngineStateNotification, FilesIndexedNotification, FormatSqlRequest, ModelRequest, PreviewMessages, RenderRequest } from '../../../server/src/protocol';
import { DbtCompile, findDbt } from './dbtCompile';
import { lineDiff } from './lineDiff';
import { columnsNote, previewHtml } from './previewHtml';

/** Edits within this window re-render once; the bound is 150 ms. */
export const RENDER_DEBOUNCE_MS = 120;

export class PreviewPanel {
  private static current: PreviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private document: vscode.TextDocument | undefined;
  /** What the server says of the followed model: its project, the adapters, the dbt compile to run. */
  private info: ModelRequest.Result = null;
  private adapter: string | undefined;
  private incremental = false;
  private state: PreviewMessages.State = { status: 'empty', adapter: 'duckdb', adapters: [], incremental: false, dbt: { running: false } };
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly compile = new DbtCompile();
  private readonly changed = new vscode.EventEmitter<PreviewMessages.State>();
  /** Fires with every state sent to the webview (the extension-host suite waits on it). */
  readonly onDidChangeState = this.changed.event;

  /** The panel of this window (the extension-host suite reads its state). */
  static get active(): PreviewPanel | undefined {
    return PreviewPanel.current;
  }

  static async show(context: vscode.ExtensionContext, client: LanguageClient, document: vscode.TextDocument | undefined): Promise<PreviewPanel> {
    if (!PreviewPanel.current) {
      const panel = vscode.window.createWebviewPanel('productWarehouse.sqlPreview', 'SQL Preview', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
      });
      PreviewPanel.current = new PreviewPanel(panel, context, client);
    } else {
      PreviewPanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    if (document) await PreviewPanel.current.follow(document, true);
    return PreviewPanel.current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: PreviewMessages.FromWebview) => this.onMessage(m), undefined, this.disposables);
    vscode.window.onDidChangeActiveTextEditor((editor) => editor && isModel(editor.document) && void this.follow(editor.document), undefined, this.disposables);
    // The model, or YAML of its project (vars, folder config in dbt_project.yml), edited: render again.
    vscode.workspace.onDidChangeTextDocument((event) => {
      const doc = event.document;
      const inProject = this.info !== null && doc.languageId === 'yaml' && !path.relative(this.info.project, doc.fileName).startsWith('..');
      if (doc === this.document || inProject) this.scheduleRender();
    }, undefined, this.disposables);
    vscode.workspace.onDidGrantWorkspaceTrust(() => void this.updateDbtAvailability(), undefined, this.disposables);
    // New or changed models, macros and sources reach the server as file events; it says when it has them.
    this.disposables.push(client.onNotification(FilesIndexedNotification.method, () => this.scheduleRender()));
    // The engine starts on the first render of a session (a few seconds): the panel says so while it waits.
    this.disposables.push(client.onNotification(EngineStateNotification.method, (params: EngineStateNotification.Params) => {
      if (params.state === 'starting' && this.state.status !== 'rendered') this.post({ ...this.state, status: 'starting' });
    }));
  }

  /** The state last sent to the webview. */
  get current(): PreviewMessages.State {
    return this.state;
  }

  /** Follows a model of a dbt project; other files are ignored unless `force` (the command shows why they fail). */
  async follow(document: vscode.TextDocument, force = false): Promise<void> {
    if (this.document === document) return;
    const info: ModelRequest.Result = await this.client.sendRequest(ModelRequest.method, { uri: document.uri.toString() } satisfies ModelRequest.Params);
    if (!info && !force) return;
    this.document = document;
    this.info = info;
    this.compile.cancel();
    this.state = { ...this.state, model: path.basename(document.fileName, '.sql'), adapters: info?.adapters ?? this.state.adapters, sql: undefined, error: undefined, dbt: { running: false } };
    this.panel.title = `SQL Preview: ${path.basename(document.fileName)}`;
    void this.updateDbtAvailability();
    void this.render();
  }

  /** Resolves when the render started now (or by an edit) has been shown. */
  async render(): Promise<PreviewMessages.State> {
    if (!this.document) return this.state;
    const generation = ++this.generation;
    this.post({ ...this.state, status: this.state.sql ? 'stale' : 'rendering' });
    const outcome: RenderRequest.Result = await this.client.sendRequest(RenderRequest.method, {
      uri: this.document.uri.toString(), adapter: this.adapter, incremental: this.incremental,
    } satisfies RenderRequest.Params);
    if (generation !== this.generation) return this.state;
    this.adapter = outcome.adapter ?? this.adapter;
    const base = { ...this.state, adapter: outcome.adapter ?? this.state.adapter, incremental: this.incremental, model: outcome.model };
    this.post(outcome.ok
      ? { ...base, status: 'rendered', sql: outcome.sql, relation: outcome.relation, target: outcome.target, placeholders: outcome.placeholders, columnsNote: columnsNote(outcome.columnsFrom && { ...outcome.columnsFrom, file: vscode.workspace.asRelativePath(outcome.columnsFrom.file) }), config: outcome.config, formatError: outcome.formatError, error: undefined }
      : { ...base, status: 'error', columnsNote: undefined, error: { message: outcome.message, file: outcome.file && vscode.workspace.asRelativePath(outcome.file), line: outcome.line } });
    return this.state;
  }

  /** The adapter picker. */
  async setAdapter(adapter: string): Promise<PreviewMessages.State> {
    this.adapter = adapter;
    this.state = { ...this.state, dbt: { ...this.state.dbt, compiled: undefined, diff: undefined, error: undefined } };
    return this.render();
  }

  /** The full refresh / incremental run toggle. */
  async setIncremental(incremental: boolean): Promise<PreviewMessages.State> {
    this.incremental = incremental;
    return this.render();
  }

  private scheduleRender(): void {
    if (!this.document) return;
    if (this.state.status === 'rendered') this.post({ ...this.state, status: 'stale' });
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.render(), RENDER_DEBOUNCE_MS);
  }

  private async onMessage(message: PreviewMessages.FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(this.state);
        return;
      case 'setAdapter':
        await this.setAdapter(message.adapter);
        return;
      case 'setIncremental':
        await this.setIncremental(message.incremental);
        return;
      case 'copy':
        if (this.state.sql) await vscode.env.clipboard.writeText(this.state.sql);
        return;
      case 'compileWithDbt':
        await this.compileWithDbt();
        return;
      case 'cancelDbt':
        this.compile.cancel();
        return;
    }
  }

  private async updateDbtAvailability(): Promise<void> {
    const found = this.document && this.info && (await findDbt(this.document.uri, this.info.project));
    const unavailable = !vscode.workspace.isTrusted
      ? 'The workspace is not trusted: dbt is never run in an untrusted workspace (Manage Workspace Trust to enable).'
      : !found ? 'No dbt executable found: set productWarehouse.dbtPath, or create a .venv with dbt in the project.' : undefined;
    this.post({ ...this.state, dbt: { ...this.state.dbt, unavailable } });
  }

  /** "Compile with dbt": resolves with the state that shows dbt's SQL, its diff or its error. */
  async compileWithDbt(): Promise<PreviewMessages.State> {
    const { document, info } = this;
    if (!document || !info || !vscode.workspace.isTrusted) return this.state;
    const dbt = await findDbt(document.uri, info.project);
    if (!dbt) {
      await this.updateDbtAvailability();
      return this.state;
    }
    this.post({ ...this.state, dbt: { running: true } });
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `dbt ${info.compile.args.slice(0, 3).join(' ')}`, cancellable: true },
      (_progress, token) => this.compile.run(dbt, info, token),
    );
    if (result.status === 'superseded') return this.state;
    if (result.status !== 'compiled') {
      this.post({ ...this.state, dbt: { running: false, error: result.message } });
      return this.state;
    }
    const formatted: FormatSqlRequest.Result = await this.client.sendRequest(FormatSqlRequest.method, { sql: result.sql, adapter: this.state.adapter });
    const diff = lineDiff(this.state.sql ?? '', formatted.sql);
    this.post({ ...this.state, dbt: { running: false, compiled: formatted.sql, diff } });
    return this.state;
  }

  private html(): string {
    const media = (file: string) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, 'media', file)).toString();
    return previewHtml({ nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, scriptUri: media('preview.js'), styleUri: media('preview.css'), state: this.state });
  }

  private post(state: PreviewMessages.State): void {
    this.state = state;
    this.changed.fire(state);
    void this.panel.webview.postMessage({ type: 'state', state } satisfies PreviewMessages.ToWebview);
  }

  private dispose(): void {
    PreviewPanel.current = undefined;
    clearTimeout(this.timer);
    this.compile.cancel();
    this.changed.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

export function isModel(document: vscode.TextDocument): boolean {
  return document.uri.scheme === 'file' && document.fileName.endsWith('.sql');
}
