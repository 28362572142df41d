/** activate/deactivate only: the extension is a thin shell around the language server. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';
import { scaffoldWithPrompts } from './commands/scaffold';

let client: LanguageClient | undefined;

/** What activate() returns: the end-to-end suite reads how long activation took. */
export interface ExtensionApi {
  /** Milliseconds from activate() to the language server answering `initialize`. */
  activationMs: number;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi> {
  const started = Date.now();
  client = createLanguageClient(context);
  const running = client;
  context.subscriptions.push(vscode.commands.registerCommand('productWarehouse.scaffoldModels', (resource?: vscode.Uri) => scaffoldWithPrompts(running, resource)));
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`dbt Product Warehouse: the language server did not start: ${(e as Error).message}`);
  }
  return { activationMs: Date.now() - started };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
