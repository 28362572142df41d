/**
 * Does a model name resolve? Checks the project index, then says why not as precisely as it can: a known
 * CDP package that packages.yml lacks, a listed package that is not installed, or a close name.
 */
import { DbtProject } from '../../project/dbtProject';
import { requirementFor } from '../../project/packagesFile';
import { Problem } from '../../types';
import { closestName } from '../../text';
import { CDP_CATALOGUE, packageProviding } from '../catalogue';
import { ConfigContext, problemAt } from './context';

/** Per project object and index version: the did-you-mean scan reads every name. */
const suggestionCache = new WeakMap<DbtProject, { version: number; byName: Map<string, string | undefined> }>();

export function checkModelName(ctx: ConfigContext, project: DbtProject, name: string, range: [number, number], packageName?: string): Problem[] {
  const found = project.lookup(name).filter((n) => packageName === undefined || n.packageName === packageName);
  if (found.length > 0) return [];
  const pkg = packageProviding(name);
  if (pkg && (packageName === undefined || packageName === pkg.projectName)) {
    const requirement = requirementFor(ctx.listing, pkg);
    if (!requirement) {
      return [problemAt(range, 'error', 'package-not-listed',
        `"${name}" is provided by the ${pkg.hubName} package, which packages.yml does not list.`, { addPackage: pkg.hubName })];
    }
    if (!project.packages.has(pkg.projectName)) {
      return [problemAt(range, 'error', 'package-not-installed',
        `"${name}" is provided by the ${pkg.hubName} package, which packages.yml lists but is not installed: run \`dbt deps\`.`)];
    }
  }
  const suggestion = suggest(project, name);
  const where = packageName === undefined ? 'in this project or its installed packages' : `in package "${packageName}"`;
  const message = `No model, seed or snapshot named "${name}" ${where}.` + (suggestion ? ` Did you mean "${suggestion}"?` : '');
  return [problemAt(range, 'error', 'unknown-model', message, suggestion ? { suggestion } : undefined)];
}

/** The closest known name; cached per index version since it scans every name. */
function suggest(project: DbtProject, name: string): string | undefined {
  let entry = suggestionCache.get(project);
  if (!entry || entry.version !== project.version) {
    entry = { version: project.version, byName: new Map() };
    suggestionCache.set(project, entry);
  }
  if (entry.byName.has(name)) return entry.byName.get(name);
  const candidates = new Set<string>();
  for (const node of project.allNodes()) candidates.add(node.name);
  for (const pkg of CDP_CATALOGUE) for (const m of pkg.models) candidates.add(m.name);
  const suggestion = closestName(name, candidates);
  if (entry.byName.size > 500) entry.byName.clear();
  entry.byName.set(name, suggestion);
  return suggestion;
}
