/**
 * "dbt Product Warehouse: Scaffold Models": a chain of prompts, then the server's productWarehouse.scaffold
 * command (which applies one WorkspaceEdit). Every prompt returns undefined when cancelled: nothing changes then.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { ExecuteCommandRequest, LanguageClient } from 'vscode-languageclient/node';
import { ProjectsRequest, ScaffoldCommand, ScaffoldDefaultsRequest } from '../../../server/src/protocol';

/** What each model choice writes; which ones exist and which are pre-selected come from the server (its DEFAULT_MODELS). */
const DESCRIPTIONS: Record<string, string> = {
  users: 'wh_product_users_dim',
  events: 'wh_product_events_fact',
  sessions: 'wh_product_sessions_fact',
  metrics: 'wh_product_metrics_xa: DAU, WAU, MAU, stickiness, new and returning users per day',
  retention: 'wh_product_retention_xa: day-N retention by first-seen cohort',
  funnels: 'wh_product_funnels_xa: the funnels of product-warehouse-funnels, per user',
  attribution: 'wh_product_attributions_xa: multi-touch attribution of product-warehouse-conversion-events',
};

async function pickProject(client: LanguageClient, resource?: vscode.Uri): Promise<string | undefined> {
  if (resource) {
    const dir = resource.fsPath.endsWith('dbt_project.yml') ? path.dirname(resource.fsPath) : resource.fsPath;
    try {
      await vscode.workspace.fs.stat(vscode.Uri.file(path.join(dir, 'dbt_project.yml')));
      return dir;
    } catch {
      void vscode.window.showErrorMessage(`${dir} is not a dbt project (no dbt_project.yml).`);
      return undefined;
    }
  }
  // The server's index knows which folders are projects (not installed packages, not target/).
  const dirs = await client.sendRequest<ProjectsRequest.Result>(ProjectsRequest.method);
  if (dirs.length === 0) {
    void vscode.window.showErrorMessage('No dbt project (dbt_project.yml) in this workspace.');
    return undefined;
  }
  if (dirs.length === 1) return dirs[0];
  const pick = await vscode.window.showQuickPick(dirs.map((d) => ({ label: vscode.workspace.asRelativePath(d), dir: d })), { title: 'Scaffold into which dbt project?' });
  return pick?.dir;
}

export async function scaffoldWithPrompts(client: LanguageClient, resource?: vscode.Uri): Promise<void> {
  const project = await pickProject(client, resource);
  if (!project) return;
  const defaults = await client.sendRequest<ScaffoldDefaultsRequest.Result>(ScaffoldDefaultsRequest.method, { project });
  const choices = defaults.models.all.map((m) => ({ label: m, description: DESCRIPTIONS[m], picked: defaults.models.preselected.includes(m) }));
  const models = await vscode.window.showQuickPick(choices, { title: 'Which models?', canPickMany: true });
  if (!models || models.length === 0) return;
  const why = { var: 'the cdp var of dbt_project.yml', source: "its raw tables are in this project's sources", default: 'the default' }[defaults.cdpFrom];
  const cdp = await vscode.window.showQuickPick(
    [defaults.cdp, ...defaults.cdps.filter((c) => c !== defaults.cdp)].map((c) => ({ label: c, description: c === defaults.cdp ? why : undefined })),
    { title: 'Which CDP feeds the warehouse?' });
  if (!cdp) return;
  // Package mode builds on the dbt-labs/segment package: a question for Segment only.
  const mode = cdp.label !== 'segment' ? { label: 'self-contained' } : await vscode.window.showQuickPick(
    [defaults.mode, defaults.mode === 'package' ? 'self-contained' : 'package'].map((m) => ({
      label: m, description: m === 'package' ? 'on the dbt-labs/segment package\'s models' : 'from the raw Segment tables',
    })), { title: 'Which mode?' });
  if (!mode) return;
  // No warehouse prompt: the models are adapter-neutral (the profile's adapter, when there is one, only adds notes).
  const configured = vscode.workspace.getConfiguration('productWarehouse', vscode.Uri.file(project)).get<string>('scaffold.folder');
  const folder = await vscode.window.showInputBox({ title: 'Target folder (relative to the project)', value: configured || defaults.folder });
  if (folder === undefined) return;
  const args: ScaffoldCommand.Arguments = { project, models: models.map((m) => m.label as 'users'), mode: mode.label as 'package', adapter: defaults.adapter, folder, cdp: cdp.label };
  let result = await client.sendRequest(ExecuteCommandRequest.type, { command: ScaffoldCommand.id, arguments: [args] }) as ScaffoldCommand.Result;
  if (result.status === 'conflicts') {
    const first = result.conflicts[0];
    const proposed = await vscode.workspace.openTextDocument({ content: first.proposed, language: first.path.endsWith('.sql') ? 'sql' : 'yaml' });
    await vscode.commands.executeCommand('vscode.diff', vscode.Uri.file(first.path), proposed.uri, `${path.basename(first.path)}: yours ↔ scaffold`);
    const choice = await vscode.window.showQuickPick([
      { label: 'Skip', detail: `Keep ${result.conflicts.length} changed file(s) as they are`, value: 'skip' as const },
      { label: 'Overwrite', detail: 'Replace them with the templates', value: 'overwrite' as const },
      { label: 'Write beside', detail: 'Write the templates next to them as .new files', value: 'new' as const },
    ], { title: `${result.conflicts.length} file(s) exist and differ` });
    if (!choice) return;
    result = await client.sendRequest(ExecuteCommandRequest.type, { command: ScaffoldCommand.id, arguments: [{ ...args, onConflict: choice.value }] }) as ScaffoldCommand.Result;
  }
  if (result.status === 'error' || result.status === 'not-applied') {
    void vscode.window.showErrorMessage(`Scaffold: ${result.message}`);
    return;
  }
  if (!('created' in result)) return;
  // The edit left the new text in unsaved editors: save exactly the files the scaffold wrote, nothing else.
  const written = new Set([...result.created, ...result.updated].map((p) => vscode.Uri.file(p).toString()));
  await Promise.all(vscode.workspace.textDocuments.filter((d) => written.has(d.uri.toString()) && d.isDirty).map((d) => d.save()));
  if (result.usersModel) await vscode.window.showTextDocument(vscode.Uri.file(result.usersModel));
  const summary = result.status === 'nothing-to-do'
    ? 'The product warehouse is already there: nothing to do.'
    : `Scaffolded: ${result.created.length} file(s) created, ${result.updated.length} updated${result.identical ? `, ${result.identical} identical left alone` : ''}.`;
  const usersModel = result.usersModel;
  // Not awaited: the command returns while the notification waits for the user.
  void vscode.window.showInformationMessage([summary, ...result.notes].join(' '), ...(usersModel ? [OPEN_PREVIEW] : [])).then((action) => {
    if (action === OPEN_PREVIEW && usersModel) void vscode.commands.executeCommand('productWarehouse.openSqlPreview', vscode.Uri.file(usersModel));
  });
}

const OPEN_PREVIEW = 'Open SQL Preview';
