/**
 * The SQL preview webview's HTML: a strict CSP (nothing but our script with a fresh nonce and our stylesheet), no
 * inline handlers, and every text that comes from the workspace escaped. The first paint shows the state as HTML;
 * later states arrive as messages and are written with textContent by media/preview.js.
 */
import type { PreviewMessages } from '../../../server/src/protocol';

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

export interface PreviewPage {
  nonce: string;
  /** The webview's `cspSource` (where our own resources are allowed from). */
  cspSource: string;
  scriptUri: string;
  styleUri: string;
  state: PreviewMessages.State;
}

const CONFIG_KEYS = ['materialized', 'unique_key', 'incremental_strategy', 'on_schema_change', 'schema', 'alias', 'enabled'];

/** "materialized: incremental · unique_key: session_key · …": the header over the SQL. */
export function configSummary(config: Record<string, unknown> | undefined): string {
  if (!config) return '';
  return CONFIG_KEYS.filter((k) => config[k] !== undefined).map((k) => `${k}: ${String(config[k])}`).join(' · ');
}

/** "columns of a, b — from target/catalog.json of <date>": where the preview's column lists came from (`file` as shown
 * to the user: the project's target-path may not be `target`). */
export function columnsNote(from: { file: string; generatedAt: string | null; relations: string[]; missing: string[] } | undefined): string | undefined {
  if (!from) return undefined;
  const listed = from.relations.length ? `columns of ${from.relations.join(', ')}` : '';
  const missing = from.missing.length ? `${from.missing.join(', ')} not in it (no columns, as for a missing relation)` : '';
  return `${[listed, missing].filter(Boolean).join('; ')} — from ${from.file}${from.generatedAt ? ` of ${from.generatedAt}` : ''} (dbt docs generate refreshes it)`;
}

export function statusText(state: PreviewMessages.State): string {
  switch (state.status) {
    case 'rendered': return (state.placeholders ? 'rendered (no profile target: names hold placeholders)' : 'rendered') + (state.columnsNote ? ` · ${state.columnsNote}` : '');
    case 'stale': return 'stale: re-rendering…';
    case 'rendering': return 'rendering…';
    case 'starting': return "starting the preview's engine (once per session)…";
    case 'error': return 'error';
    default: return 'open a model';
  }
}

/**
 * The head every webview of ours shares: a CSP that allows only our stylesheet and the one script carrying this
 * nonce (nothing inline), and the stylesheet's link.
 */
export function webviewHead(page: { nonce: string; cspSource: string; styleUri: string }, title: string): string {
  const csp = ["default-src 'none'", `style-src ${page.cspSource}`, `script-src 'nonce-${page.nonce}'`, `img-src ${page.cspSource}`].join('; ');
  return `<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/"/g, '')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}">
<title>${escapeHtml(title)}</title>
</head>`;
}

export function previewHtml(page: PreviewPage): string {
  const { state } = page;
  const e = escapeHtml;
  const options = state.adapters.map((a) => `<option value="${e(a)}"${a === state.adapter ? ' selected' : ''}>${e(a)}</option>`).join('');
  const error = state.error ? `${state.error.file ? `${state.error.file}${state.error.line ? `:${state.error.line}` : ''}: ` : ''}${state.error.message}` : '';
  return `<!DOCTYPE html>
<html lang="en">
${webviewHead(page, 'SQL Preview')}
<body>
<header class="toolbar">
  <span id="model" class="model">${e(state.model ?? '')}</span>
  <span id="status" class="status status-${e(state.status)}">${e(statusText(state))}</span>
  <label>Adapter <select id="adapter" aria-label="Adapter">${options}</select></label>
  <label><input id="incremental" type="checkbox"${state.incremental ? ' checked' : ''}> Incremental run</label>
  <button id="copy" type="button">Copy</button>
  <button id="compile" type="button"${state.dbt.unavailable || state.dbt.running ? ' disabled' : ''} title="${e(state.dbt.unavailable ?? 'Run dbt compile for this model and compare')}">Compile with dbt</button>
  <button id="cancel" type="button"${state.dbt.running ? '' : ' hidden'}>Cancel</button>
</header>
<div id="config" class="config">${e(configSummary(state.config))}</div>
<div id="relation" class="relation">${e(state.relation ? `${state.relation} · target ${state.target ?? ''}` : '')}</div>
<div id="error" class="error"${error ? '' : ' hidden'}>${e(error)}</div>
<pre class="sql"><code id="sql">${e(state.sql ?? '')}</code></pre>
<section id="dbt" class="dbt"${state.dbt.compiled || state.dbt.error ? '' : ' hidden'}>
  <h2>dbt compile</h2>
  <div id="dbt-summary">${e(state.dbt.error ?? (state.dbt.diff ? 'differs from the preview:' : state.dbt.compiled ? 'same SQL as the preview' : ''))}</div>
  <pre class="diff"><code id="dbt-diff">${e(state.dbt.diff ?? '')}</code></pre>
</section>
<script nonce="${e(page.nonce)}" src="${e(page.scriptUri)}"></script>
</body>
</html>`;
}
