/**
 * Which CDP a project's declared sources come from, and under which source name: the scaffold's default when the
 * `cdp` var is not set, and the source its table vars point at. A source is a CDP's when it declares every raw table
 * of that CDP; CDPs that share a layout (Segment and RudderStack; the single-table ones) are told apart by the
 * source's name. No hint, no guess: a lone `events` table could be anybody's.
 */
import { CDP_REGISTRY, CdpSpec } from './registry';

export interface DeclaredSource {
  sourceName: string;
  table: string;
}

export interface DetectedCdp {
  cdp: string;
  sourceName: string;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Words in a source's name that name a CDP (besides its id). */
const NAME_HINTS: Readonly<Record<string, readonly string[]>> = {
  segment: ['segment'],
  rudderstack: ['rudder'],
  snowplow: ['snowplow', 'atomic'],
  amplitude: ['amplitude'],
  posthog: ['posthog'],
  mixpanel: ['mixpanel'],
};

function declaresAll(tables: Set<string>, cdp: CdpSpec): boolean {
  return cdp.tableVars.every((v) => tables.has(v.table.toLowerCase()));
}

/** The project's CDP among `among` (registry order), or undefined when no source is clearly one's. */
export function detectCdp(sources: Iterable<DeclaredSource>, among: readonly string[] = CDP_REGISTRY.map((c) => c.id)): DetectedCdp | undefined {
  const tablesOf = new Map<string, Set<string>>();
  for (const s of sources) {
    // The name goes into Jinja the scaffold writes (`source('<name>', …)`): identifiers only, as dbt's names are.
    if (!IDENTIFIER.test(s.sourceName)) continue;
    if (!tablesOf.has(s.sourceName)) tablesOf.set(s.sourceName, new Set());
    tablesOf.get(s.sourceName)!.add(s.table.toLowerCase());
  }
  const candidates = CDP_REGISTRY.filter((c) => among.includes(c.id));
  const names = [...tablesOf.keys()].sort();
  // A source named like a CDP and declaring its tables first; then Segment's layout, the one most loaders write.
  for (const cdp of candidates) {
    const named = names.find((n) => NAME_HINTS[cdp.id].some((hint) => n.toLowerCase().includes(hint)) && declaresAll(tablesOf.get(n)!, cdp));
    if (named) return { cdp: cdp.id, sourceName: named };
  }
  const segment = candidates.find((c) => c.id === 'segment');
  const layout = segment && names.find((n) => declaresAll(tablesOf.get(n)!, segment));
  return layout ? { cdp: 'segment', sourceName: layout } : undefined;
}
