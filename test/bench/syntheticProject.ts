/**
 * Writes a synthetic dbt project: N models in F folders plus P installed packages, parseable by real dbt. Folders
 * are layers: each model of folder f > 0 refs two models of folder f - 1 (a layered DAG, as lineage meets it).
 */
import { mkdirSync, writeFileSync } from 'fs';
import * as path from 'path';

export interface SyntheticSpec {
  models: number;
  folders: number;
  packages: number;
  modelsPerPackage: number;
}

// Names shaped like real dbt projects' (<layer>_<area>__<entity>_<n>), not a two-letter alphabet.
const LAYERS = ['stg', 'int', 'fct', 'dim', 'rpt'];
const AREAS = ['billing', 'crm', 'marketing', 'product', 'support', 'finance', 'sales', 'growth', 'ops', 'web'];
const ENTITIES = ['orders', 'invoices', 'customers', 'sessions', 'events', 'payments', 'accounts', 'tickets', 'campaigns', 'leads'];

export function modelName(folder: number, i: number): string {
  return `${LAYERS[folder % LAYERS.length]}_${AREAS[Math.floor(folder / LAYERS.length) % AREAS.length]}__${ENTITIES[i % ENTITIES.length]}_${Math.floor(i / ENTITIES.length)}_${folder}`;
}

export function writeSyntheticProject(dir: string, spec: SyntheticSpec): { modelNames: string[] } {
  const modelNames: string[] = [];
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'dbt_project.yml'), [
    'name: bench', 'version: "1.0.0"', 'config-version: 2', 'profile: bench',
    'vars:', '  cdp: segment', '  product-warehouse-mode: package', `  cdp-events-model: ${modelName(0, 0)}`, `  cdp-sessions-model: ${modelName(1, 1)}`, '',
  ].join('\n'));
  writeFileSync(path.join(dir, 'profiles.yml'), 'bench:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: bench.duckdb\n');
  const perFolder = Math.ceil(spec.models / spec.folders);
  for (let f = 0; f < spec.folders; f++) {
    const folder = path.join(dir, 'models', `area_${f}`);
    mkdirSync(folder, { recursive: true });
    for (let i = 0; i < perFolder && f * perFolder + i < spec.models; i++) {
      const name = modelName(f, i);
      modelNames.push(name);
      const parents = f === 0 ? [] : [modelName(f - 1, (i * 7) % perFolder), modelName(f - 1, (i * 13 + 1) % perFolder)];
      const from = parents.length ? ` from {{ ref('${parents[0]}') }} join {{ ref('${parents[1]}') }} using (id)` : '';
      writeFileSync(path.join(folder, `${name}.sql`), `select ${i} as id${from}\n`);
    }
  }
  for (let p = 0; p < spec.packages; p++) {
    const root = path.join(dir, 'dbt_packages', `pkg_${p}`);
    mkdirSync(path.join(root, 'models'), { recursive: true });
    writeFileSync(path.join(root, 'dbt_project.yml'), `name: pkg_${p}\nversion: "1.0.0"\nconfig-version: 2\n`);
    for (let i = 0; i < spec.modelsPerPackage; i++) {
      const name = `pkg_${p}_model_${i}`;
      modelNames.push(name);
      writeFileSync(path.join(root, 'models', `${name}.sql`), `select ${i} as id\n`);
    }
  }
  return { modelNames };
}
