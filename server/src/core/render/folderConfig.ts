/**
 * Model config from dbt_project.yml's `models:` tree for one model: the settings of its package, then of each
 * folder down to the model itself, deeper ones winning, as dbt applies them. `+key` and the bare config names
 * count as settings; any other key with a mapping value is a sub-folder.
 */
const BARE_CONFIG_KEYS = new Set([
  'materialized', 'schema', 'alias', 'database', 'enabled', 'tags', 'unique_key', 'incremental_strategy',
  'on_schema_change', 'full_refresh', 'persist_docs', 'pre-hook', 'post-hook', 'meta', 'docs', 'grants', 'contract',
]);

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function settingsOf(level: Record<string, unknown>): Record<string, unknown> {
  const settings: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(level)) {
    if (key.startsWith('+')) settings[key.slice(1)] = value;
    else if (BARE_CONFIG_KEYS.has(key) && !isMapping(value)) settings[key] = value;
  }
  return settings;
}

/**
 * @param modelsTree the `models:` value of dbt_project.yml as plain data
 * @param pathParts the model's folders below its model-path, then the model name
 */
export function folderConfig(modelsTree: unknown, packageName: string, pathParts: readonly string[]): Record<string, unknown> {
  const config: Record<string, unknown> = {};
  if (!isMapping(modelsTree)) return config;
  Object.assign(config, settingsOf(modelsTree));
  let level: unknown = modelsTree[packageName];
  for (const part of ['', ...pathParts]) {
    if (part !== '') level = isMapping(level) ? level[part] : undefined;
    if (!isMapping(level)) break;
    Object.assign(config, settingsOf(level));
  }
  return config;
}
