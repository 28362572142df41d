/** Reads the ref-able nodes and sources out of dbt's target/manifest.json. */
import * as path from 'path';
import { IndexedNode, IndexedSource, NodeKind } from './nodeTable';

interface ManifestNode {
  resource_type?: string;
  name?: string;
  package_name?: string;
  original_file_path?: string;
  source_name?: string;
}

export interface ManifestEntries {
  nodes: IndexedNode[];
  sources: IndexedSource[];
}

/**
 * Paths in the manifest are relative to the project (root package) or to the package's own folder;
 * `packageRoots` maps package names to folders. Returns undefined for text that is not a manifest.
 */
export function parseManifest(text: string, projectRoot: string, packageRoots: Map<string, string>): ManifestEntries | undefined {
  let json: { nodes?: Record<string, ManifestNode>; sources?: Record<string, ManifestNode> };
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!json || typeof json !== 'object' || typeof json.nodes !== 'object') return undefined;
  const fileOf = (n: ManifestNode) => path.resolve(packageRoots.get(n.package_name ?? '') ?? projectRoot, n.original_file_path ?? '');
  const nodes: IndexedNode[] = [];
  for (const n of Object.values(json.nodes ?? {})) {
    const kind = n.resource_type as NodeKind;
    if ((kind === 'model' || kind === 'seed' || kind === 'snapshot') && n.name) {
      nodes.push({ name: n.name, kind, path: fileOf(n), offset: 0, packageName: n.package_name ?? '', origin: 'manifest' });
    }
  }
  const sources: IndexedSource[] = [];
  for (const s of Object.values(json.sources ?? {})) {
    if (s.source_name && s.name) {
      sources.push({ sourceName: s.source_name, table: s.name, path: fileOf(s), offset: 0, packageName: s.package_name ?? '' });
    }
  }
  return { nodes, sources };
}
