/** Which warehouse column is under the cursor: in a model's properties YAML, or in SQL that reads the model. */
import { isMap, isScalar, isSeq } from 'yaml';
import { ParsedYaml } from '../yaml/yamlDocument';
import { WarehouseColumn, warehouseColumn, WAREHOUSE_COLUMNS } from './columns';

export interface ColumnAt {
  model: string;
  column: WarehouseColumn;
  start: number;
  end: number;
}

const REFS = /\bref\(\s*(['"])([\w.-]+)\1(?:\s*,\s*(['"])([\w.-]+)\3)?/g;

/**
 * A word of SQL that names a column of a warehouse model the file reads with `ref()` (or of the model itself):
 * the first such model in the file wins when two have the column.
 */
export function columnInSql(text: string, offset: number, ownModel: string): ColumnAt | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && /\w/.test(text[start - 1])) start--;
  while (end < text.length && /\w/.test(text[end])) end++;
  if (start === end) return undefined;
  const word = text.slice(start, end).toLowerCase();
  const models = [ownModel, ...[...text.matchAll(REFS)].map((m) => m[4] ?? m[2])].filter((m) => m in WAREHOUSE_COLUMNS);
  for (const model of models) {
    const column = warehouseColumn(model, word);
    if (column) return { model, column, start, end };
  }
  return undefined;
}

/** The `name:` of a column under `models: - name: <warehouse model>` in properties YAML. */
export function columnInYaml(parsed: ParsedYaml, offset: number): ColumnAt | undefined {
  const root = parsed.doc.contents;
  const models = isMap(root) ? root.get('models', true) : undefined;
  if (!isSeq(models)) return undefined;
  for (const entry of models.items) {
    if (!isMap(entry)) continue;
    const model = entry.get('name');
    const columns = entry.get('columns', true);
    if (typeof model !== 'string' || !(model in WAREHOUSE_COLUMNS) || !isSeq(columns)) continue;
    for (const item of columns.items) {
      const name = isMap(item) ? item.get('name', true) : undefined;
      if (!isScalar(name) || typeof name.value !== 'string' || !name.range) continue;
      const [start, end] = name.range;
      if (offset < start || offset > end) continue;
      const column = warehouseColumn(model, name.value.toLowerCase());
      return column && { model, column, start, end };
    }
  }
  return undefined;
}
