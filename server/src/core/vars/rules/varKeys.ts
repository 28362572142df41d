/** Rules about var keys: typos of registry names, vars placed outside `vars:`, other CDPs' vars, missing core vars. */
import { closestName } from '../../text';
import { cdpSpec, CDP_REGISTRY } from '../../cdp/registry';
import { effectiveString } from '../locate';
import { chosenCdp, coreVars, varAppliesTo, VAR_NAMES } from '../registry';
import { ConfigRule, keyRange, problemAt } from './context';

/** `cdp_events_model`, `CDP-Events-Model` and `cdp-events-modle` all mean `cdp-events-model`. */
function registryNameFor(key: string): string | undefined {
  const normalised = key.toLowerCase().replace(/_/g, '-');
  if (VAR_NAMES.includes(normalised)) return normalised;
  return closestName(normalised, VAR_NAMES);
}

export const checkVarKeyTypos: ConfigRule = (ctx) =>
  ctx.layout.unknownKeys.flatMap(({ key }) => {
    const suggestion = registryNameFor(String(key.value));
    if (!suggestion) return []; // some other package's global var: not ours to judge
    return [problemAt(keyRange(key), 'warning', 'var-typo',
      `"${String(key.value)}" is not a product-warehouse var. Did you mean "${suggestion}"?`, { suggestion })];
  });

export const checkMisplacedVars: ConfigRule = (ctx) =>
  ctx.layout.misplaced.map(({ key, spec }) =>
    problemAt(keyRange(key), 'warning', 'var-outside-vars',
      `"${spec.name}" is a var: dbt reads it only under "vars:", so here it has no effect.`));

export const checkMissingVars: ConfigRule = (ctx) => {
  // Only a project that uses the product warehouse (sets any of its vars) is asked for the rest.
  if (ctx.layout.entries.length === 0 || !ctx.layout.varsPair) return [];
  const present = new Set(ctx.layout.entries.map((e) => e.spec.name));
  const missing = coreVars(effectiveString(ctx.layout, 'product-warehouse-mode'), effectiveString(ctx.layout, 'cdp')).filter((v) => !present.has(v.name)).map((v) => v.name);
  if (missing.length === 0) return [];
  return [problemAt(keyRange(ctx.layout.varsPair.key), 'information', 'vars-missing',
    `Product-warehouse vars not set (their defaults apply): ${missing.join(', ')}.`, { addMissingVars: true })];
};

/** A raw-table var of another CDP: the chosen CDP's models never read it, so its value is silently unused. */
export const checkVarsOfOtherCdps: ConfigRule = (ctx) => {
  const cdp = chosenCdp(effectiveString(ctx.layout, 'cdp'));
  const chosen = cdpSpec(cdp)!;
  return ctx.layout.entries.filter((e) => !varAppliesTo(e.spec, cdp)).map((e) => {
    const owners = CDP_REGISTRY.filter((c) => e.spec.cdps!.includes(c.id)).map((c) => c.displayName).join(', ');
    const own = chosen.tableVars.map((v) => v.name).join(', ');
    return problemAt(keyRange(e.key), 'warning', 'var-of-other-cdp',
      `"${e.spec.name}" belongs to ${owners}; this project's cdp is ${chosen.displayName}, which reads ${own} instead.`);
  });
};
