/**
 * The two configuration edits the product makes — vars into dbt_project.yml, a package into packages.yml — as
 * minimal insertions (comments, quoting and order of everything else untouched). Quick fixes and the scaffold
 * share them.
 */
import { PackagesListing } from '../project/packagesFile';
import { appendAtEnd, appendToMap, appendToSeq, Insertion } from '../yaml/yamlEdits';
import { CdpPackage } from '../cdp/packages';
import { VarsLayout } from './locate';

/** `key: value` lines into the map that already holds product-warehouse vars (maybe a scope), else `vars:`. */
export function varsInsertion(text: string, layout: VarsLayout, lines: string[]): Insertion {
  if (!layout.varsPair) return appendAtEnd(text, ['vars:', ...lines.map((l) => '  ' + l)]);
  const target = layout.entries[0]?.map ?? layout.maps[0]?.map;
  return appendToMap(text, target ?? (layout.varsPair.value as never), lines, layout.varsPair.key.range?.[0] ?? 0, '');
}

/** A `key: value` line into the global `vars:` map (not a scope): where a package reads its own vars. */
export function globalVarInsertion(text: string, layout: VarsLayout, line: string): Insertion {
  if (!layout.varsPair) return appendAtEnd(text, ['vars:', '  ' + line]);
  return appendToMap(text, layout.varsPair.value as never, [line], layout.varsPair.key.range?.[0] ?? 0, '');
}

export function packageItemLines(pkg: CdpPackage): string[] {
  return [`- package: ${pkg.hubName}`, `version: [${pkg.suggestedRange.map((r) => JSON.stringify(r)).join(', ')}]`];
}

/** The insertion into an existing packages file. */
export function packageInsertion(listing: PackagesListing, pkg: CdpPackage): Insertion {
  const text = listing.parsed.text;
  const pair = listing.packagesPair;
  const itemLines = packageItemLines(pkg);
  return pair
    ? appendToSeq(text, pair.value as never, itemLines, pair.key.range?.[0] ?? 0)
    : appendAtEnd(text, ['packages:', ...itemLines.map((l, i) => (i === 0 ? '  ' : '    ') + l)]);
}

/** The whole text of a new packages.yml holding only this package. */
export function newPackagesFile(pkg: CdpPackage): string {
  return ['packages:', ...packageItemLines(pkg).map((l, i) => (i === 0 ? '  ' : '    ') + l), ''].join('\n');
}

export function applyInsertion(text: string, insertion: Insertion): string {
  return text.slice(0, insertion.offset) + insertion.text + text.slice(insertion.offset + insertion.length);
}
