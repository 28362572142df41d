/** activate/deactivate only: the extension is a thin shell around the language server. */
import * as vscode from 'vscode';
import { LanguageClient } from 'vscode-languageclient/node';
import { createLanguageClient } from './languageClient';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  client = createLanguageClient(context);
  try {
    await client.start();
  } catch (e) {
    void vscode.window.showErrorMessage(`dbt Product Warehouse: the language server did not start: ${(e as Error).message}`);
  }
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
