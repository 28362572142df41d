/**
 * Quick fixes, computed from the diagnostics' `code` and `data`: replace with the suggested name, add the
 * missing product-warehouse vars, add the missing package to packages.yml. Edits insert text only.
 */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CodeAction, CodeActionKind, CreateFile, Diagnostic, Range, TextDocumentEdit, TextEdit, WorkspaceEdit } from 'vscode-languageserver-types';
import { PackagesListing } from '../project/packagesFile';
import { ProblemData } from '../types';
import { Insertion } from '../yaml/yamlEdits';
import { globalVarInsertion, newPackagesFile, packageInsertion, varsInsertion } from './configEdits';
import { packageByHubName } from '../cdp/packages';
import { yamlScalar } from './completion';
import { effectiveString, VarsLayout } from './locate';
import { coreVars } from './registry';

export interface CodeActionContext {
  document: TextDocument;
  layout?: VarsLayout;
  projectRoot?: string;
  /** packages.yml as the editor or the disk has it; undefined when the project has none. */
  listing?: PackagesListing;
  /** Open editor text of the packages file, when it is open (edits must match what the editor shows). */
  listingDocument?: TextDocument;
}

export function getCodeActions(ctx: CodeActionContext, diagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as ProblemData | undefined;
    if (!data) continue;
    if (data.suggestion) actions.push(replaceAction(ctx.document, diagnostic, data.suggestion));
    if (data.addMissingVars && ctx.layout) {
      const action = addVarsAction(ctx.document, ctx.layout, diagnostic);
      if (action) actions.push(action);
    }
    if (data.addPackage && ctx.projectRoot) {
      const action = addPackageAction(ctx, data.addPackage, diagnostic);
      if (action) actions.push(action);
    }
    if (data.scaffold && ctx.projectRoot) actions.push(scaffoldAction(ctx.projectRoot, diagnostic));
    if (data.addVar && ctx.layout) actions.push(addGlobalVarAction(ctx.document, ctx.layout, data.addVar, diagnostic));
  }
  return actions;
}

/** `name: value` under the global `vars:` (where a package reads it), creating `vars:` when there is none. */
function addGlobalVarAction(document: TextDocument, layout: VarsLayout, variable: { name: string; value: string }, diagnostic: Diagnostic): CodeAction {
  const insertion = globalVarInsertion(document.getText(), layout, `${variable.name}: ${yamlScalar(variable.value)}`);
  return {
    title: `Add ${variable.name}: ${variable.value}`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [toEdit(document, insertion)] } },
  };
}

/** The server's scaffold command (protocol.ts `ScaffoldCommand.id`; the core does not import the protocol). */
export const SCAFFOLD_COMMAND_ID = 'productWarehouse.scaffold';

/**
 * Runs the scaffold for the var's project: any client executes it with the defaults (files that differ are never
 * overwritten); VS Code runs its prompts instead (`prompt: true`).
 */
function scaffoldAction(projectRoot: string, diagnostic: Diagnostic): CodeAction {
  const title = 'Scaffold the product warehouse models into this project…';
  return {
    title,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    command: { title, command: SCAFFOLD_COMMAND_ID, arguments: [{ project: projectRoot, prompt: true }] },
  };
}

function replaceAction(document: TextDocument, diagnostic: Diagnostic, suggestion: string): CodeAction {
  const text = document.getText(diagnostic.range);
  let range = diagnostic.range;
  // Keep the user's quotes: replace what is inside them.
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) {
    range = Range.create(document.positionAt(document.offsetAt(range.start) + 1), document.positionAt(document.offsetAt(range.end) - 1));
  }
  return {
    title: `Replace with '${suggestion}'`,
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    isPreferred: true,
    edit: { changes: { [document.uri]: [TextEdit.replace(range, suggestion)] } },
  };
}

function toEdit(document: TextDocument, insertion: Insertion): TextEdit {
  return TextEdit.replace(Range.create(document.positionAt(insertion.offset), document.positionAt(insertion.offset + insertion.length)), insertion.text);
}

function addVarsAction(document: TextDocument, layout: VarsLayout, diagnostic: Diagnostic): CodeAction | undefined {
  const present = new Set(layout.entries.map((e) => e.spec.name));
  const lines = coreVars(effectiveString(layout, 'product-warehouse-mode'), effectiveString(layout, 'cdp')).filter((v) => !present.has(v.name)).map((v) => `${v.name}: ${yamlScalar(v.default)}`);
  if (lines.length === 0) return undefined;
  const insertion = varsInsertion(document.getText(), layout, lines);
  return {
    title: 'Add missing product-warehouse vars with their defaults',
    kind: CodeActionKind.QuickFix,
    diagnostics: [diagnostic],
    edit: { changes: { [document.uri]: [toEdit(document, insertion)] } },
  };
}

function addPackageAction(ctx: CodeActionContext, hubName: string, diagnostic: Diagnostic): CodeAction | undefined {
  const pkg = packageByHubName(hubName);
  if (!pkg) return undefined;
  let edit: WorkspaceEdit;
  if (ctx.listing) {
    const uri = pathToFileURL(ctx.listing.path).toString();
    const doc = ctx.listingDocument ?? TextDocument.create(uri, 'yaml', 0, ctx.listing.parsed.text);
    edit = { changes: { [doc.uri]: [toEdit(doc, packageInsertion(ctx.listing, pkg))] } };
  } else {
    const uri = pathToFileURL(path.join(ctx.projectRoot!, 'packages.yml')).toString();
    edit = {
      documentChanges: [
        CreateFile.create(uri, { ignoreIfExists: true }),
        TextDocumentEdit.create({ uri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, newPackagesFile(pkg))]),
      ],
    };
  }
  return { title: `Add ${pkg.hubName} to packages.yml`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit };
}
