/**
 * The scaffold for any LSP client: `workspace/executeCommand` productWarehouse.scaffold plans with the core and asks
 * the client to apply one WorkspaceEdit (file creations + text edits), so VS Code undoes it in one step.
 */
import { pathToFileURL } from 'url';
import { Connection, CreateFile, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LanguageService } from '../core/service';
import { DEFAULT_MODELS, ScaffoldOptions, WAREHOUSE_MODELS, writesFor } from '../core/scaffold/plan';
import { ProjectsRequest, ScaffoldCommand, ScaffoldDefaultsRequest } from '../protocol';

export function registerScaffoldHandlers(connection: Connection, service: LanguageService): void {
  connection.onRequest(ScaffoldDefaultsRequest.method, (params: ScaffoldDefaultsRequest.Params) => service.scaffoldDefaults(params.project));
  connection.onRequest(ProjectsRequest.method, (): Promise<ProjectsRequest.Result> => service.projectRoots());

  connection.onExecuteCommand(async (params): Promise<ScaffoldCommand.Result | undefined> => {
    if (params.command !== ScaffoldCommand.id) return undefined;
    const args = (params.arguments?.[0] ?? {}) as ScaffoldCommand.Arguments;
    try {
      return await scaffold(connection, service, args);
    } catch (e) {
      connection.console.error(`Scaffold failed: ${(e as Error).stack ?? e}`);
      return { status: 'error', message: (e as Error).message };
    }
  });
}

/** The command's arguments come from any client: each is checked before use, with a message naming it. */
function badArguments(args: ScaffoldCommand.Arguments): string | undefined {
  const models = args.models as unknown;
  if (models !== undefined && (!Array.isArray(models) || models.some((m) => typeof m !== 'string' || !Object.prototype.hasOwnProperty.call(WAREHOUSE_MODELS, m)))) {
    return `"models" takes a list of ${Object.keys(WAREHOUSE_MODELS).join(', ')}; got ${JSON.stringify(models)}.`;
  }
  for (const key of ['cdp', 'adapter', 'folder'] as const) {
    if (args[key] !== undefined && typeof args[key] !== 'string') return `"${key}" takes a string; got ${JSON.stringify(args[key])}.`;
  }
  if (args.mode !== undefined && args.mode !== 'package' && args.mode !== 'self-contained') return `"mode" takes package or self-contained; got ${JSON.stringify(args.mode)}.`;
  if (args.onConflict !== undefined && !['skip', 'overwrite', 'new'].includes(args.onConflict)) return `"onConflict" takes skip, overwrite or new; got ${JSON.stringify(args.onConflict)}.`;
  return undefined;
}

async function scaffold(connection: Connection, service: LanguageService, args: ScaffoldCommand.Arguments): Promise<ScaffoldCommand.Result> {
  if (typeof args !== 'object' || args === null) return { status: 'error', message: 'The argument must be an object: { project, models?, cdp?, mode?, adapter?, folder?, onConflict? }.' };
  if (typeof args.project !== 'string' || !args.project) return { status: 'error', message: 'The "project" argument (the dbt project folder) is required.' };
  const defaults = await service.scaffoldDefaults(args.project);
  const bad = badArguments(args);
  if (bad) return { status: 'error', message: bad };
  // The adapter changes no file: the profile's, when there is one, only adds notes.
  const adapter = args.adapter ?? defaults.adapter;
  const options: ScaffoldOptions = { models: args.models ?? [...DEFAULT_MODELS], cdp: args.cdp ?? defaults.cdp, mode: args.mode ?? defaults.mode, adapter, folder: args.folder };
  const result = await service.planScaffold(args.project, options);
  if ('error' in result) return { status: 'error', message: result.error };
  const { plan } = result;
  const conflicts = plan.files.filter((f) => f.status === 'conflict');
  if (conflicts.length && !args.onConflict) return { status: 'conflicts', conflicts: conflicts.map((c) => ({ path: c.path, proposed: c.content })) };
  const writes = writesFor(plan, args.onConflict ?? 'skip');
  const identical = plan.files.filter((f) => f.status === 'identical').length;
  const users = plan.files.find((f) => f.path.endsWith('wh_product_users_dim.sql'))?.path;
  if (writes.length === 0) return { status: 'nothing-to-do', created: [], updated: [], identical, notes: plan.notes, usersModel: users };

  const documentChanges: WorkspaceEdit['documentChanges'] = [];
  const texts: TextDocumentEdit[] = [];
  const edited = new Set(plan.edits.map((e) => e.path));
  for (const w of writes) {
    const uri = pathToFileURL(w.path).toString();
    const edit = plan.edits.find((e) => e.path === w.path);
    if (edit && !edit.create) {
      // A YAML edit: only the inserted text changes, so the user's comments and formatting stay (an edit of several
      // insertions replaces the text, which holds the user's text unchanged around them).
      const doc = TextDocument.create(uri, 'yaml', 0, edit.before);
      const { offset, length, text } = edit.insertion ?? { offset: 0, length: edit.before.length, text: edit.after };
      texts.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.replace(Range.create(doc.positionAt(offset), doc.positionAt(offset + length)), text)]));
      continue;
    }
    documentChanges.push(CreateFile.create(uri, w.overwrite ? { overwrite: true } : { ignoreIfExists: false }));
    texts.push(TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, w.content)]));
  }
  // Every creation first, then every text edit: VS Code makes one undo element of each run of the same kind, so a
  // single undo reverts the scaffold (interleaved create/edit pairs left nothing undoable in VS Code 1.100).
  documentChanges.push(...texts);
  const applied = await connection.workspace.applyEdit({ label: 'Scaffold the product warehouse', edit: { documentChanges } });
  if (!applied.applied) return { status: 'not-applied', message: applied.failureReason ?? 'The client did not apply the edit.' };
  return {
    status: 'applied',
    created: writes.filter((w) => !w.overwrite && !edited.has(w.path)).map((w) => w.path),
    updated: writes.filter((w) => w.overwrite || edited.has(w.path)).map((w) => w.path),
    identical, notes: plan.notes, usersModel: users,
  };
}
