/**
 * The analytics oracles on the edge cases alone, against rows worked out by hand from README's definitions: the
 * dbt suites hold the models to these oracles, so the oracles are held to the definitions here.
 */
import * as assert from 'assert';
import * as path from 'path';
import { analyticsEdges } from '../dbt/analyticsEdges';
import { analyticsSpec } from '../dbt/analyticsSpec';
import { channel } from '../dbt/attributionOracle';
import { oracle, Warehouse } from '../dbt/oracle';
import { REPO } from '../helpers/fixtures';

const spec = analyticsSpec(path.join(REPO, 'examples/shop'));

describe('analytics oracles on the edge cases (hand-worked rows)', () => {
  let w: Warehouse;
  let userOf: (blended: string) => string;
  before(() => {
    w = oracle({ mode: 'self-contained', raw: analyticsEdges(spec.attribution.lookbackS), timeoutS: 1800, analytics: spec });
    userOf = (blended) => w.users.find((u) => u.segment_blended_user_id === blended)!.product_user_pk;
  });
  const steps = (funnel: string, blended: string) => w.funnels
    .filter((r) => r.funnel_name === funnel && r.product_user_fk === userOf(blended))
    .map((r) => `${r.step_number} ${r.step_name} ${new Date(r.reached_ts).toISOString()} from ${new Date(r.attempt_start_ts).toISOString()}${r.converted ? ' converted' : ''}`);

  it('this-order: simultaneous steps count, a step exactly at the window end counts, a second later does not', () => {
    assert.deepStrictEqual(steps('checkout', 'user-edge-funnel'), [
      '1 Product Viewed 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z',
      '2 Product Added 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z',
      '3 Checkout Started 2024-03-11T23:59:59.500Z from 2024-03-10T23:59:59.500Z',
    ]);
  });

  it('repeated step names need one event each; two at the same time both count', () => {
    assert.deepStrictEqual(steps('viewed-twice-then-added', 'user-edge-repeat'), [
      '1 Product Viewed 2024-03-14T08:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
      '2 Product Viewed 2024-03-14T08:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
      '3 Product Added 2024-03-14T09:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
    ]);
    assert.deepStrictEqual(steps('viewed-twice-then-added', 'user-edge-funnel'), ['1 Product Viewed 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z']);
  });

  it('exact: an event between breaks an attempt, a simultaneous one does not', () => {
    assert.deepStrictEqual(steps('added-then-checkout-exact', 'user-edge-exact'), [
      '1 Product Added 2024-03-12T10:00:20.000Z from 2024-03-12T10:00:20.000Z converted',
      '2 Checkout Started 2024-03-12T10:00:30.000Z from 2024-03-12T10:00:20.000Z converted',
    ]);
    assert.deepStrictEqual(steps('added-then-checkout-exact', 'user-edge-funnel'), ['1 Product Added 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z']);
  });

  it('any order: a step is reached when the steps up to it are all done; its time is the last of them', () => {
    assert.deepStrictEqual(steps('cart-any-order', 'user-edge-repeat'), [
      '1 Product Added 2024-03-14T09:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
      '2 Product Viewed 2024-03-14T09:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
      '3 Product Viewed 2024-03-14T09:00:00.000Z from 2024-03-14T08:00:00.000Z converted',
    ]);
    assert.deepStrictEqual(steps('cart-any-order', 'user-edge-funnel'), [
      '1 Product Added 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z',
      '2 Product Viewed 2024-03-10T23:59:59.500Z from 2024-03-10T23:59:59.500Z',
    ]);
    assert.deepStrictEqual(steps('cart-any-order', 'user-edge-attr'), []);
  });

  // Time decay by hand: ages 1,209,600 s, 172,800 s and 60 s, half-life 259,200 s: 2^-4.667, 2^-0.667, 2^-0.0002, normalised.
  it('attribution: touches across devices within the lookback (its start included), weights as defined', () => {
    const rows = w.attribution.filter((r) => r.product_user_fk === userOf('user-edge-attr'));
    const round = (x: number) => Math.round(x * 1e6) / 1e6;
    assert.deepStrictEqual(rows.map((r) => [new Date(r.touch_ts!).toISOString(), r.touch_number, r.touches_total, r.channel, r.first_touch, r.last_touch, round(r.linear), round(r.position_based), round(r.time_decay)]), [
      ['2024-03-08T09:01:00.000Z', 1, 3, 'Organic Social', 1, 0, 0.333333, 0.4, 0.023588],
      ['2024-03-20T09:01:00.000Z', 2, 3, 'Email', 0, 0, 0.333333, 0.2, 0.377409],
      ['2024-03-22T09:00:00.000Z', 3, 3, 'Organic Search', 0, 1, 0.333333, 0.4, 0.599003],
    ]);
  });

  it('attribution: two touches share 0.5; a single touch has every weight 1', () => {
    const funnelUser = w.attribution.filter((r) => r.product_user_fk === userOf('user-edge-funnel'));
    assert.deepStrictEqual(funnelUser.map((r) => [r.conversion_name, r.channel, r.position_based, r.linear]), [['Order Completed', 'Direct', 0.5, 0.5], ['Order Completed', 'Direct', 0.5, 0.5]]);
    const single = w.attribution.filter((r) => r.product_user_fk === userOf('user-edge-single'));
    assert.deepStrictEqual(single.map((r) => [r.conversion_name, r.channel, r.touches_total, r.first_touch, r.last_touch, r.linear, r.position_based, r.time_decay]),
      [['Signed Up', 'Referral', 1, 1, 1, 1, 1, 1]]);
  });

  it('channel rules: the medium first, then the referrer host', () => {
    const c = (utm_medium: string | null, utm_source: string | null, referrer: string | null) => channel({ utm_medium, utm_source, referrer });
    assert.deepStrictEqual([
      c('CPC', null, null), c('email', 'newsletter', 'https://www.google.com/'), c(null, 'partner', null), c(null, null, ''),
      c(null, null, 'https://duckduckgo.com/?q=x'), c(null, null, 'https://m.facebook.com/'), c(null, null, 'https://notgoogle.example/'), c('Paid_Social', null, null),
    ], ['Paid Search', 'Email', 'Other Campaign', 'Direct', 'Organic Search', 'Organic Social', 'Referral', 'Paid Social']);
  });
});
