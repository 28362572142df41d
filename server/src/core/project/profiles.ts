/** The adapter of a project's dbt profile (`type:` of the profile's default target), read from profiles.yml. */
import { isMap } from 'yaml';
import { mapPair, ParsedYaml, parseYaml, stringValue } from '../yaml/yamlDocument';

export function adapterOf(profilesText: string, profileName: string | undefined): string | undefined {
  return profileName ? adapterOfParsed(parseYaml(profilesText), profileName) : undefined;
}

/** The same, from profiles.yml already parsed (parsing is the cost: a hostile 46 KB file takes 100-200 ms). */
export function adapterOfParsed(profiles: ParsedYaml, profileName: string | undefined): string | undefined {
  if (!profileName) return undefined;
  const profile = mapPair(profiles.doc.contents, profileName)?.value;
  if (!isMap(profile)) return undefined;
  const target = stringValue(mapPair(profile, 'target')?.value);
  const outputs = mapPair(profile, 'outputs')?.value;
  const output = target ? mapPair(outputs, target)?.value : undefined;
  const type = stringValue(mapPair(output, 'type')?.value);
  return type && !type.includes('{{') ? type : undefined;
}
