/**
 * SVG drawing for the lineage and ERD webview: elements made with createElementNS and text set with textContent,
 * so no workspace text is ever parsed as markup; positions are SVG attributes and looks are CSS classes (the CSP
 * allows no inline style).
 */
const SVG = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, classes: string[] = []): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, String(v));
  if (classes.length) el.setAttribute('class', classes.join(' '));
  return el;
}

export function text(x: number, y: number, content: string, classes: string[]): SVGTextElement {
  const t = svg('text', { x, y }, classes);
  t.textContent = content;
  return t;
}

/** A smooth path through dagre's points (or a straight line for two). */
export function edgePath(points: { x: number; y: number }[]): string {
  if (points.length === 0) return '';
  if (points.length === 2) return `M${points[0].x},${points[0].y} L${points[1].x},${points[1].y}`;
  let d = `M${points[0].x},${points[0].y}`;
  for (let i = 1; i < points.length - 1; i++) {
    const mid = { x: (points[i].x + points[i + 1].x) / 2, y: (points[i].y + points[i + 1].y) / 2 };
    d += ` Q${points[i].x},${points[i].y} ${mid.x},${mid.y}`;
  }
  const last = points[points.length - 1];
  return `${d} L${last.x},${last.y}`;
}

/** A horizontal S-curve between two anchors (ERD relationships). */
export function curve(a: { x: number; y: number }, b: { x: number; y: number }): string {
  const dx = Math.max(24, Math.abs(b.x - a.x) / 2);
  const sa = b.x >= a.x ? 1 : -1;
  return `M${a.x},${a.y} C${a.x + sa * dx},${a.y} ${b.x - sa * dx},${b.y} ${b.x},${b.y}`;
}

export function arrowMarker(): SVGDefsElement {
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z' }, ['arrowhead']));
  defs.append(marker);
  return defs;
}

let measure: CanvasRenderingContext2D | null | undefined;

/** Width of a label in the body's font (a canvas measures; a character estimate where none is available). */
export function textWidth(content: string, font: string): number {
  if (measure === undefined) measure = document.createElement('canvas').getContext('2d');
  if (!measure) return content.length * 7.5;
  measure.font = font;
  return measure.measureText(content).width;
}
