/** The language server: connection and wiring only (stdio for any editor, IPC for VS Code). */
import { createConnection, InitializeResult, ProposedFeatures, TextDocuments, TextDocumentSyncKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { getLanguageService, toPath } from './core/service';
import { DiagnosticsHandler } from './handlers/diagnostics';
import { registerLanguageHandlers } from './handlers/language';
import { WorkspaceHandler } from './handlers/workspace';
import { nodeFileSystem } from './nodeFileSystem';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { EngineStateNotification, LANGUAGE_SERVER_NAME, ScaffoldCommand } from './protocol';
import { bundledEngine } from './engine/previewEngine';
import { FORMAT_SECONDS, FormatHost, REQUEST_SECONDS } from './format/formatHost';
import { registerScaffoldHandlers } from './handlers/scaffold';
import { registerRenderHandlers } from './handlers/render';
import { registerLineageHandlers } from './handlers/lineage';
import { profilesDirs, templatesDir } from './nodeEnv';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);
// The preview's engine starts on the first render, in a worker: the client hears when it starts and is ready.
const engine = bundledEngine(__dirname, (state, detail) => {
  void connection.sendNotification(EngineStateNotification.method, { state, detail } satisfies EngineStateNotification.Params);
});
// sql-formatter runs in its own worker with a deadline: malformed SQL can keep its parser busy for minutes.
const formatter = new FormatHost(path.join(__dirname, 'formatWorker.js'), FORMAT_SECONDS, REQUEST_SECONDS);
const service = getLanguageService({
  engine,
  formatter,
  fs: nodeFileSystem,
  logger: { warn: (m) => connection.console.warn(m) },
  openDocument: (file) => documents.get(pathToFileURL(file).toString()),
  openDocuments: () => documents.all(),
  templatesDir: templatesDir(),
  profilesDirs: profilesDirs(),
  env: process.env,
});

let folders: string[] = [];
let diagnostics: DiagnosticsHandler;
let workspace: WorkspaceHandler;
let watchRegistration = false;
let folderEvents = false;

connection.onInitialize((params): InitializeResult => {
  const caps = params.capabilities;
  const pull = caps.textDocument?.diagnostic !== undefined;
  folders = (params.workspaceFolders ?? []).map((f) => toPath(f.uri));
  if (folders.length === 0 && params.rootUri) folders = [toPath(params.rootUri)];
  diagnostics = new DiagnosticsHandler(connection, documents, service, pull);
  diagnostics.register();
  workspace = new WorkspaceHandler(connection, service, () => diagnostics.refresh());
  watchRegistration = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
  folderEvents = caps.workspace?.workspaceFolders === true;
  registerLanguageHandlers(connection, documents, service);
  registerScaffoldHandlers(connection, service);
  registerRenderHandlers(connection, service);
  registerLineageHandlers(connection, service);
  return {
    serverInfo: { name: LANGUAGE_SERVER_NAME },
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      completionProvider: { triggerCharacters: ["'", '"', ' ', ':'] },
      hoverProvider: true,
      definitionProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix'] },
      executeCommandProvider: { commands: [ScaffoldCommand.id] },
      ...(pull ? { diagnosticProvider: { interFileDependencies: true, workspaceDiagnostics: false } } : {}),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
  };
});

// Anything that sends the client a request (dynamic registrations) waits for `initialized`: VS Code rejects
// server requests made while it is still initializing.
connection.onInitialized(() => {
  workspace.register(folderEvents);
  if (watchRegistration) void workspace.registerWatchers();
  void workspace.addFolders(folders);
});

// A stray rejected promise must cost one feature, not the server.
process.on('unhandledRejection', (reason) => connection.console.error(`Unhandled rejection: ${(reason as Error)?.stack ?? reason}`));

connection.onExit(() => {
  engine.dispose();
  formatter.dispose();
});

documents.listen(connection);
connection.listen();
