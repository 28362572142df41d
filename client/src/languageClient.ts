/** Starts the language server over IPC and says so when it cannot start. */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { DOCUMENT_SELECTOR, LANGUAGE_SERVER_ID, LANGUAGE_SERVER_NAME, ScaffoldCommand, SERVER_NODE_FLAGS } from '../../server/src/protocol';

export function createLanguageClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('server', 'out', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS] } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_NODE_FLAGS, '--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR.map((s) => ({ ...s })),
    // The server registers its own file watchers (dynamic registration), so every LSP client gets the same.
    middleware: {
      // The quick fix "Scaffold the product warehouse…" asks for prompts: VS Code users get the Scaffold command's.
      executeCommand: (command, args, next) => {
        const first = args[0] as ScaffoldCommand.Arguments | undefined;
        if (command === ScaffoldCommand.id && first?.prompt) return vscode.commands.executeCommand('productWarehouse.scaffoldModels', vscode.Uri.file(first.project));
        return next(command, args);
      },
    },
  };
  return new LanguageClient(LANGUAGE_SERVER_ID, LANGUAGE_SERVER_NAME, serverOptions, clientOptions);
}
