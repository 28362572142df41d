/** Hover and go-to-definition for var keys, model-name values and ref() calls. */
import * as path from 'path';
import { isScalar } from 'yaml';
import { DbtProject } from '../project/dbtProject';
import { IndexedNode, IndexedSource } from '../project/nodeTable';
import { innerRange, lineNumber, ParsedYaml } from '../yaml/yamlDocument';
import { cdpMarkdown } from '../cdp/describe';
import { packageProviding } from '../cdp/packages';
import { WarehouseColumn } from '../cdp/columns';
import { CDP_REGISTRY, cdpSpec, CdpSpec } from '../cdp/registry';
import { describeNode } from './candidates';
import { containsJinja, parseSimpleCall } from './jinjaForms';
import { effectiveEntry, effectiveString, VarEntry, VarsLayout } from './locate';
import { defaultFor } from './registry';
import { funnelHover } from './funnels';

/** What is under the cursor in dbt_project.yml or a model. */
export type Target =
  | { kind: 'var'; entry: VarEntry; start: number; end: number }
  | { kind: 'model'; name: string; packageName?: string; start: number; end: number }
  | { kind: 'source'; sourceName: string; table: string; start: number; end: number }
  | { kind: 'cdp'; cdp: CdpSpec; start: number; end: number }
  | { kind: 'column'; model: string; column: WarehouseColumn; start: number; end: number }
  | { kind: 'funnel'; markdown: string; start: number; end: number };

export function targetInConfig(parsed: ParsedYaml, layout: VarsLayout, offset: number): Target | undefined {
  for (const entry of layout.entries) {
    const [ks, ke] = [entry.key.range?.[0] ?? -1, entry.key.range?.[1] ?? -1];
    if (offset >= ks && offset <= ke) return { kind: 'var', entry, start: ks, end: ke };
    const value = entry.value;
    if (entry.spec.kind === 'funnels') {
      const hover = funnelHover(value, offset);
      if (hover) return { kind: 'funnel', ...hover };
    }
    if (!isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
    const [vs, ve] = innerRange(value);
    if (offset < vs || offset > ve) continue;
    if (entry.spec.kind === 'model' && !containsJinja(value.value)) return { kind: 'model', name: value.value, start: vs, end: ve };
    const cdp = entry.spec.kind === 'cdp' ? cdpSpec(value.value) : undefined;
    if (cdp) return { kind: 'cdp', cdp, start: vs, end: ve };
    const call = parseSimpleCall(value.value);
    if (!call || parsed.text.slice(vs, ve) !== value.value) continue;
    if (call.fn === 'source') return { kind: 'source', sourceName: call.args[0], table: call.args[1], start: vs, end: ve };
    return { kind: 'model', name: call.args[call.args.length - 1], packageName: call.args.length === 2 ? call.args[0] : undefined, start: vs, end: ve };
  }
  return undefined;
}

export function hoverMarkdown(target: Target, parsed: ParsedYaml | undefined, layout: VarsLayout | undefined, project: DbtProject | undefined): string | undefined {
  if (target.kind === 'var') return varHover(target.entry, parsed!, layout!);
  if (target.kind === 'cdp') return cdpMarkdown(target.cdp);
  if (target.kind === 'funnel') return target.markdown;
  if (target.kind === 'column') return undefined; // the service adds the project's CDP
  if (target.kind === 'source') {
    const found = project?.lookupSource(target.sourceName, target.table) ?? [];
    const where = found.map((s) => `declared in \`${rel(project!, s.path)}\``).join('; ') || 'not declared in the project';
    return `**source('${target.sourceName}', '${target.table}')** — ${where}`;
  }
  const nodes = nodesFor(project, target.name, target.packageName);
  if (nodes.length > 0) return nodes.map((n) => `**${n.name}** — ${describeNode(project!, n)}\n\n\`${rel(project!, n.path)}\``).join('\n\n---\n\n');
  const pkg = packageProviding(target.name);
  if (pkg) return `**${target.name}** — model of the ${pkg.hubName} package (not installed)\n\n${pkg.models.find((m) => m.name === target.name)?.doc ?? ''}`;
  return undefined;
}

function varHover(entry: VarEntry, parsed: ParsedYaml, layout: VarsLayout): string {
  const { spec } = entry;
  const cdp = effectiveString(layout, 'cdp');
  const owners = spec.cdps ? ` · ${CDP_REGISTRY.filter((c) => spec.cdps!.includes(c.id)).map((c) => c.displayName).join(', ')}` : '';
  const lines = [`**${spec.name}** · product-warehouse var${owners}${spec.legacy ? ' (read by the 2020 package)' : ''}`, '', spec.doc, '', `Default: \`${defaultFor(spec, cdp)}\``];
  const effective = effectiveEntry(layout, spec.name);
  const source = (e: VarEntry) => (e.value && (e.value as { range?: number[] }).range ? parsed.text.slice((e.value as { range: number[] }).range[0], (e.value as { range: number[] }).range[1]) : '');
  if (effective === entry) lines.push('', `Effective value: \`${source(entry)}\` (${entry.scope ? `scoped to "${entry.scope}"` : 'global'})`);
  else if (effective) {
    lines.push('', `Overridden by \`${source(effective)}\` on line ${lineNumber(parsed.text, effective.key.range?.[0] ?? 0)} (${effective.scope ? `scoped to "${effective.scope}"` : 'global'})`);
  }
  return lines.join('\n');
}

export function nodesFor(project: DbtProject | undefined, name: string, packageName?: string): IndexedNode[] {
  return (project?.lookup(name) ?? []).filter((n) => packageName === undefined || n.packageName === packageName);
}

export function sourcesFor(project: DbtProject | undefined, target: Target): IndexedSource[] {
  return target.kind === 'source' && project ? project.lookupSource(target.sourceName, target.table) : [];
}

function rel(project: DbtProject, file: string): string {
  return path.relative(project.root, file);
}
