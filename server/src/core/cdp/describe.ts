/** The CDP registry in words: hover and completion text, and the README's CDP tables (a unit test keeps them equal). */
import { CANONICAL_FIELDS, CDP_REGISTRY, CdpSpec, FIELD_DOCS } from './registry';
import { packagesOf } from './packages';

/** What a `cdp` value means: hover on the value, and the documentation of its completion item. */
export function cdpMarkdown(cdp: CdpSpec): string {
  const lines = [
    `**${cdp.displayName}** (\`cdp: ${cdp.id}\`)`, '', cdp.doc, '',
    `- Raw tables: ${cdp.tableVars.map((v) => `\`${v.name}\` (default \`{{ source('${cdp.sourceName}', '${v.table}') }}\`)`).join(', ')}`,
    `- Devices and users: ${cdp.identity}`,
    `- Sessions: ${cdp.nativeSession ? `its own, \`${cdp.nativeSession.column}\`${cdp.nativeSession.none ? ` (${cdp.nativeSession.none} means none)` : ''}` : 'from inactivity'}`,
    `- Duplicate deliveries share ${cdp.duplicateKey}`,
  ];
  const packages = packagesOf(cdp.id);
  if (packages.length > 0) lines.push(`- dbt packages: ${packages.map((p) => `\`${p.hubName}\``).join(', ')}`);
  return lines.join('\n');
}

const cell = (text: string) => text.replace(/\|/g, '\\|');

/** README: one row per CDP. */
export function renderCdpTable(): string {
  const lines = ['| `cdp` | CDP | raw tables (vars) | devices → users | sessions |', '|---|---|---|---|---|'];
  for (const c of CDP_REGISTRY) {
    const tables = c.tableVars.map((v) => `\`${c.sourceName}.${v.table}\` (\`${v.name}\`)`).join(', ');
    const sessions = c.nativeSession ? `own: \`${c.nativeSession.column}\`` : 'inactivity';
    lines.push(`| \`${c.id}\` | ${c.displayName} | ${tables} | ${cell(c.identity)} | ${sessions} |`);
  }
  return lines.join('\n');
}

/** README: where each canonical field comes from, per CDP. */
export function renderFieldSourcesTable(): string {
  const lines = [`| field | meaning | ${CDP_REGISTRY.map((c) => c.displayName).join(' | ')} |`, `|---|---|${CDP_REGISTRY.map(() => '---|').join('')}`];
  for (const field of CANONICAL_FIELDS) {
    lines.push(`| \`${field}\` | ${cell(FIELD_DOCS[field])} | ${CDP_REGISTRY.map((c) => cell(c.fields[field])).join(' | ')} |`);
  }
  return lines.join('\n');
}
