/**
 * The lineage / ERD panel: one webview beside the editor. It follows the active model like the SQL preview,
 * asks the server again (debounced) when a file of the project is edited — a new `ref()` shows before it is saved —
 * or when the server has indexed file events, and opens a node's file when the webview asks for one of the ids it
 * was sent (the webview never names a path).
 */
import { randomBytes } from 'crypto';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { ErdRequest, FilesIndexedNotification, LineageMessages, LineageRequest } from '../../../server/src/protocol';
import { toMermaid } from '../../../server/src/core/lineage/mermaid';
import { lineageHtml } from './lineageHtml';

export const LINEAGE_DEBOUNCE_MS = 250;

export type DrawnReport = Extract<LineageMessages.FromWebview, { type: 'drawn' }>;

export class LineagePanel {
  private static current: LineagePanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private focusUri: vscode.Uri | undefined;
  /** The last file that had a node: a file without one (a macro) leaves the panel on this one. */
  private shownUri: vscode.Uri | undefined;
  private projectRoot: string | undefined;
  private state: LineageMessages.State = { view: 'lineage', status: 'empty', message: 'open a model, seed or snapshot', upstream: 2, downstream: 2 };
  private timer: NodeJS.Timeout | undefined;
  private generation = 0;
  private readonly changed = new vscode.EventEmitter<LineageMessages.State>();
  private readonly drawnEvents = new vscode.EventEmitter<DrawnReport>();
  /** Fires with every state sent to the webview, and with each drawing's timings (the e2e suite waits on them). */
  readonly onDidChangeState = this.changed.event;
  readonly onDidDraw = this.drawnEvents.event;
  lastDrawn: DrawnReport | undefined;

  static get active(): LineagePanel | undefined {
    return LineagePanel.current;
  }

  static async show(context: vscode.ExtensionContext, client: LanguageClient, document: vscode.TextDocument | undefined, view: LineageMessages.View): Promise<LineagePanel> {
    if (!LineagePanel.current) {
      const panel = vscode.window.createWebviewPanel('productWarehouse.lineage', 'Lineage', { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        retainContextWhenHidden: true,
        localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media'), vscode.Uri.joinPath(context.extensionUri, 'client', 'out')],
      });
      LineagePanel.current = new LineagePanel(panel, context, client);
    } else {
      LineagePanel.current.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    const current = LineagePanel.current;
    current.state = { ...current.state, view };
    if (document?.uri.scheme === 'file') current.focusUri = document.uri;
    if (document) current.projectRoot = vscode.workspace.getWorkspaceFolder(document.uri)?.uri.fsPath ?? current.projectRoot;
    await current.refresh();
    return current;
  }

  private constructor(readonly panel: vscode.WebviewPanel, private readonly context: vscode.ExtensionContext, private readonly client: LanguageClient) {
    panel.webview.html = this.html();
    panel.onDidDispose(() => this.dispose(), undefined, this.disposables);
    panel.webview.onDidReceiveMessage((m: LineageMessages.FromWebview) => void this.onMessage(m), undefined, this.disposables);
    // Which files are nodes is the server's knowledge: the panel asks for every file it lands on and keeps its graph
    // when the answer is "no node" (a macro, a YAML file).
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (!editor || editor.document.uri.scheme !== 'file') return;
      if (editor.document.uri.toString() === this.focusUri?.toString()) return;
      this.focusUri = editor.document.uri;
      void this.refresh(true);
    }, undefined, this.disposables);
    // Any file of the workspace edited: refs, vars and the ERD's YAML may have changed (a request costs ~1 ms).
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.document.uri.scheme === 'file' && event.contentChanges.length > 0) this.schedule();
    }, undefined, this.disposables);
    this.disposables.push(client.onNotification(FilesIndexedNotification.method, () => this.schedule()));
  }

  get current(): LineageMessages.State {
    return this.state;
  }

  /** Asks the server for the followed model's lineage (or the ERD) and shows it. `keepOnMiss`: a file that is no node leaves the graph as it was. */
  async refresh(keepOnMiss = false): Promise<LineageMessages.State> {
    const generation = ++this.generation;
    if (this.state.view === 'erd') {
      const params: ErdRequest.Params = this.focusUri ? { uri: this.focusUri.toString() } : { project: this.projectRoot };
      const result: ErdRequest.Result = await this.client.sendRequest(ErdRequest.method, params);
      if (generation !== this.generation) return this.state;
      this.post(result.ok
        ? { ...this.state, status: 'ready', erd: result.erd, project: path.basename(result.project), message: undefined }
        : { ...this.state, status: 'error', erd: undefined, message: result.message });
      return this.state;
    }
    if (!this.focusUri) {
      this.post({ ...this.state, status: 'empty', graph: undefined, message: 'open a model, seed or snapshot' });
      return this.state;
    }
    const result: LineageRequest.Result = await this.client.sendRequest(LineageRequest.method, {
      uri: this.focusUri.toString(), upstream: this.state.upstream, downstream: this.state.downstream,
    } satisfies LineageRequest.Params);
    if (generation !== this.generation) return this.state;
    if (!result.ok && keepOnMiss && this.state.graph) {
      this.focusUri = this.shownUri;
      return this.state;
    }
    if (result.ok) this.shownUri = this.focusUri;
    const focus = result.ok ? result.graph.nodes.find((n) => n.id === result.graph.focus)?.name : undefined;
    if (focus) this.panel.title = `Lineage: ${focus}`;
    this.post(result.ok
      ? { ...this.state, status: 'ready', graph: result.graph, project: path.basename(result.project), message: undefined }
      : { ...this.state, status: 'error', graph: undefined, message: result.message });
    return this.state;
  }

  async setLevels(upstream: number, downstream: number): Promise<LineageMessages.State> {
    this.state = { ...this.state, upstream, downstream };
    return this.refresh();
  }

  async setView(view: LineageMessages.View): Promise<LineageMessages.State> {
    this.state = { ...this.state, view };
    return this.refresh();
  }

  /** Opens the file of a node or entity of the state last sent; ids it did not send are ignored. */
  async open(id: string): Promise<vscode.TextEditor | undefined> {
    const node = this.state.graph?.nodes.find((n) => n.id === id);
    const entity = this.state.erd?.entities.find((e) => e.id === id);
    const file = node?.path ?? entity?.path;
    if (!file) return undefined;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.file(file));
    const position = document.positionAt(node?.offset ?? 0);
    return vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One, selection: new vscode.Range(position, position) });
  }

  mermaid(): string | undefined {
    return this.state.graph && toMermaid(this.state.graph);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(true), LINEAGE_DEBOUNCE_MS);
  }

  private async onMessage(message: LineageMessages.FromWebview): Promise<void> {
    switch (message.type) {
      case 'ready':
        this.post(this.state);
        return;
      case 'setView':
        await this.setView(message.view === 'erd' ? 'erd' : 'lineage');
        return;
      case 'setLevels':
        await this.setLevels(clampLevel(message.upstream), clampLevel(message.downstream));
        return;
      case 'open':
        await this.open(String(message.id));
        return;
      case 'copyMermaid': {
        const text = this.mermaid();
        if (!text) return;
        await vscode.env.clipboard.writeText(text);
        void vscode.window.showInformationMessage('Lineage copied as a Mermaid flowchart.');
        return;
      }
      case 'drawn':
        this.lastDrawn = message;
        this.drawnEvents.fire(message);
        return;
    }
  }

  private html(): string {
    const uri = (...parts: string[]) => this.panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...parts)).toString();
    return lineageHtml({ nonce: randomBytes(16).toString('base64'), cspSource: this.panel.webview.cspSource, scriptUri: uri('client', 'out', 'lineage.js'), styleUri: uri('media', 'lineage.css') });
  }

  private post(state: LineageMessages.State): void {
    this.state = state;
    this.changed.fire(state);
    void this.panel.webview.postMessage({ type: 'state', state } satisfies LineageMessages.ToWebview);
  }

  private dispose(): void {
    LineagePanel.current = undefined;
    clearTimeout(this.timer);
    this.changed.dispose();
    this.drawnEvents.dispose();
    this.disposables.forEach((d) => d.dispose());
  }
}

function clampLevel(value: unknown): number {
  const n = Number(value);
  return Number.isFinite(n) ? Math.max(0, Math.min(100, Math.floor(n))) : 2;
}
