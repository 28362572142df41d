/**
 * Whether dbt would build a node, as far as plain text can tell without running Jinja: `enabled` along the node's
 * fqn in dbt_project.yml (`models:`, `seeds:`, `snapshots:` of its own project, then the root project's, which wins)
 * and `config: {enabled: …}` in its properties YAML. Values are booleans, `true`/`false` strings, or the simple Jinja
 * forms `{{ var('name') }}` and `{{ var('name', <true|false>) }}` read from the vars. Anything else counts as enabled
 * (the preview's engine, which runs the real Jinja, has the final word).
 */
import * as path from 'path';
import { isInside, PathSetting } from './projectConfig';

export type Level = Record<string, unknown>;

const TREE_KEYS = { model: 'models', seed: 'seeds', snapshot: 'snapshots' } as const;

function isRecord(value: unknown): value is Level {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The fqn dbt gives a node: its package, its folders below its model/seed/snapshot path, its name. */
export function nodeFqn(packageName: string, paths: readonly PathSetting[], file: string, name: string): string[] {
  for (const setting of paths) {
    if (!isInside(setting.absolute, file)) continue;
    const folders = path.relative(setting.absolute, path.dirname(file));
    return [packageName, ...(folders ? folders.split(path.sep) : []), name];
  }
  return [packageName, name];
}

/** true, false, or undefined when the text does not say plainly. */
export function plainBoolean(value: unknown, vars: Level): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (/^(true|false)$/i.test(text)) return text.toLowerCase() === 'true';
  const m = /^\{\{\s*var\(\s*(['"])([^'"]+)\1\s*(?:,\s*(true|false|True|False)\s*)?\)\s*\}\}$/.exec(text);
  if (!m) return undefined;
  if (m[2] in vars) return plainBoolean(vars[m[2]], {});
  return m[3] === undefined ? undefined : m[3].toLowerCase() === 'true';
}

/** `enabled` set along the fqn in one project's config tree (the deepest setting wins); undefined if unset. */
function enabledInTree(tree: unknown, fqn: readonly string[], vars: Level): boolean | undefined {
  let found: boolean | undefined;
  let level: unknown = tree;
  for (let depth = 0; isRecord(level); depth++) {
    for (const key of ['enabled', '+enabled']) {
      if (key in level && !isRecord(level[key])) {
        const value = plainBoolean(level[key], vars);
        if (value !== undefined) found = value;
      }
    }
    if (depth >= fqn.length) break;
    level = level[fqn[depth]];
  }
  return found;
}

export interface EnabledInputs {
  kind: keyof typeof TREE_KEYS;
  fqn: readonly string[];
  /** The node's own project's dbt_project.yml and the root project's (the same object for the root's nodes). */
  ownConfig: Level | undefined;
  rootConfig: Level | undefined;
  /** `config:` of the node's properties entry, if it has one. */
  propertiesConfig: unknown;
  /** The vars the node sees (global and scoped to its package). */
  vars: Level;
}

export function isEnabled(inputs: EnabledInputs): boolean {
  const key = TREE_KEYS[inputs.kind];
  let enabled = enabledInTree(inputs.ownConfig?.[key], inputs.fqn, inputs.vars) ?? true;
  if (isRecord(inputs.propertiesConfig)) enabled = plainBoolean(inputs.propertiesConfig.enabled, inputs.vars) ?? enabled;
  if (inputs.rootConfig !== inputs.ownConfig) enabled = enabledInTree(inputs.rootConfig?.[key], inputs.fqn, inputs.vars) ?? enabled;
  return enabled;
}
