/**
 * A lineage graph as a Mermaid flowchart (the CLI's `--format mermaid` and the panel's "Copy as Mermaid"): one
 * shape per kind (model box, source cylinder, seed parallelogram, snapshot subroutine, missing hexagon), the focus
 * in its own class, cycles as comments. Labels are escaped with Mermaid's entity codes, so no workspace text can
 * end a label or start a directive.
 */
import { LineageGraph, LineageKind } from './lineageTypes';

const SHAPES: Record<LineageKind, [string, string]> = {
  model: ['[', ']'],
  source: ['[(', ')]'],
  seed: ['[/', '/]'],
  snapshot: ['[[', ']]'],
  missing: ['{{', '}}'],
};

export function mermaidLabel(text: string): string {
  return text.replace(/[#"<>&`\\\n\r]/g, (c) => `#${c.charCodeAt(0)};`);
}

export function toMermaid(graph: LineageGraph): string {
  const ids = new Map(graph.nodes.map((n, i) => [n.id, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const node of graph.nodes) {
    const [open, close] = SHAPES[node.kind];
    const label = node.kind === 'missing' ? `${node.name} (missing)` : node.name;
    lines.push(`  ${ids.get(node.id)}${open}"${mermaidLabel(label)}"${close}`);
  }
  for (const edge of graph.edges) lines.push(`  ${ids.get(edge.from)} --> ${ids.get(edge.to)}`);
  for (const cycle of graph.cycles) lines.push(`  %% cycle among: ${cycle.map((id) => ids.get(id)).join(', ')}`);
  lines.push('  classDef focus stroke-width:3px', `  class ${ids.get(graph.focus)} focus`);
  return lines.join('\n') + '\n';
}
