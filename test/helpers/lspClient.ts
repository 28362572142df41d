/**
 * A real LSP client over stdio for the bundled server (server/out/server.js), built on
 * vscode-languageserver-protocol: the same wire protocol any editor speaks.
 */
import { ChildProcess, spawn } from 'child_process';
import { existsSync, readFileSync } from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import {
  CodeAction, CompletionList, createProtocolConnection, Diagnostic, DidChangeWatchedFilesNotification, FileChangeType,
  Hover, InitializeRequest, Location, ProtocolConnection, PublishDiagnosticsParams, StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { REPO } from './fixtures';
import { SERVER_NODE_FLAGS } from '../../server/src/protocol';

export const SERVER = path.join(REPO, 'server/out/server.js');

export interface ClientOptions {
  /** Advertise pull diagnostics (as VS Code does); otherwise the server pushes. */
  pull: boolean;
}

export class LspClient {
  readonly logs: string[] = [];
  private versions = new Map<string, number>();
  private published: PublishDiagnosticsParams[] = [];
  private publishWaiters: (() => void)[] = [];
  private refreshWaiters: (() => void)[] = [];
  refreshes = 0;
  registrations: unknown[] = [];
  /** workspace/applyEdit requests received (the client answers applied: true). */
  appliedEdits: { label?: string; edit: unknown }[] = [];
  /** Server-to-client requests sent before the initialize response: VS Code rejects them, so tests assert none. */
  earlyRequests: string[] = [];
  private initialized = false;

  private constructor(readonly process: ChildProcess, readonly connection: ProtocolConnection) {}

  static async start(folder: string, options: ClientOptions): Promise<LspClient> {
    if (!existsSync(SERVER)) throw new Error(`${SERVER} is missing: run "npm run build" first.`);
    // The same Node flags the VS Code client starts the server with.
    const flags = process.env.PW_SERVER_FLAGS !== undefined ? process.env.PW_SERVER_FLAGS.split(' ').filter(Boolean) : [...SERVER_NODE_FLAGS];
    const child = spawn(process.execPath, [...flags, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    const client = new LspClient(child, connection);
    connection.onNotification('window/logMessage', (p: { message: string }) => {
      client.logs.push(p.message);
    });
    connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      client.published.push(p);
      client.publishWaiters.splice(0).forEach((w) => w());
    });
    connection.onRequest('client/registerCapability', (p: { registrations: unknown[] }) => {
      if (!client.initialized) {
        client.earlyRequests.push('client/registerCapability');
        throw new Error('Unhandled method client/registerCapability');
      }
      client.registrations.push(...p.registrations);
      return null;
    });
    connection.onRequest('workspace/applyEdit', (p: { label?: string; edit: unknown }) => {
      client.appliedEdits.push(p);
      return { applied: true };
    });
    connection.onRequest('workspace/diagnostic/refresh', () => {
      client.refreshes++;
      client.refreshWaiters.splice(0).forEach((w) => w());
      return null;
    });
    connection.listen();
    await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: [{ uri: pathToFileURL(folder).toString(), name: path.basename(folder) }],
      capabilities: {
        textDocument: {
          ...(options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
          publishDiagnostics: { versionSupport: true },
          completion: { completionItem: { snippetSupport: false } },
        },
        workspace: {
          didChangeWatchedFiles: { dynamicRegistration: true }, workspaceFolders: true, diagnostics: { refreshSupport: true },
          applyEdit: true, workspaceEdit: { documentChanges: true, resourceOperations: ['create'] },
        },
      },
    });
    client.initialized = true;
    await connection.sendNotification('initialized', {});
    return client;
  }

  uri(file: string): string {
    return pathToFileURL(file).toString();
  }

  async open(file: string, text = readFileSync(file, 'utf8')): Promise<void> {
    this.versions.set(file, 1);
    const languageId = file.endsWith('.sql') ? 'sql' : 'yaml';
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: this.uri(file), languageId, version: 1, text } });
  }

  async change(file: string, text: string): Promise<number> {
    const version = (this.versions.get(file) ?? 1) + 1;
    this.versions.set(file, version);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: this.uri(file), version }, contentChanges: [{ text }] });
    return version;
  }

  /** Pull mode: asks for the file's diagnostics. */
  async pullDiagnostics(file: string): Promise<Diagnostic[]> {
    const report = await this.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: this.uri(file) } });
    return report.items;
  }

  /** Push mode: waits for the diagnostics published for this version of the file. */
  async pushedDiagnostics(file: string, version: number, timeoutMs = 10_000): Promise<Diagnostic[]> {
    const uri = this.uri(file);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const hit = this.published.find((p) => p.uri === uri && p.version === version);
      if (hit) return hit.diagnostics;
      if (Date.now() > deadline) throw new Error(`no diagnostics published for ${file} version ${version} within ${timeoutMs} ms`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, deadline - Date.now());
        this.publishWaiters.push(() => (clearTimeout(timer), resolve()));
      });
    }
  }

  /** Resolves on the next workspace/diagnostic/refresh request from the server. */
  nextRefresh(timeoutMs = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics refresh within ${timeoutMs} ms`)), timeoutMs);
      this.refreshWaiters.push(() => (clearTimeout(timer), resolve()));
    });
  }

  async watchedFilesChanged(changes: { file: string; type: 'created' | 'changed' | 'deleted' }[]): Promise<void> {
    const type: Record<string, FileChangeType> = { created: FileChangeType.Created, changed: FileChangeType.Changed, deleted: FileChangeType.Deleted };
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: changes.map((c) => ({ uri: this.uri(c.file), type: type[c.type] })) });
  }

  completion(file: string, line: number, character: number): Promise<CompletionList> {
    return this.connection.sendRequest('textDocument/completion', { textDocument: { uri: this.uri(file) }, position: { line, character } });
  }

  hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest('textDocument/hover', { textDocument: { uri: this.uri(file) }, position: { line, character } });
  }

  definition(file: string, line: number, character: number): Promise<Location[]> {
    return this.connection.sendRequest('textDocument/definition', { textDocument: { uri: this.uri(file) }, position: { line, character } });
  }

  codeActions(file: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return this.connection.sendRequest('textDocument/codeAction', { textDocument: { uri: this.uri(file) }, range, context: { diagnostics } });
  }

  executeCommand<T>(command: string, args: unknown[]): Promise<T> {
    return this.connection.sendRequest('workspace/executeCommand', { command, arguments: args });
  }

  async stop(): Promise<void> {
    try {
      await this.connection.sendRequest('shutdown');
      await this.connection.sendNotification('exit');
    } finally {
      this.connection.dispose();
      this.process.kill();
    }
  }
}
