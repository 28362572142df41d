import * as assert from 'assert';
import { refsInText } from '../../server/src/core/lineage/refsInText';
import { mermaidLabel, toMermaid } from '../../server/src/core/lineage/mermaid';
import { findCycles } from '../../server/src/core/lineage/lineageGraph';

describe('ref() and source() calls read from model text', () => {
  it('reads calls in Jinja expressions and statements, not in Jinja comments or plain SQL', () => {
    const sql = [
      "select * from {{ ref('orders') }} join {{ ref(\"payments\") }}",
      "{# {{ ref('commented_out') }} #}",
      "-- depends_on: {{ ref('hinted') }}",
      "{% set rel = source('shop', 'raw_orders') %}",
      "where note = 'ref(\\'plain_sql\\')'",
      "{{ ref('pkg', 'shared') }} {{ ref('versioned', v=2) }} {{ ref('orders') }}",
    ].join('\n');
    assert.deepStrictEqual(refsInText(sql, false), [
      { kind: 'ref', name: 'orders' },
      { kind: 'ref', name: 'payments' },
      { kind: 'ref', name: 'hinted' },
      { kind: 'source', source: 'shop', table: 'raw_orders' },
      { kind: 'ref', packageName: 'pkg', name: 'shared' },
      { kind: 'ref', name: 'versioned' },
      { kind: 'ref', name: 'orders' },
    ]);
  });

  it('reads var() arguments from the project vars, falls back to their defaults, and calls anything else dynamic', () => {
    const vars = (name: string) => ({ 'sessions-model': 'my_sessions', 'pages-table': "{{ source('segment', 'pages') }}" } as Record<string, string>)[name];
    const sql = "{{ ref(var('sessions-model', 'segment_web_sessions')) }} {{ ref(var('events-model', 'default_events')) }}\n{{ ref(var('unset')) }} {{ ref(model_name ~ '_v2') }} {{ ref(var('x') ~ 'y') }}\nselect * from {{ var('pages-table') }}";
    assert.deepStrictEqual(refsInText(sql, false, vars), [
      { kind: 'ref', name: 'my_sessions' },
      { kind: 'ref', name: 'default_events' },
      { kind: 'dynamic', call: "ref(var('unset'))" },
      { kind: 'dynamic', call: "ref(model_name ~ '_v2')" },
      { kind: 'dynamic', call: "ref(var('x') ~ 'y')" },
      { kind: 'source', source: 'segment', table: 'pages' },
    ]);
  });

  it('decides {% if %} branches that compare a var with a literal, as dbt renders them', () => {
    const sql = [
      "{% if product_warehouse_mode() == 'self-contained' %}{{ ref('own_sessions') }}{% else %}{{ ref('segment_web_sessions') }}{% endif %}",
      "{%- if var('cdp', 'segment') == 'rudderstack' -%}{{ ref('rudder') }}{%- elif var('cdp', 'segment') != 'segment' -%}{{ ref('other') }}{%- else -%}{{ ref('segment_only') }}{%- endif -%}",
      "{% if var('flag') == 'on' %}{% if is_incremental() %}{{ ref('inner') }}{% endif %}{% endif %}",
    ].join('\n');
    const self = (mode: string, flag?: string) => (name: string) => ({ 'product-warehouse-mode': mode, ...(flag ? { flag } : {}) } as Record<string, string>)[name];
    assert.deepStrictEqual(refsInText(sql, false, self('self-contained', 'on')), [
      { kind: 'ref', name: 'own_sessions' },
      { kind: 'ref', name: 'segment_only' },
      { kind: 'ref', name: 'inner', conditional: true },
    ]);
    assert.deepStrictEqual(refsInText(sql, false, self('package', 'off')), [
      { kind: 'ref', name: 'segment_web_sessions' },
      { kind: 'ref', name: 'segment_only' },
    ]);
  });

  it('marks calls inside undecidable {% if %} blocks conditional, and reads the product warehouse relation macro', () => {
    const sql = "{% if target.name == 'prod' %}{{ ref('segment_web_sessions') }}{% else %}{{ ref('own_sessions') }}{% endif %}\nfrom {{ product_warehouse_relation('cdp-pages-table', 'pages') }} join {{ product_warehouse_relation('cdp-tracks-table', 'tracks') }}";
    const vars = (name: string) => (name === 'cdp-tracks-table' ? "{{ ref('my_tracks') }}" : undefined);
    assert.deepStrictEqual(refsInText(sql, false, vars, { cdpSource: 'atomic' }), [
      { kind: 'ref', name: 'segment_web_sessions', conditional: true },
      { kind: 'ref', name: 'own_sessions', conditional: true },
      { kind: 'source', source: 'atomic', table: 'pages' },
      { kind: 'ref', name: 'my_tracks' },
    ]);
  });

  it('reads Python models anywhere in the text', () => {
    assert.deepStrictEqual(refsInText('def model(dbt, session):\n    a = dbt.ref("orders")\n    b = dbt.source("shop", "raw")\n    return a', true), [
      { kind: 'ref', name: 'orders' },
      { kind: 'source', source: 'shop', table: 'raw' },
    ]);
  });

  it('reads unterminated and nested calls in hostile text as dynamic, one per call (the timeout bounds the time)', () => {
    const hostile = '{{ ' + "ref('a', ".repeat(20_000) + ' }}' + '{{ ' + 'ref('.repeat(50_000) + ' }}';
    const refs = refsInText(hostile, false);
    assert.strictEqual(refs.length, 70_000);
    assert.ok(refs.every((r) => r.kind === 'dynamic'));
    // Openers that never close end the scan where Jinja would refuse the template (quadratic before: 2 s at 40,000).
    assert.deepStrictEqual(refsInText("{{ ref('a') }}" + '{{ x '.repeat(400_000), false), [{ kind: 'ref', name: 'a' }]);
    assert.strictEqual(refsInText('{{ x '.repeat(400_000) + "{{ ref('b') }}", false).length, 1);
    assert.deepStrictEqual(refsInText('{# '.repeat(400_000) + "{{ ref('b') }}", false), []);
  });
});

describe('lineage as Mermaid', () => {
  it('writes one shape per kind, the focus class and cycles, with labels escaped', () => {
    const graph = {
      focus: 'model.p.b',
      nodes: [
        { id: 'source.p.raw.t', kind: 'source' as const, name: 'raw.t', depth: -2 },
        { id: 'seed.p.s', kind: 'seed' as const, name: 's', depth: -1 },
        { id: 'missing.ref.gone', kind: 'missing' as const, name: 'gone', depth: -1 },
        { id: 'model.p.b', kind: 'model' as const, name: 'b"]; click b', depth: 0 },
        { id: 'snapshot.p.c', kind: 'snapshot' as const, name: 'c<x>', depth: 1 },
      ],
      edges: [{ from: 'source.p.raw.t', to: 'seed.p.s' }, { from: 'seed.p.s', to: 'model.p.b' }, { from: 'missing.ref.gone', to: 'model.p.b' }, { from: 'model.p.b', to: 'snapshot.p.c' }, { from: 'snapshot.p.c', to: 'model.p.b' }],
      cycles: [['model.p.b', 'snapshot.p.c']],
      dynamic: [],
      truncated: false,
    };
    assert.strictEqual(toMermaid(graph), [
      'flowchart LR',
      '  n0[("raw.t")]',
      '  n1[/"s"/]',
      '  n2{{"gone (missing)"}}',
      '  n3["b#34;]; click b"]',
      '  n4[["c#60;x#62;"]]',
      '  n0 --> n1', '  n1 --> n3', '  n2 --> n3', '  n3 --> n4', '  n4 --> n3',
      '  %% cycle among: n3, n4',
      '  classDef focus stroke-width:3px',
      '  class n3 focus',
      '',
    ].join('\n'));
    assert.strictEqual(mermaidLabel('a#b\nc'), 'a#35;b#10;c');
  });

  it('finds every cycle once, self-references included', () => {
    assert.deepStrictEqual(findCycles(['a', 'b', 'c', 'd', 'e'], [
      { from: 'a', to: 'b' }, { from: 'b', to: 'c' }, { from: 'c', to: 'a' }, { from: 'd', to: 'd' }, { from: 'c', to: 'e' },
    ]), [['a', 'b', 'c'], ['d']]);
  });
});
