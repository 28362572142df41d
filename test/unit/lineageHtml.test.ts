import * as assert from 'assert';
import { lineageHtml } from '../../client/src/lineage/lineageHtml';

describe('lineage webview HTML', () => {
  it('allows nothing but our stylesheet and the script with this nonce; nothing inline, no workspace text', () => {
    const html = lineageHtml({ nonce: 'bm9uY2U=', cspSource: 'https://webview.test', scriptUri: 'https://webview.test/client/out/lineage.js', styleUri: 'https://webview.test/media/lineage.css' });
    const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(html)?.[1];
    assert.strictEqual(csp, "default-src 'none'; style-src https://webview.test; script-src 'nonce-bm9uY2U='; img-src https://webview.test");
    assert.deepStrictEqual(html.match(/<script[^>]*>/g), ['<script nonce="bm9uY2U=" src="https://webview.test/client/out/lineage.js">']);
    assert.deepStrictEqual(html.match(/\son\w+=/gi), null, 'no inline event handlers');
    assert.deepStrictEqual(html.match(/style=/g), null, 'no inline styles');
    assert.deepStrictEqual(html.match(/<link[^>]*>/g), ['<link rel="stylesheet" href="https://webview.test/media/lineage.css">']);
  });
});
