/** The README's var table, rendered from the registry (a unit test keeps README.md equal to it). */
import { CDP_PACKAGES } from '../cdp/packages';
import { CDP_REGISTRY } from '../cdp/registry';
import { formatDefault, VAR_REGISTRY } from './registry';

export function renderVarsTable(): string {
  const lines = ['| var | kind | default | what it is |', '|---|---|---|---|'];
  for (const v of VAR_REGISTRY) {
    const owners = v.cdps ? ` · ${CDP_REGISTRY.filter((c) => v.cdps!.includes(c.id)).map((c) => c.displayName).join(', ')}` : '';
    const kind = (v.kind === 'choice' ? v.choices!.join(' \\| ') : v.kind) + owners;
    const doc = v.doc + (v.legacy ? ' *(read by the 2020 package\'s code)*' : '');
    lines.push(`| \`${v.name}\` | ${kind} | \`${formatDefault(v).replace(/\|/g, '\\|')}\` | ${doc} |`);
  }
  return lines.join('\n');
}

export function renderCatalogueTable(): string {
  const lines = ['| `cdp` | package (packages.yml) | minimum | models known |', '|---|---|---|---|'];
  for (const c of CDP_PACKAGES) lines.push(`| \`${c.cdp}\` | \`${c.hubName}\` | ${c.minVersion} | ${c.models.map((m) => `\`${m.name}\``).join(', ')} |`);
  return lines.join('\n');
}
