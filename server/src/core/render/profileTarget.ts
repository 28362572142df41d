/**
 * The dbt target a preview renders for: the profile's default target when its type is the chosen adapter, else
 * the profile's first output of that type. Profile values are Jinja (`{{ env_var('X', 'y') }}`) and are rendered
 * as dbt does. Nothing readable: the placeholder target (names say `<target schema>`).
 */
import { isMap, isScalar } from 'yaml';
import { mapPair, parseYaml, stringValue } from '../yaml/yamlDocument';
import { Adapter } from './crossDbMacros';
import { createEnvironment } from './jinja';
import { placeholderTarget, RenderTarget, targetFromOutput } from './relations';

export function readTarget(profilesText: string | undefined, profileName: string | undefined, adapter: Adapter, env: Record<string, string | undefined>): RenderTarget {
  if (profilesText === undefined || !profileName) return placeholderTarget(adapter);
  const jinja = createEnvironment({
    env_var: (name: string, fallback?: unknown) => env[name] ?? fallback ?? '',
  });
  const render = (value: unknown): unknown => {
    if (typeof value !== 'string' || !/\{[{%]/.test(value)) return value;
    try {
      return jinja.renderString(value, {});
    } catch {
      return undefined;
    }
  };
  const profile = mapPair(parseYaml(profilesText).doc.contents, profileName)?.value;
  const outputs = mapPair(profile, 'outputs')?.value;
  if (!isMap(outputs)) return placeholderTarget(adapter);
  const wanted = render(stringValue(mapPair(profile, 'target')?.value));
  const candidates = outputs.items
    .map((pair) => ({ name: isScalar(pair.key) ? String(pair.key.value) : '', value: pair.value }))
    .filter((o) => isMap(o.value) && render(stringValue(mapPair(o.value, 'type')?.value)) === adapter);
  const chosen = candidates.find((o) => o.name === wanted) ?? candidates[0];
  if (!chosen || !isMap(chosen.value)) return placeholderTarget(adapter);
  const fields: Record<string, unknown> = {};
  for (const pair of chosen.value.items) {
    if (!isScalar(pair.key) || !isScalar(pair.value)) continue;
    const key = String(pair.key.value);
    // Secrets stay out of the preview: `target.password` renders as a marker.
    fields[key] = /password|secret|token|private_key/i.test(key) ? '<hidden>' : render(pair.value.value);
  }
  return targetFromOutput(chosen.name, adapter, fields);
}
