/**
 * Package mode builds on a CDP package that needs vars of its own: dbt-labs/segment reads `segment_page_views_table`
 * (the raw pages table), and without it every model of the package selects from None. The rule reports it at the
 * mode that asks for the package, with the value to add as a quick fix — only while the product-warehouse vars
 * point at the package's models (a project that brings its own sessions and page views needs nothing of it).
 */
import { isMap } from 'yaml';
import { Problem } from '../../types';
import { keyName, mapPair } from '../../yaml/yamlDocument';
import { cdpPackage } from '../../cdp/packages';
import { effectiveEntry, effectiveString } from '../locate';
import { requiredPackages } from './packageRequirements';
import { ConfigContext, keyRange, problemAt, scalarRange } from './context';

export function checkPackageVars(ctx: ConfigContext): Problem[] {
  const mode = effectiveEntry(ctx.layout, 'product-warehouse-mode');
  if (effectiveString(ctx.layout, 'product-warehouse-mode') !== 'package' || !mode) return [];
  const pkg = cdpPackage(effectiveString(ctx.layout, 'cdp') ?? 'segment');
  if (!pkg?.packageVars || !requiredPackages(ctx.layout, ctx.project).has(pkg)) return [];
  const vars = mapPair(ctx.parsed.doc.contents, 'vars')?.value;
  const set = (name: string) => {
    if (!isMap(vars)) return false;
    const scoped = mapPair(vars, pkg.projectName)?.value;
    return vars.items.some((p) => keyName(p) === name) || (isMap(scoped) && scoped.items.some((p) => keyName(p) === name));
  };
  return pkg.packageVars.filter((v) => !set(v.name)).map((v) => problemAt(scalarRange(mode.value) ?? keyRange(mode.key), 'error', 'package-var-missing',
    `Package mode builds on ${pkg.hubName}, which reads the var ${v.name} (${v.doc.split(';')[0].replace(/^The /, 'the ')}); it is not set under vars:, so the package's models select from None.`,
    { addVar: { name: v.name, value: v.value } }));
}
