/**
 * Known dbt packages built on a CDP, and the models they provide: part of the CDP registry (registry.ts). Feeds
 * completion ("provided by package X") and the diagnostics that tell a user which package packages.yml is missing.
 */

export interface CatalogueModel {
  name: string;
  doc: string;
}

export interface CdpPackage {
  /** The `cdp` var value. */
  cdp: string;
  displayName: string;
  /** The dbt Hub name written in packages.yml. */
  hubName: string;
  /** The `name:` in the package's own dbt_project.yml, i.e. its folder under dbt_packages/. */
  projectName: string;
  /** Lowest version the product warehouse supports; `version:` ranges must allow it or a later one. */
  minVersion: string;
  /** The range the "add package" quick fix writes. */
  suggestedRange: readonly string[];
  models: readonly CatalogueModel[];
  /** Raw tables the CDP loads, as `source(sourceName, table)`. */
  sourceName: string;
  rawTables: readonly string[];
  /** Vars the package itself requires (global, or scoped under its project name) and what the scaffold writes. */
  packageVars?: readonly { name: string; value: string; doc: string }[];
  /** Why the scaffold sets the package's own data tests to warn (undefined: it leaves them alone). */
  warnTestsBecause?: string;
}

export const CDP_PACKAGES: readonly CdpPackage[] = [
  {
    cdp: 'segment',
    displayName: 'Segment',
    hubName: 'dbt-labs/segment',
    projectName: 'segment',
    // 0.9.0 is the first release on dbt_utils 1.x, which dbt-core 1.10 needs; earlier ones resolve to dbt_utils 0.8.
    minVersion: '0.9.0',
    suggestedRange: ['>=0.9.0', '<0.10.0'],
    models: [
      { name: 'segment_web_page_views', doc: 'One row per page view, with its session.' },
      { name: 'segment_web_sessions', doc: 'One row per session, with its first and last page.' },
      { name: 'segment_web_user_stitching', doc: 'Maps each anonymous_id to the last known user_id.' },
      { name: 'segment_web_sessions__initial', doc: 'Sessions before stitching (intermediate).' },
      { name: 'segment_web_sessions__stitched', doc: 'Sessions with stitched user ids (intermediate).' },
      { name: 'segment_web_page_views__sessionized', doc: 'Page views with a session id (intermediate).' },
    ],
    sourceName: 'segment',
    rawTables: ['pages', 'tracks', 'identifies', 'users'],
    packageVars: [{
      name: 'segment_page_views_table', value: "{{ source('segment', 'pages') }}",
      doc: 'The raw pages table the dbt-labs/segment package reads; unset, its models select from None.',
    }],
    warnTestsBecause: 'its not_null test on segment_web_user_stitching.anonymous_id fails on page calls without an anonymous_id (server-side calls), and at error it stops every model downstream',
  },
  {
    cdp: 'snowplow',
    displayName: 'Snowplow',
    hubName: 'snowplow/snowplow_web',
    projectName: 'snowplow_web',
    minVersion: '0.9.0',
    suggestedRange: ['>=0.9.0', '<2.0.0'],
    models: [
      { name: 'snowplow_web_page_views', doc: 'One row per page view.' },
      { name: 'snowplow_web_sessions', doc: 'One row per session.' },
      { name: 'snowplow_web_users', doc: 'One row per user.' },
    ],
    sourceName: 'atomic',
    rawTables: ['events'],
  },
];

/** The package package mode builds on for a CDP (the first one known). */
export function cdpPackage(cdp: string): CdpPackage | undefined {
  return CDP_PACKAGES.find((c) => c.cdp === cdp);
}

/** The catalogue package that provides a model name, if any. */
export function packageProviding(modelName: string): CdpPackage | undefined {
  return CDP_PACKAGES.find((c) => c.models.some((m) => m.name === modelName));
}

export function packageByHubName(hubName: string): CdpPackage | undefined {
  const lower = hubName.toLowerCase();
  return CDP_PACKAGES.find((c) => c.hubName.toLowerCase() === lower);
}

/** Matches git URLs such as https://github.com/dbt-labs/segment.git to a catalogue package. */
export function packageByGitUrl(url: string): CdpPackage | undefined {
  const m = /([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/.exec(url.trim());
  if (!m) return undefined;
  return packageByHubName(`${m[1]}/${m[2]}`) ?? CDP_PACKAGES.find((c) => c.projectName === m[2] || `dbt-${c.projectName}` === m[2]);
}

/** The dbt packages built on a CDP. */
export function packagesOf(cdp: string): CdpPackage[] {
  return CDP_PACKAGES.filter((p) => p.cdp === cdp);
}
