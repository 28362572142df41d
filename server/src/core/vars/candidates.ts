/**
 * What a model-name value may be: project nodes, installed packages' nodes and the catalogue's CDP models,
 * ranked (the chosen CDP's models first) and sorted once per index version, so that each keystroke only
 * filters a ready list.
 */
import * as path from 'path';
import { DbtProject } from '../project/dbtProject';
import { IndexedNode } from '../project/nodeTable';
import { CDP_PACKAGES } from '../cdp/packages';

export interface ModelCandidate {
  name: string;
  /** Lower-cased once here: filtering runs on every keystroke over every candidate. */
  lower: string;
  /** 0: the chosen CDP's models, 1: the project's own, 2: installed packages', 3: other CDPs'. */
  rank: number;
  /** The dbt project or package that defines (or, for catalogue models, would define) it. */
  packageName: string;
  /** The indexed node; its description is built only for the items actually sent. */
  node?: IndexedNode;
  /** Set for catalogue models that are not installed. */
  catalogueDetail?: string;
  documentation?: string;
}

/** Per project object (never per root: a reloaded project is a new object), for one index version. */
const cache = new WeakMap<object, { version: number; cdp: string | undefined; list: ModelCandidate[] }>();
const NO_PROJECT = {};

export function describeNode(project: DbtProject, node: IndexedNode): string {
  if (node.origin === 'project') return `${node.kind} · ${path.relative(project.root, node.path)}`;
  if (node.origin === 'package') return `${node.kind} · package ${node.packageName}`;
  return `${node.kind} · manifest (${node.packageName})`;
}

export function modelCandidates(project: DbtProject | undefined, cdp: string | undefined): ModelCandidate[] {
  const owner = project ?? NO_PROJECT;
  const version = project?.version ?? 0;
  const cached = cache.get(owner);
  if (cached && cached.version === version && cached.cdp === cdp) return cached.list;
  const byName = new Map<string, ModelCandidate>();
  const chosen = new Set(CDP_PACKAGES.filter((c) => c.cdp === cdp).flatMap((c) => c.models.map((m) => m.name)));
  if (project) {
    for (const node of project.allNodes()) {
      // A disabled model cannot be ref()'d: it is not offered.
      if (byName.has(node.name) || !project.isEnabled(node)) continue;
      const rank = chosen.has(node.name) ? 0 : node.origin === 'project' ? 1 : 2;
      byName.set(node.name, { name: node.name, lower: node.name.toLowerCase(), rank, packageName: node.packageName, node });
    }
  }
  for (const pkg of CDP_PACKAGES) {
    for (const model of pkg.models) {
      const known = byName.get(model.name);
      if (known) {
        known.documentation = model.doc;
        continue;
      }
      byName.set(model.name, {
        name: model.name, lower: model.name.toLowerCase(), rank: pkg.cdp === cdp ? 0 : 3, packageName: pkg.projectName, catalogueDetail: `model · ${pkg.hubName} (not installed)`, documentation: model.doc,
      });
    }
  }
  const list = [...byName.values()].sort((a, b) => a.rank - b.rank || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  cache.set(owner, { version, cdp, list });
  return list;
}

export function candidateDetail(project: DbtProject | undefined, c: ModelCandidate): string {
  return c.node && project ? describeNode(project, c.node) : (c.catalogueDetail ?? '');
}
