/** The analytics vars in dbt_project.yml: funnels and conversion events checked node by node, fixed, completed and explained. */
import * as assert from 'assert';
import { CodeAction, TextEdit } from 'vscode-languageserver-types';
import { applyEdits, brief, cursor, workspace } from '../helpers/setup';

const HEAD = 'name: shop\nvars:\n  cdp: segment\n  product-warehouse-mode: self-contained\n';

async function check(vars: string): Promise<{ problems: string[]; fixed: (title: string) => string }> {
  const text = HEAD + vars;
  const ws = await workspace({ 'dbt_project.yml': text });
  const doc = ws.doc('dbt_project.yml');
  const diagnostics = await ws.service.doValidation(doc);
  const actions = await ws.service.getCodeActions(doc, diagnostics);
  const problems = diagnostics.filter((d) => d.code !== 'vars-missing').map(brief);
  const fixed = (title: string) => {
    const action = actions.find((a) => a.title === title) as CodeAction | undefined;
    assert.ok(action, `no quick fix "${title}" among ${actions.map((a) => a.title).join(', ')}`);
    return applyEdits(text, action.edit!.changes![doc.uri] as TextEdit[]).slice(HEAD.length);
  };
  return { problems, fixed };
}

describe('funnels and conversion events in dbt_project.yml', () => {
  it('accepts the example shop\'s configuration', async () => {
    const vars = [
      '  product-warehouse-funnels:',
      '    - name: checkout',
      '      steps: [Product Viewed, Product Added, Checkout Started, Order Completed]',
      '      window-seconds: 86400',
      '    - {name: exact, steps: [Product Added, Checkout Started], order: exact}',
      '  product-warehouse-conversion-events: [Order Completed, Signed Up]',
      '  product-warehouse-attribution-lookback-seconds: 1209600',
      '  product-warehouse-attribution-half-life-seconds: 259200',
      '',
    ].join('\n');
    assert.deepStrictEqual((await check(vars)).problems, []);
  });

  it('puts each mistake on its own node: no steps, a step that is not a string, an unknown key, a bad window, an unknown order', async () => {
    const vars = [
      '  product-warehouse-funnels:',
      '    - name: no-steps',
      '    - name: empty',
      '      steps: []',
      '    - name: numbered',
      '      steps: [Product Viewed, 404, {a: b}]',
      '      windw-seconds: 60',
      '    - name: timing',
      '      steps: [A]',
      '      window-seconds: 1.5',
      '    - name: ordering',
      '      steps: [A, B]',
      '      order: exakt',
      '      window-seconds: "3600"',
      '    - name: timing',
      '      steps: [A]',
      '    - just a string',
      '',
    ].join('\n');
    const { problems, fixed } = await check(vars);
    assert.deepStrictEqual(problems, [
      '[5,6,6,0] error funnel-without-steps: Funnel "no-steps" has no steps: add steps: [first event, second event, ...].',
      '[7,13,7,15] error funnel-without-steps: Funnel "empty" has no steps: steps must be a list of event names, got an empty list.',
      '[9,30,9,33] error funnel-step-not-string: Step 2 of funnel "numbered" must be an event name (a string), got a number (404).',
      '[9,35,9,41] error funnel-step-not-string: Step 3 of funnel "numbered" must be an event name (a string), got a map.',
      '[10,6,10,19] error unknown-funnel-key: "windw-seconds" is not a funnel key; a funnel has name, steps, window-seconds, order.',
      '[13,22,13,25] error invalid-number: The window-seconds of funnel "timing" must be a positive whole number of seconds, got 1.5.',
      '[16,13,16,18] error invalid-choice: "exakt" is not a funnel order (funnel "ordering"); supported: this-order, exact, any.',
      '[17,22,17,28] error invalid-number: The window-seconds of funnel "ordering" must be a positive whole number of seconds, got a string.',
      '[18,12,18,18] error duplicate-funnel-name: Funnel "timing" is defined twice (funnels 4 and 6).',
      '[20,6,20,19] error funnel-not-mapping: Funnel 7 must be a mapping with name and steps, got a string.',
    ]);
    assert.ok(fixed("Replace with 'window-seconds'").includes('\n      window-seconds: 60\n'));
    assert.ok(fixed("Replace with 'exact'").includes('\n      order: exact\n'));
    assert.ok(fixed('Replace with \'"404"\'').includes('steps: [Product Viewed, "404", {a: b}]'));
  });

  it('checks the shapes of the list vars themselves', async () => {
    const { problems } = await check('  product-warehouse-funnels: checkout\n  product-warehouse-conversion-events: [Order Completed, 7]\n');
    assert.deepStrictEqual(problems, [
      '[4,29,4,37] error wrong-type: "product-warehouse-funnels" expects a list of funnels ({name, steps, window-seconds, order}), got a string.',
      '[5,57,5,58] error wrong-type: Conversion event 2 must be an event name (a string), got a number (7).',
    ]);
    assert.deepStrictEqual((await check('  product-warehouse-conversion-events: Order Completed\n  product-warehouse-funnels: []\n')).problems, []);
  });

  async function complete(vars: string) {
    const { text, offset } = cursor(HEAD + vars);
    const ws = await workspace({ 'dbt_project.yml': text });
    const doc = ws.doc('dbt_project.yml', text);
    const list = await ws.service.doComplete(doc, doc.positionAt(offset));
    return { labels: list.items.map((i) => i.label), accept: (label: string) => applyEdits(text, [list.items.find((i) => i.label === label)!.textEdit as TextEdit]).slice(HEAD.length) };
  }

  it('completes funnel keys and order values, and nothing inside a block list of steps', async () => {
    const first = await complete('  product-warehouse-funnels:\n    - na|\n');
    assert.deepStrictEqual(first.labels, ['name', 'steps', 'window-seconds', 'order']);
    assert.strictEqual(first.accept('name'), '  product-warehouse-funnels:\n    - name: \n');
    const sibling = await complete('  product-warehouse-funnels:\n    - name: checkout\n      or|\n');
    assert.strictEqual(sibling.accept('order'), '  product-warehouse-funnels:\n    - name: checkout\n      order: this-order\n');
    const order = await complete('  product-warehouse-funnels:\n    - name: checkout\n      order: |\n');
    assert.deepStrictEqual(order.labels, ['this-order', 'exact', 'any']);
    assert.strictEqual(order.accept('any'), '  product-warehouse-funnels:\n    - name: checkout\n      order: any\n');
    assert.deepStrictEqual((await complete('  product-warehouse-funnels:\n    - name: checkout\n      steps:\n        - Pro|\n')).labels, []);
    const key = await complete('  product-warehouse-fun|\n');
    assert.strictEqual(key.accept('product-warehouse-funnels'), '  product-warehouse-funnels: []\n');
  });

  it('explains funnel keys and orders on hover', async () => {
    const hover = async (vars: string) => {
      const { text, offset } = cursor(HEAD + vars);
      const ws = await workspace({ 'dbt_project.yml': text });
      const doc = ws.doc('dbt_project.yml', text);
      const h = await ws.service.doHover(doc, doc.positionAt(offset));
      return h && { range: h.range, first: (h.contents as { value: string }).value.split('\n')[0] };
    };
    assert.deepStrictEqual(await hover('  product-warehouse-funnels:\n    - name: checkout\n      order: ex|act\n'), {
      range: { start: { line: 6, character: 13 }, end: { line: 6, character: 18 } },
      first: "**exact** (Amplitude's *exact order*): as this-order, and no event of the user falls strictly between two steps (events at the same time as either step are not between).",
    });
    assert.deepStrictEqual(await hover('  product-warehouse-funnels:\n    - name: checkout\n      window-sec|onds: 60\n'), {
      range: { start: { line: 6, character: 6 }, end: { line: 6, character: 20 } }, first: '**window-seconds** · funnel key',
    });
  });
});
