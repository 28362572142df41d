/**
 * Finds the product-warehouse vars in a parsed dbt_project.yml. dbt reads vars globally under `vars:` or
 * scoped under `vars: {<package>: {...}}`; the product warehouse reads the global ones, those scoped to the
 * project that holds the scaffolded models, and those scoped to the 2020 package's name.
 */
import { isMap, isScalar, Pair, Scalar, YAMLMap } from 'yaml';
import { keyName, mapPair, ParsedYaml } from '../yaml/yamlDocument';
import { SEED_PACKAGE_NAME, varSpec, VarSpec } from './registry';

export interface VarEntry {
  spec: VarSpec;
  key: Scalar;
  /** The value node (a null Scalar for `key:` with nothing after it). */
  value: unknown;
  /** `undefined` for global vars, else the scope (package) name. */
  scope?: string;
  map: YAMLMap;
}

export interface VarsLayout {
  /** The top-level `vars:` pair. */
  varsPair?: Pair<Scalar, unknown>;
  entries: VarEntry[];
  /** Keys in product-warehouse scopes that are not registry vars (typo candidates). */
  unknownKeys: { key: Scalar; scope?: string }[];
  /** Registry var names used as top-level keys of dbt_project.yml (where dbt does not read them). */
  misplaced: { key: Scalar; spec: VarSpec }[];
  /** The maps product-warehouse vars live in, global first. */
  maps: { map: YAMLMap; scope?: string }[];
}

export function isWarehouseScope(scope: string, projectName: string | undefined): boolean {
  return scope === SEED_PACKAGE_NAME || (projectName !== undefined && scope === projectName);
}

export function locateVars(parsed: ParsedYaml, projectName: string | undefined): VarsLayout {
  const root = parsed.doc.contents;
  const layout: VarsLayout = { entries: [], unknownKeys: [], misplaced: [], maps: [] };
  if (isMap(root)) {
    for (const pair of root.items) {
      const name = keyName(pair);
      const spec = name === undefined ? undefined : varSpec(name);
      if (spec && isScalar(pair.key)) layout.misplaced.push({ key: pair.key, spec });
    }
  }
  layout.varsPair = mapPair(root, 'vars');
  const vars = layout.varsPair?.value;
  if (!isMap(vars)) return layout;
  collect(vars, undefined, layout);
  for (const pair of vars.items) {
    const name = keyName(pair);
    if (name === undefined || varSpec(name) || !isMap(pair.value)) continue;
    // A map under vars: is a package scope; only ours are read, other packages' vars are not our business.
    if (isWarehouseScope(name, projectName)) collect(pair.value, name, layout);
  }
  return layout;
}

function collect(map: YAMLMap, scope: string | undefined, layout: VarsLayout): void {
  layout.maps.push({ map, scope });
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue;
    const name = keyName(pair);
    if (name === undefined) continue;
    const spec = varSpec(name);
    if (spec) layout.entries.push({ spec, key: pair.key, value: pair.value, scope, map });
    else if (scope !== undefined || !isMap(pair.value)) layout.unknownKeys.push({ key: pair.key, scope });
  }
}

/**
 * The entry dbt would use for a var: a scoped value wins over a global one. When one map repeats a key,
 * the last one counts (PyYAML keeps the last).
 */
export function effectiveEntry(layout: VarsLayout, name: string): VarEntry | undefined {
  let global: VarEntry | undefined;
  let scoped: VarEntry | undefined;
  for (const entry of layout.entries) {
    if (entry.spec.name !== name) continue;
    if (entry.scope === undefined) global = entry;
    else scoped = entry;
  }
  return scoped ?? global;
}

/** The value dbt would use as a string (default included), or undefined when it is not a plain string. */
export function effectiveString(layout: VarsLayout | undefined, name: string): string | undefined {
  const entry = layout && effectiveEntry(layout, name);
  if (!entry) {
    const d = varSpec(name)?.default;
    return typeof d === 'string' ? d : undefined;
  }
  return isScalar(entry.value) && typeof entry.value.value === 'string' ? entry.value.value : undefined;
}
