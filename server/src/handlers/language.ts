/** Completion, hover, definition and quick fixes: look up the document, call the core, return. */
import { CodeActionKind, Connection, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../core/service';

export function registerLanguageHandlers(connection: Connection, documents: TextDocuments<TextDocument>, service: LanguageService): void {
  const guarded = <P extends { textDocument: { uri: string } }, R>(name: string, empty: R, fn: (doc: TextDocument, params: P) => Promise<R>) =>
    async (params: P): Promise<R> => {
      const document = documents.get(params.textDocument.uri);
      if (!document) return empty;
      try {
        return await fn(document, params);
      } catch (e) {
        connection.console.error(`${name} failed for ${params.textDocument.uri}: ${(e as Error).stack ?? e}`);
        return empty;
      }
    };

  connection.onCompletion(guarded('Completion', null, (doc, params) => service.doComplete(doc, params.position)));
  connection.onHover(guarded('Hover', null, (doc, params) => service.doHover(doc, params.position)));
  connection.onDefinition(guarded('Definition', [], (doc, params) => service.findDefinition(doc, params.position)));
  connection.onCodeAction(guarded('Code action', [], (doc, params) => {
    const only = params.context.only;
    if (only && !only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return Promise.resolve([]);
    return service.getCodeActions(doc, params.context.diagnostics);
  }));
}
