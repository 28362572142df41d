/** Completions: var keys and values in dbt_project.yml, and `ref('...')` arguments in model SQL. */
import { CompletionItem, CompletionItemKind, CompletionList, MarkupKind, Range, TextEdit } from 'vscode-languageserver-types';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DbtProject } from '../project/dbtProject';
import { fuzzyMatches } from '../text';
import { yamlLineContext, YamlLineContext } from '../yaml/lineContext';
import { FUNNEL_KEYS, FUNNEL_ORDERS, ORDER_DOCS } from './funnels';
import { CDP_REGISTRY } from '../cdp/registry';
import { cdpMarkdown } from '../cdp/describe';
import { candidateDetail, modelCandidates } from './candidates';
import { isWarehouseScope, VarsLayout, effectiveString } from './locate';
import { defaultFor, VAR_REGISTRY, varAppliesTo, varSpec, VarSpec } from './registry';
import { refArgumentAt } from './sqlRefs';

/** Large projects have tens of thousands of models: send the best matches and let the client ask again. */
export const MAX_ITEMS = 200;

/** Vars whose value is a YAML list (inserted as `[]`, not as the string "[]"). */
const LIST_KINDS = new Set(['funnels', 'event-names']);

export function yamlScalar(value: string | number): string {
  if (typeof value === 'number' || /^[A-Za-z_][\w.-]*$/.test(value)) return String(value);
  return JSON.stringify(value);
}

export function completeConfig(document: TextDocument, offset: number, layout: VarsLayout, project: DbtProject | undefined, projectName: string | undefined): CompletionList {
  const text = document.getText();
  const ctx = yamlLineContext(text, offset);
  const inVars = ctx.parents[0] === 'vars' && (ctx.parents.length === 1 || (ctx.parents.length === 2 && isWarehouseScope(ctx.parents[1], projectName)));
  const range = Range.create(document.positionAt(ctx.tokenStart), document.positionAt(ctx.tokenEnd));
  const typed = text.slice(ctx.tokenStart, offset);
  const funnels = ctx.parents.indexOf('product-warehouse-funnels');
  if (ctx.parents[0] === 'vars' && (funnels === 1 || (funnels === 2 && isWarehouseScope(ctx.parents[1], projectName)))) {
    return CompletionList.create(funnelItems(ctx, ctx.parents.slice(funnels + 1), range), false);
  }
  if (!inVars) return CompletionList.create([], false);
  if (!ctx.inValue) return CompletionList.create(keyItems(layout, range, ctx.hasColon, document.positionAt(offset).line, document), false);
  const spec = ctx.key === undefined ? undefined : varSpec(ctx.key);
  if (!spec) return CompletionList.create([], false);
  return valueItems(spec, range, typed, ctx.quoted, layout, project);
}

/**
 * Inside a funnel: its keys, and the values of `order` and `window-seconds`. `below` are the keys between the funnel
 * list and the cursor's line (the item's first key, which the line reader sees as a parent, or `steps` in a block list
 * of steps, where nothing is offered: event names come from the data).
 */
function funnelItems(ctx: YamlLineContext, below: string[], range: Range): CompletionItem[] {
  if (below.includes('steps') || below.length > 1) return [];
  if (!ctx.inValue) {
    return Object.entries(FUNNEL_KEYS).map(([key, { insert, doc }], i) => ({
      label: key, kind: CompletionItemKind.Property, sortText: String(i), documentation: { kind: MarkupKind.Markdown, value: doc },
      textEdit: TextEdit.replace(range, ctx.hasColon ? key : insert),
    }));
  }
  const value = (label: string, detail: string, documentation: string, i: number): CompletionItem => ({
    label, detail, kind: CompletionItemKind.EnumMember, sortText: String(i), filterText: label,
    documentation: { kind: MarkupKind.Markdown, value: documentation }, textEdit: TextEdit.replace(range, label),
  });
  if (ctx.key === 'order') return FUNNEL_ORDERS.map((order, i) => value(order, 'funnel order', ORDER_DOCS[order], i));
  if (ctx.key === 'window-seconds') return [value('604800', 'default: 7 days', FUNNEL_KEYS['window-seconds'].doc, 0)];
  return [];
}

function keyItems(layout: VarsLayout, range: Range, hasColon: boolean, line: number, document: TextDocument): CompletionItem[] {
  const present = new Set(layout.entries.filter((e) => document.positionAt(e.key.range?.[0] ?? 0).line !== line).map((e) => e.spec.name));
  // Only the chosen CDP's table vars: another CDP's would be read by nothing.
  const cdp = effectiveString(layout, 'cdp');
  return VAR_REGISTRY.filter((spec) => !present.has(spec.name) && varAppliesTo(spec, cdp)).map((spec, i) => ({
    label: spec.name,
    kind: CompletionItemKind.Property,
    detail: `default: ${defaultFor(spec, cdp)}`,
    documentation: { kind: MarkupKind.Markdown, value: spec.doc },
    sortText: `${spec.legacy ? 1 : 0}${String(i).padStart(2, '0')}`,
    textEdit: TextEdit.replace(range, hasColon ? spec.name : `${spec.name}: ${LIST_KINDS.has(spec.kind) ? '[]' : yamlScalar(defaultFor(spec, cdp))}`),
  }));
}

function valueItems(spec: VarSpec, range: Range, typed: string, quoted: boolean, layout: VarsLayout, project: DbtProject | undefined): CompletionList {
  const item = (label: string, detail: string, kind: CompletionItemKind, sortText: string, documentation?: string): CompletionItem => ({
    label, detail, kind, sortText, filterText: label,
    ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}),
    textEdit: TextEdit.replace(range, quoted ? label : yamlScalar(label)),
  });
  switch (spec.kind) {
    case 'cdp':
      return CompletionList.create(CDP_REGISTRY.map((c, i) => item(c.id, c.displayName, CompletionItemKind.EnumMember, String(i), cdpMarkdown(c))), false);
    case 'choice':
      return CompletionList.create(spec.choices!.map((c, i) => item(c, spec.name, CompletionItemKind.EnumMember, String(i))), false);
    case 'seconds':
    case 'days':
      return CompletionList.create([item(String(spec.default), 'default', CompletionItemKind.Value, '0')], false);
    case 'relation': {
      const sources = project ? [...project.allSources()] : [];
      const items = sources.map((s) => item(`{{ source('${s.sourceName}', '${s.table}') }}`, `source · ${s.packageName}`, CompletionItemKind.Reference, `${s.sourceName}.${s.table}`));
      return CompletionList.create(items.filter((i) => fuzzyMatches(typed, i.label)).slice(0, MAX_ITEMS), items.length > MAX_ITEMS);
    }
    case 'funnels':
    case 'event-names':
      return CompletionList.create([], false);
    case 'model':
      return modelItems(project, effectiveString(layout, 'cdp'), typed, (name) => (quoted ? name : yamlScalar(name)), range);
  }
}

/** Ranked model names matching what is typed; `isIncomplete` when more matched than were sent. */
/**
 * Model names for a var value (`reachableOnly` false: the catalogue's CDP models come too, marked not installed, so
 * the quick fix can add their package) or for `ref()` in SQL (only what the project can reach: a ref to a model
 * that is not installed cannot build).
 */
export function modelItems(project: DbtProject | undefined, cdp: string | undefined, typed: string, insert: (name: string) => string, range: Range, packageName?: string, reachableOnly = false): CompletionList {
  const items: CompletionItem[] = [];
  let more = false;
  const query = typed.toLowerCase();
  for (const c of modelCandidates(project, cdp)) {
    if (packageName !== undefined && c.packageName !== packageName) continue;
    if (reachableOnly && !c.node) continue;
    // Substring, not subsequence: a native scan of 20,000 names takes under a millisecond, and the
    // editor fuzzy-ranks what it receives (the list is marked incomplete, so it asks again as the user types).
    if (!c.lower.includes(query)) continue;
    if (items.length === MAX_ITEMS) {
      more = true;
      break;
    }
    items.push({
      label: c.name,
      kind: c.rank === 3 ? CompletionItemKind.Module : CompletionItemKind.Reference,
      detail: candidateDetail(project, c),
      ...(c.documentation ? { documentation: c.documentation } : {}),
      sortText: `${c.rank}${c.name}`,
      filterText: c.name,
      textEdit: TextEdit.replace(range, insert(c.name)),
    });
  }
  return CompletionList.create(items, more);
}

export function completeSql(document: TextDocument, offset: number, project: DbtProject | undefined, cdp: string | undefined): CompletionList {
  const text = document.getText();
  const arg = refArgumentAt(text, offset);
  if (!arg) return CompletionList.create([], false);
  const range = Range.create(document.positionAt(arg.tokenStart), document.positionAt(arg.tokenEnd));
  return modelItems(project, cdp, text.slice(arg.tokenStart, offset), (name) => name, range, arg.packageName, true);
}
