import * as assert from 'assert';
import { NameIndex } from '../../server/src/core/nameIndex';
import { closestName, editDistance } from '../../server/src/core/text';

describe('did-you-mean name index', () => {
  it('agrees with a full scan on typos of every kind', () => {
    const names = ['segment_web_page_views', 'segment_web_sessions', 'stg_events', 'stg_event_types', 'fct_orders', 'dim_users', 'cdp', 'a', 'ab'];
    const index = new NameIndex(names);
    const queries = ['segment_web_page_view', 'segmnet_web_sessions', 'stg_evnets', 'stg_event', 'fct_ordres', 'dm_users', 'cpd', 'dim_customers', 'b', 'zzz', 'FCT_ORDERS'];
    const expected = ['segment_web_page_views', 'segment_web_sessions', 'stg_events', 'stg_events', 'fct_orders', 'dim_users', 'cdp', undefined, 'a', undefined, 'fct_orders'];
    assert.deepStrictEqual(queries.map((q) => index.closest(q)), expected);
    assert.deepStrictEqual(queries.map((q) => closestName(q, names)), expected);
  });

  it('matches the full scan on 2,000 generated names and 500 random typos', () => {
    let seed = 7;
    const rand = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648) % n);
    const alphabet = 'abcdefghij_';
    const word = () => Array.from({ length: 4 + rand(12) }, () => alphabet[rand(alphabet.length)]).join('');
    const names = Array.from({ length: 2000 }, word);
    const index = new NameIndex(names);
    let agreed = 0;
    for (let i = 0; i < 500; i++) {
      const base = names[rand(names.length)].split('');
      const at = rand(base.length);
      [() => base.splice(at, 1), () => base.splice(at, 0, 'x'), () => (base[at] = 'y'), () => ([base[at], base[at + 1]] = [base[at + 1] ?? 'z', base[at]])][rand(4)]();
      const query = base.join('');
      assert.strictEqual(index.closest(query), closestName(query, names), `query ${query}`);
      agreed++;
    }
    assert.strictEqual(agreed, 500);
  });
});

describe('edit distance', () => {
  it('counts insertions, deletions, substitutions and adjacent swaps, and stops at the bound', () => {
    const cases: [string, string, number][] = [['', '', 0], ['abc', 'abc', 0], ['abc', 'ab', 1], ['ab', 'abc', 1], ['abc', 'axc', 1], ['abcd', 'abdc', 1], ['cdp', 'cpd', 1], ['kitten', 'sitting', 3], ['', 'abcd', 4], ['segment', 'snowplow', 7]];
    assert.deepStrictEqual(cases.map(([a, b]) => editDistance(a, b)), cases.map((c) => c[2]));
    assert.strictEqual(editDistance('kitten', 'sitting', 2), 3);
    assert.strictEqual(editDistance('a'.repeat(200), 'b'.repeat(200)), 200);
  });
});
