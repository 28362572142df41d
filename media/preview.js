// The SQL preview webview: renders states sent by the extension with textContent only (no HTML from the
// workspace is ever parsed) and sends the user's choices back. Loaded under a nonce; no inline handlers.
(function () {
  const vscode = acquireVsCodeApi();
  const $ = (id) => document.getElementById(id);
  const CONFIG_KEYS = ['materialized', 'unique_key', 'incremental_strategy', 'on_schema_change', 'schema', 'alias', 'enabled'];
  const STATUS = { rendered: 'rendered', stale: 'stale: re-rendering…', rendering: 'rendering…', starting: "starting the preview's engine (once per session)…", error: 'error', empty: 'open a model' };

  function show(state) {
    vscode.setState(state);
    $('model').textContent = state.model || '';
    $('status').textContent = state.status === 'rendered'
      ? (state.placeholders ? 'rendered (no profile target: names hold placeholders)' : 'rendered') + (state.columnsNote ? ' · ' + state.columnsNote : '')
      : STATUS[state.status];
    $('status').className = 'status status-' + state.status;
    const select = $('adapter');
    if (select.options.length !== state.adapters.length) {
      select.replaceChildren(...state.adapters.map((a) => new Option(a, a)));
    }
    select.value = state.adapter;
    $('incremental').checked = state.incremental;
    const config = state.config || {};
    $('config').textContent = CONFIG_KEYS.filter((k) => config[k] !== undefined).map((k) => k + ': ' + String(config[k])).join(' · ');
    $('relation').textContent = state.relation ? state.relation + ' · target ' + (state.target || '') : '';
    const error = state.error;
    $('error').hidden = !error;
    $('error').textContent = error ? (error.file ? error.file + (error.line ? ':' + error.line : '') + ': ' : '') + error.message : '';
    if (state.sql !== undefined) $('sql').textContent = state.sql;
    const dbt = state.dbt;
    $('compile').disabled = Boolean(dbt.unavailable) || dbt.running;
    $('compile').title = dbt.unavailable || 'Run dbt compile for this model and compare';
    $('cancel').hidden = !dbt.running;
    $('dbt').hidden = !(dbt.compiled || dbt.error || dbt.running);
    $('dbt-summary').textContent = dbt.running ? 'dbt compile is running…' : dbt.error || (dbt.diff ? 'differs from the preview:' : dbt.compiled ? 'same SQL as the preview' : '');
    $('dbt-diff').textContent = dbt.diff || '';
  }

  window.addEventListener('message', (event) => {
    if (event.data && event.data.type === 'state') show(event.data.state);
  });
  $('adapter').addEventListener('change', (e) => vscode.postMessage({ type: 'setAdapter', adapter: e.target.value }));
  $('incremental').addEventListener('change', (e) => vscode.postMessage({ type: 'setIncremental', incremental: e.target.checked }));
  $('copy').addEventListener('click', () => vscode.postMessage({ type: 'copy' }));
  $('compile').addEventListener('click', () => vscode.postMessage({ type: 'compileWithDbt' }));
  $('cancel').addEventListener('click', () => vscode.postMessage({ type: 'cancelDbt' }));
  const saved = vscode.getState();
  if (saved) show(saved);
  vscode.postMessage({ type: 'ready' });
})();
