/** Mutations for the fuzz harness: seeded, so a run can be repeated; aimed at what breaks YAML, SQL and Jinja readers. */

/** A small fast PRNG (mulberry32): the same seed gives the same documents. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TOKENS = [
  '{', '[', '}', ']', '{{', '}}', '{{ ', '{%', '%}', '{%-', '-%}', '{#', '#}', ':', ': ', '- ', '\n', '\n  ', '\r\n', '"', "'", '\\', '\t',
  '&a ', '*a', '<<: *a', '---\n', '...\n', '!!python/object/apply:os.system ["true"]', '\u0000', '\u2028', '😀', 'é', '#',
  "ref('", "ref('x')", "source('segment', 'pages')", "var('cdp')", 'config(materialized="ephemeral")', ')', '(', ',',
  '{% for i in range(100) %}', '{% endfor %}', '{% macro m() %}', '{% endmacro %}', '{% if x %}', '{% endif %}', 'is_incremental()',
  "adapter.dispatch('x')", 'dbt_utils.star(ref("x"))', "run_query('select 1')", 'cdp: ', 'vars:', 'models:', '+enabled: false',
  'cdp-events-model: ', 'segment_web_page_views', 'packages:\n  - local: ../..\n', '  - package: dbt-labs/segment\n    version: [">=0.5.0"]\n',
  "{{ ''.__class__ }}", "{{ range.constructor('return process')() }}",
];

export function mutate(text: string, seeds: readonly string[], rnd: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)];
  const at = () => Math.floor(rnd() * (text.length + 1));
  let out = text;
  const rounds = 1 + Math.floor(rnd() * 4);
  for (let r = 0; r < rounds; r++) {
    const p = at();
    switch (Math.floor(rnd() * 8)) {
      case 0:
        out = out.slice(0, p) + pick(TOKENS) + out.slice(p);
        break;
      case 1: {
        // A run of one token: deep nesting, long lines, huge values.
        const count = Math.floor(rnd() ** 3 * 3000) + 2;
        out = out.slice(0, p) + pick(TOKENS).repeat(count) + out.slice(p);
        break;
      }
      case 2:
        out = out.slice(0, p) + out.slice(Math.min(out.length, p + Math.floor(rnd() * 200)));
        break;
      case 3: {
        const q = Math.min(out.length, p + Math.floor(rnd() * 300));
        out = out.slice(0, q) + out.slice(p, q) + out.slice(q);
        break;
      }
      case 4: {
        const other = pick(seeds);
        const from = Math.floor(rnd() * other.length);
        out = out.slice(0, p) + other.slice(from, from + Math.floor(rnd() * 400)) + out.slice(p);
        break;
      }
      case 5:
        out = out.slice(0, p) + String.fromCharCode(Math.floor(rnd() * 0x3000)) + out.slice(p + 1);
        break;
      case 6:
        out = out.slice(0, p);
        break;
      default:
        out = out.slice(0, p) + pick(TOKENS) + out.slice(p + Math.floor(rnd() * 20));
    }
  }
  return out;
}
