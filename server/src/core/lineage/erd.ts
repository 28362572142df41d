/**
 * The product warehouse as an entity-relationship diagram, read from the models' properties YAML: each column
 * with its type when written, keys from `unique` + `not_null` tests (the first such column is the primary key,
 * later ones alternate keys) and foreign keys from `relationships` tests (dbt's `to:`/`field:`, written directly or
 * under `arguments:`). Whatever the user scaffolded and changed is what is drawn.
 */
import { IndexedNode, IndexedProperties } from '../project/nodeTable';
import { refsInText } from './refsInText';
import { Erd, ErdColumn, ErdEntity, ErdRelation } from './lineageTypes';

export type { Erd, ErdColumn, ErdEntity, ErdRelation } from './lineageTypes';

/** Models of the product warehouse: the scaffold names them `wh_product_*`. */
export const WAREHOUSE_MODEL_PREFIX = 'wh_product_';

type Plain = Record<string, unknown>;

function isRecord(value: unknown): value is Plain {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A column's tests as `[name, arguments]` pairs, whatever the spelling (`tests:` or `data_tests:`, string or map). */
function testsOf(column: Plain): [string, Plain][] {
  const list = [...(Array.isArray(column.data_tests) ? column.data_tests : []), ...(Array.isArray(column.tests) ? column.tests : [])];
  const out: [string, Plain][] = [];
  for (const test of list) {
    if (typeof test === 'string') out.push([test, {}]);
    else if (isRecord(test)) {
      for (const [name, body] of Object.entries(test)) {
        const args = isRecord(body) ? (isRecord(body.arguments) ? { ...body, ...body.arguments } : body) : {};
        out.push([name, args]);
      }
    }
  }
  return out;
}

export function erdOf(models: { node: IndexedNode; properties?: IndexedProperties }[]): Erd {
  const entities: ErdEntity[] = [];
  const ids = new Map<string, string>();
  for (const { node } of models) ids.set(node.name, `model.${node.packageName}.${node.name}`);
  const relations: ErdRelation[] = [];
  for (const { node, properties } of models) {
    const id = ids.get(node.name)!;
    const columns: ErdColumn[] = [];
    let primary = false;
    const listed = Array.isArray(properties?.data.columns) ? properties!.data.columns : [];
    for (const raw of listed) {
      if (!isRecord(raw) || text(raw.name) === undefined) continue;
      const tests = testsOf(raw);
      const names = new Set(tests.map(([n]) => n));
      const column: ErdColumn = { name: text(raw.name)! };
      const dataType = text(raw.data_type);
      if (dataType) column.dataType = dataType;
      const description = text(raw.description)?.trim();
      if (description) column.description = description;
      if (names.has('unique') && names.has('not_null')) {
        column.key = primary ? 'alternate' : 'primary';
        primary = true;
      }
      const relationship = tests.find(([n]) => n === 'relationships')?.[1];
      const to = text(relationship?.to);
      const field = text(relationship?.field);
      const target = to ? refsInText(to, true).find((r) => r.kind === 'ref') : undefined;
      if (target?.kind === 'ref' && field) {
        column.references = { model: target.name, column: field };
        const toId = ids.get(target.name);
        if (toId) relations.push({ from: { entity: id, column: column.name }, to: { entity: toId, column: field } });
      }
      columns.push(column);
    }
    const description = text(properties?.data.description)?.trim();
    entities.push({ id, name: node.name, path: node.path, ...(properties ? { propertiesPath: properties.path } : {}), ...(description ? { description } : {}), columns });
  }
  return { entities, relations };
}
