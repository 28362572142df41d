/**
 * The lineage / ERD webview's HTML: the same strict CSP as the SQL preview (our script under a fresh nonce, our
 * stylesheet, nothing inline). The page is static; the graph arrives as a message and is drawn by
 * client/webview/lineageView.ts with createElementNS and textContent.
 */
import { escapeHtml, webviewHead } from '../preview/previewHtml';

export interface LineagePage {
  nonce: string;
  cspSource: string;
  scriptUri: string;
  styleUri: string;
}

export function lineageHtml(page: LineagePage): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
${webviewHead(page, 'Lineage')}
<body>
<header class="toolbar">
  <span class="views" role="group" aria-label="View">
    <button id="view-lineage" type="button" aria-pressed="true">Lineage</button>
    <button id="view-erd" type="button" aria-pressed="false">Warehouse ERD</button>
  </span>
  <span id="levels" class="levels">
    <label>Upstream <input id="upstream" type="number" min="0" max="100" value="2" aria-label="Levels upstream"></label>
    <label>Downstream <input id="downstream" type="number" min="0" max="100" value="2" aria-label="Levels downstream"></label>
  </span>
  <button id="copy" type="button" title="Copy the graph as a Mermaid flowchart">Copy as Mermaid</button>
  <span id="project" class="project"></span>
  <span id="status" class="status status-empty" role="status">open a model</span>
</header>
<main id="canvas" class="canvas"></main>
<script nonce="${e(page.nonce)}" src="${e(page.scriptUri)}"></script>
</body>
</html>`;
}
