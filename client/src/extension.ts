/** activate/deactivate only: the extension is a thin shell around the language server. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { ModelRequest } from '../../server/src/protocol';
import { scaffoldWithPrompts } from './commands/scaffold';
import { isModel, PreviewPanel } from './preview/previewPanel';
import { LineagePanel } from './lineage/lineagePanel';

let client: LanguageClient | undefined;

/** What activate() returns: the end-to-end suite reads how long activation took. */
export interface ExtensionApi {
  /** Milliseconds from activate() to the language server answering `initialize`. */
  activationMs: number;
  /** The SQL preview panel, when open (the suite compares its SQL with the renderer's). */
  preview(): PreviewPanel | undefined;
  /** The lineage / ERD panel, when open. */
  lineage(): LineagePanel | undefined;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  client = createLanguageClient(context);
  const running = client;
  context.subscriptions.push(
    vscode.commands.registerCommand('productWarehouse.scaffoldModels', (resource?: vscode.Uri) => scaffoldWithPrompts(running, resource)),
    vscode.commands.registerCommand('productWarehouse.openSqlPreview', async (resource?: vscode.Uri) => {
      const document = resource ? await vscode.workspace.openTextDocument(resource) : vscode.window.activeTextEditor?.document;
      if (document && !isModel(document)) {
        void vscode.window.showWarningMessage('SQL Preview: open a model (.sql) of a dbt project first.');
        return undefined;
      }
      return PreviewPanel.show(context, running, document);
    }),
    vscode.commands.registerCommand('productWarehouse.openLineage', async (resource?: vscode.Uri) => {
      const document = resource ? await vscode.workspace.openTextDocument(resource) : vscode.window.activeTextEditor?.document;
      return LineagePanel.show(context, running, document, 'lineage');
    }),
    vscode.commands.registerCommand('productWarehouse.openErd', async (resource?: vscode.Uri) => {
      const document = resource ? await vscode.workspace.openTextDocument(resource) : vscode.window.activeTextEditor?.document;
      return LineagePanel.show(context, running, document, 'erd');
    }),
    // The editor-title button shows only on models of a dbt project (the server knows which files are).
    vscode.window.onDidChangeActiveTextEditor((editor) => void setModelContext(running, editor)),
  );
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`dbt Product Warehouse: the language server did not start: ${(e as Error).message}`);
  }
  void setModelContext(running, vscode.window.activeTextEditor);
  return { activationMs: Date.now() - started, preview: () => PreviewPanel.active, lineage: () => LineagePanel.active };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}

async function setModelContext(client: LanguageClient, editor: vscode.TextEditor | undefined): Promise<void> {
  let isDbtModel = false;
  if (editor && isModel(editor.document) && client.isRunning()) {
    const info = await client.sendRequest<ModelRequest.Result>(ModelRequest.method, { uri: editor.document.uri.toString() }).catch(() => null);
    isDbtModel = info !== null;
  }
  void vscode.commands.executeCommand('setContext', 'productWarehouse.isDbtModel', isDbtModel);
}
