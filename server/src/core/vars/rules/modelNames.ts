/**
 * Does a model name resolve? Checks the project index, then says why not as precisely as it can: a known
 * CDP package that packages.yml lacks, a listed package that is not installed, or a close name.
 */
import { DbtProject } from '../../project/dbtProject';
import { requirementFor } from '../../project/packagesFile';
import { Problem } from '../../types';
import { NameIndex } from '../../nameIndex';
import { CDP_PACKAGES, packageProviding } from '../../cdp/packages';
import { ConfigContext, problemAt } from './context';

/** Per project object and index version: building the name index reads every name once. */
const nameIndexes = new WeakMap<DbtProject, { version: number; index: NameIndex }>();

export function checkModelName(ctx: ConfigContext, project: DbtProject, name: string, range: [number, number], packageName?: string): Problem[] {
  const found = project.lookup(name).filter((n) => packageName === undefined || n.packageName === packageName);
  if (found.some((n) => project.isEnabled(n))) return [];
  if (found.length > 0) {
    return [problemAt(range, 'error', 'disabled-model', `"${name}" is disabled (enabled: false in its project's config), so dbt has no such model to build or ref().`)];
  }
  const pkg = packageProviding(name);
  if (pkg && (packageName === undefined || packageName === pkg.projectName)) {
    const requirement = requirementFor(ctx.listing, pkg);
    if (!requirement) {
      return [problemAt(range, 'error', 'package-not-listed',
        `"${name}" is provided by the ${pkg.hubName} package, which packages.yml does not list.`, { addPackage: pkg.hubName, scaffold: true })];
    }
    if (!project.packages.has(pkg.projectName)) {
      return [problemAt(range, 'error', 'package-not-installed',
        `"${name}" is provided by the ${pkg.hubName} package, which packages.yml lists but is not installed: run \`dbt deps\`.`)];
    }
  }
  const suggestion = suggest(project, name);
  const where = packageName === undefined ? 'in this project or its installed packages' : `in package "${packageName}"`;
  const message = `No model, seed or snapshot named "${name}" ${where}.` + (suggestion ? ` Did you mean "${suggestion}"?` : '');
  return [problemAt(range, 'error', 'unknown-model', message, suggestion ? { suggestion, scaffold: true } : { scaffold: true })];
}

/** The closest known name (project, packages, catalogue). */
function suggest(project: DbtProject, name: string): string | undefined {
  let entry = nameIndexes.get(project);
  if (!entry || entry.version !== project.version) {
    const names: string[] = [];
    for (const node of project.allNodes()) names.push(node.name);
    for (const pkg of CDP_PACKAGES) for (const m of pkg.models) names.push(m.name);
    entry = { version: project.version, index: new NameIndex(names) };
    nameIndexes.set(project, entry);
  }
  return entry.index.closest(name);
}
