/**
 * Diagnostics for dbt_project.yml and packages.yml. Pull (textDocument/diagnostic) when the client supports
 * it, as VS Code does; push (publishDiagnostics) otherwise, never both.
 */
import { Connection, DocumentDiagnosticReportKind, TextDocuments } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fileKind, LanguageService, toPath } from '../core/service';

export class DiagnosticsHandler {
  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly service: LanguageService,
    private readonly pull: boolean,
  ) {}

  register(): void {
    if (this.pull) {
      this.connection.languages.diagnostics.on(async (params) => {
        const document = this.documents.get(params.textDocument.uri);
        return { kind: DocumentDiagnosticReportKind.Full, items: document ? await this.validate(document) : [] };
      });
    } else {
      this.documents.onDidChangeContent((e) => void this.publish(e.document));
      this.documents.onDidClose((e) => void this.connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
    }
  }

  private async validate(document: TextDocument) {
    try {
      return await this.service.doValidation(document);
    } catch (e) {
      // An exception must not leave stale problems on screen: log it and clear them.
      this.connection.console.error(`Validation of ${document.uri} failed: ${(e as Error).stack ?? e}`);
      return [];
    }
  }

  private async publish(document: TextDocument): Promise<void> {
    if (!relevant(document)) return;
    const version = document.version;
    const diagnostics = await this.validate(document);
    // A newer edit has its own validation on the way.
    if (this.documents.get(document.uri)?.version !== version) return;
    await this.connection.sendDiagnostics({ uri: document.uri, version, diagnostics });
  }

  /** The index or another file changed: every open file's diagnostics may have. */
  refresh(): void {
    if (this.pull) void this.connection.languages.diagnostics.refresh();
    else for (const document of this.documents.all()) void this.publish(document);
  }
}

function relevant(document: TextDocument): boolean {
  const kind = fileKind(toPath(document.uri));
  return kind === 'project' || kind === 'packages';
}
