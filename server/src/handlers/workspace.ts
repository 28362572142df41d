/** Workspace folders and watched files: keep the core's project index in step with the disk. */
import { Connection, DidChangeWatchedFilesNotification, FileChangeType, WatchKind } from 'vscode-languageserver/node';
import { FileChange } from '../core/project/dbtProject';
import { LanguageService, toPath } from '../core/service';
import { FilesIndexedNotification, WATCHED_GLOBS } from '../protocol';

const CHANGE: Record<FileChangeType, FileChange> = {
  [FileChangeType.Created]: 'created',
  [FileChangeType.Changed]: 'changed',
  [FileChangeType.Deleted]: 'deleted',
};

export class WorkspaceHandler {
  constructor(
    private readonly connection: Connection,
    private readonly service: LanguageService,
    private readonly onIndexChanged: () => void,
  ) {}

  /** Handlers only: requests to the client must wait for `initialized` (see registerWatchers). */
  register(supportsFolderEvents: boolean): void {
    this.connection.onDidChangeWatchedFiles(async (params) => {
      try {
        const changed = await this.service.onFilesChanged(params.changes.map((c) => ({ path: toPath(c.uri), change: CHANGE[c.type] })));
        if (changed) this.onIndexChanged();
        // The SQL preview renders from the index, macros and sources: it re-renders on this.
        void this.connection.sendNotification(FilesIndexedNotification.method);
      } catch (e) {
        this.connection.console.error(`Index update failed: ${(e as Error).stack ?? e}`);
      }
    });
    if (supportsFolderEvents) {
      this.connection.workspace.onDidChangeWorkspaceFolders(async (e) => {
        for (const f of e.removed) await this.service.removeFolder(toPath(f.uri));
        for (const f of e.added) await this.service.addFolder(toPath(f.uri));
        this.onIndexChanged();
      });
    }
  }

  /**
   * Asks the client to watch our files. Only after `initialized`: a client may reject server requests before it
   * (VS Code does), and a failed registration must cost watching, not the server.
   */
  async registerWatchers(): Promise<void> {
    try {
      await this.connection.client.register(DidChangeWatchedFilesNotification.type, {
        watchers: WATCHED_GLOBS.map((globPattern) => ({ globPattern, kind: WatchKind.Create | WatchKind.Change | WatchKind.Delete })),
      });
    } catch (e) {
      this.connection.console.warn(`File watching is off: the client refused to register watchers (${(e as Error).message}).`);
    }
  }

  async addFolders(folders: string[]): Promise<void> {
    const started = Date.now();
    for (const folder of folders) await this.service.addFolder(folder);
    const projects = this.service.workspace.all();
    const nodes = projects.reduce((n, p) => n + p.own.size, 0);
    this.connection.console.info(`Indexed ${projects.length} dbt project(s), ${nodes} node names, in ${Date.now() - started} ms.`);
    this.onIndexChanged();
  }
}
