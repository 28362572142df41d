import * as assert from 'assert';
import { columnsNote, configSummary, escapeHtml, previewHtml, statusText } from '../../client/src/preview/previewHtml';
import { PreviewMessages } from '../../server/src/protocol';

const XSS = '<img src=x onerror=alert(1)>';

function state(over: Partial<PreviewMessages.State> = {}): PreviewMessages.State {
  return { status: 'rendered', adapter: 'duckdb', adapters: ['duckdb', 'postgres'], incremental: false, dbt: { running: false }, ...over };
}

function page(s: PreviewMessages.State): string {
  return previewHtml({ nonce: 'bm9uY2U=', cspSource: 'https://webview.test', scriptUri: 'https://webview.test/media/preview.js', styleUri: 'https://webview.test/media/preview.css', state: s });
}

describe('SQL preview webview HTML', () => {
  it('allows nothing but our stylesheet and the script with this nonce', () => {
    const html = page(state());
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.strictEqual(csp, "default-src 'none'; style-src https://webview.test; script-src 'nonce-bm9uY2U='; img-src https://webview.test");
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), ['<script nonce="bm9uY2U=" src="https://webview.test/media/preview.js">']);
    assert.deepStrictEqual(html.match(/\son\w+=/gi), null, 'no inline event handlers');
    assert.deepStrictEqual(html.match(/style=/g), null, 'no inline styles');
  });

  it('shows workspace text as text: a model named like markup, SQL, errors, config', () => {
    const html = page(state({
      model: XSS, sql: `select '${XSS}' as x`, relation: `"db"."${XSS}"`, target: XSS, config: { materialized: XSS },
      error: { message: `bad ${XSS}`, file: `models/${XSS}.sql`, line: 3 }, status: 'error',
      dbt: { running: false, unavailable: `"><script>alert(2)</script>`, compiled: 'x', diff: `+${XSS}` },
    }));
    assert.ok(!html.includes('<img'), 'no <img> element');
    assert.strictEqual(html.match(/<script/g)?.length, 1, 'only our script tag');
    assert.ok(html.includes('<span id="model" class="model">&lt;img src=x onerror=alert(1)&gt;</span>'));
    assert.ok(html.includes('<code id="sql">select &#39;&lt;img src=x onerror=alert(1)&gt;&#39; as x</code>'));
    assert.ok(html.includes('title="&quot;&gt;&lt;script&gt;alert(2)&lt;/script&gt;"'));
    assert.ok(html.includes('<div id="error" class="error">models/&lt;img src=x onerror=alert(1)&gt;.sql:3: bad &lt;img src=x onerror=alert(1)&gt;</div>'));
  });

  it('disables Compile with dbt with the reason, and summarises the config', () => {
    const html = page(state({ dbt: { running: false, unavailable: 'The workspace is not trusted' } }));
    assert.ok(html.includes('<button id="compile" type="button" disabled title="The workspace is not trusted">Compile with dbt</button>'));
    assert.strictEqual(configSummary({ materialized: 'incremental', unique_key: 'session_key', other: 1 }), 'materialized: incremental · unique_key: session_key');
    assert.strictEqual(escapeHtml(`&<>"'`), '&amp;&lt;&gt;&quot;&#39;');
  });

  it('says where column lists came from: the catalog file as the user knows it, its date, and relations it lacks', () => {
    const note = columnsNote({ file: 'build/catalog.json', generatedAt: '2026-11-26T05:00:00Z', relations: ['"w"."main"."orders"'], missing: ['"w"."raw"."events"'] });
    assert.strictEqual(note, 'columns of "w"."main"."orders"; "w"."raw"."events" not in it (no columns, as for a missing relation) — from build/catalog.json of 2026-11-26T05:00:00Z (dbt docs generate refreshes it)');
    assert.strictEqual(statusText(state({ columnsNote: 'x' })), 'rendered · x');
    assert.strictEqual(columnsNote(undefined), undefined);
    assert.ok(page(state({ columnsNote: XSS })).includes('rendered · &lt;img src=x onerror=alert(1)&gt;'));
  });
});
