/**
 * packages.yml rules: a package the chosen CDP needs is missing, or its version range excludes the versions
 * the product warehouse supports (segment >= 0.9.0: the releases before it need dbt_utils 0.x, which fails on
 * dbt-core 1.10 with DuckDB).
 */
import * as semver from 'semver';
import { DbtProject } from '../../project/dbtProject';
import { PackageRequirement, PackagesListing, requirementFor } from '../../project/packagesFile';
import { Problem } from '../../types';
import { CdpPackage, packageProviding } from '../../cdp/packages';
import { containsJinja, parseSimpleCall } from '../jinjaForms';
import { effectiveString, VarsLayout } from '../locate';
import { VAR_REGISTRY } from '../registry';
import { keyRange, problemAt, scalarRange } from './context';

export interface PackagesContext {
  listing: PackagesListing;
  /** The vars of the project's dbt_project.yml; undefined when it cannot be read. */
  layout?: VarsLayout;
  project?: DbtProject;
}

/** Catalogue packages whose models the product-warehouse vars (defaults included) point at. */
export function requiredPackages(layout: VarsLayout | undefined, project: DbtProject | undefined): Map<CdpPackage, string[]> {
  const required = new Map<CdpPackage, string[]>();
  // A project that sets no product-warehouse var does not use it: nothing is required.
  if (!layout || layout.entries.length === 0) return required;
  if (effectiveString(layout, 'product-warehouse-mode') !== 'package') return required;
  for (const spec of VAR_REGISTRY) {
    if (spec.kind !== 'model' || (spec.legacy && !layout.entries.some((e) => e.spec === spec))) continue;
    const value = effectiveString(layout, spec.name);
    if (value === undefined) continue;
    const name = containsJinja(value) ? parseSimpleCall(value)?.args.slice(-1)[0] : value;
    const pkg = name === undefined ? undefined : packageProviding(name);
    // A model of the same name in the project itself stands in for the package's.
    if (!pkg || !name || (project && project.own.get(name).length > 0)) continue;
    required.set(pkg, [...(required.get(pkg) ?? []), name]);
  }
  return required;
}

export function checkPackageRequirements(ctx: PackagesContext): Problem[] {
  const problems: Problem[] = [];
  const anchor = ctx.listing.packagesPair ? keyRange(ctx.listing.packagesPair.key) : ([0, 0] as [number, number]);
  for (const [pkg, models] of requiredPackages(ctx.layout, ctx.project)) {
    if (requirementFor(ctx.listing, pkg)) continue;
    problems.push(problemAt(anchor, 'error', 'package-required',
      `The product warehouse needs ${pkg.hubName} (>=${pkg.minVersion}) for ${models.map((m) => `"${m}"`).join(', ')}; packages.yml does not list it.`,
      { addPackage: pkg.hubName }));
  }
  for (const requirement of ctx.listing.requirements) {
    const problem = versionProblem(requirement);
    if (problem) problems.push(problem);
  }
  return problems;
}

function versionProblem(req: PackageRequirement): Problem | undefined {
  const pkg = req.catalogue;
  if (!pkg) return undefined;
  const needed = `>=${pkg.minVersion}`;
  if (req.kind === 'package' && req.constraints.length > 0) {
    const range = req.constraints.join(' ');
    if (!semver.validRange(range) || semver.intersects(range, needed)) return undefined;
    return problemAt(scalarRange(req.versionNode) ?? (req.versionNode as { range?: number[] })?.range, 'error', 'package-version',
      `Version range "${range}" of ${pkg.hubName} excludes every version ${needed}, the releases that run on dbt-core 1.10 (with dbt_utils 1.x).`);
  }
  if (req.kind === 'git' && req.revision && /^v?\d+(\.\d+){0,2}$/.test(req.revision)) {
    const version = semver.coerce(req.revision);
    if (!version || semver.gte(version, pkg.minVersion)) return undefined;
    return problemAt(scalarRange(req.revisionNode), 'error', 'package-version',
      `Revision "${req.revision}" of ${pkg.hubName} is older than ${pkg.minVersion}, which the product warehouse needs.`);
  }
  return undefined;
}
