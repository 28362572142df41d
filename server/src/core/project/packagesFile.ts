/** The package requirements in packages.yml (or dbt 1.6+ dependencies.yml), with node offsets. */
import { isMap, isScalar, isSeq, Pair, Scalar, YAMLSeq } from 'yaml';
import { CdpPackage, packageByGitUrl, packageByHubName } from '../cdp/packages';
import { mapPair, ParsedYaml, stringValue } from '../yaml/yamlDocument';

export const PACKAGE_FILE_NAMES = ['packages.yml', 'dependencies.yml'] as const;

export interface PackageRequirement {
  /** `package`, `git`, `local`, `tarball` or `private`. */
  kind: string;
  /** The hub name, git URL or local path as written. */
  name: string;
  /** Version constraints as written (`version:` for hub packages). */
  constraints: string[];
  versionNode?: unknown;
  /** `revision:` for git packages. */
  revision?: string;
  revisionNode?: Scalar;
  /** The catalogue package this requirement installs, if it is one. */
  catalogue?: CdpPackage;
}

export interface PackagesListing {
  path: string;
  parsed: ParsedYaml;
  packagesPair?: Pair<Scalar, unknown>;
  sequence?: YAMLSeq;
  requirements: PackageRequirement[];
}

export function readPackagesListing(filePath: string, parsed: ParsedYaml): PackagesListing {
  const packagesPair = mapPair(parsed.doc.contents, 'packages');
  const sequence = isSeq(packagesPair?.value) ? (packagesPair?.value as YAMLSeq) : undefined;
  const requirements: PackageRequirement[] = [];
  for (const item of sequence?.items ?? []) {
    if (!isMap(item)) continue;
    for (const kind of ['package', 'git', 'local', 'tarball', 'private']) {
      const name = stringValue(mapPair(item, kind)?.value);
      if (name === undefined) continue;
      const versionNode = mapPair(item, 'version')?.value;
      const revisionNode = mapPair(item, 'revision')?.value;
      requirements.push({
        kind,
        name,
        constraints: constraintsOf(versionNode),
        versionNode,
        revision: isScalar(revisionNode) && revisionNode.value !== null ? String(revisionNode.value) : undefined,
        revisionNode: isScalar(revisionNode) ? revisionNode : undefined,
        catalogue: kind === 'package' ? packageByHubName(name) : kind === 'git' ? packageByGitUrl(name) : undefined,
      });
      break;
    }
  }
  return { path: filePath, parsed, packagesPair, sequence, requirements };
}

function constraintsOf(node: unknown): string[] {
  if (isSeq(node)) return node.items.filter(isScalar).map((s) => String(s.value));
  if (isScalar(node) && node.value !== null) return [String(node.value)];
  return [];
}

export function requirementFor(listing: PackagesListing | undefined, pkg: CdpPackage): PackageRequirement | undefined {
  return listing?.requirements.find((r) => r.catalogue === pkg);
}
