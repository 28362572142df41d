import * as assert from 'assert';
import { spawnSync } from 'child_process';
import { mkdtempSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GENERATED_CDPS } from '../../examples/generator/cdpShapes';
import { REPO } from '../helpers/fixtures';
import { requireDbt } from './harness';

/** What `npm run demo -- --cdp <name>` prints after building the warehouse: the same people and events from every
 * CDP (one truth in six raw shapes); sessions by the CDP's own session id where it has one, else by inactivity. */
const SESSIONS: Record<string, string> = {
  segment: 'sessions  413 (average 1335 s)', mixpanel: 'sessions  413 (average 1335 s)',
  rudderstack: 'sessions  355 (average 1851 s)', snowplow: 'sessions  355 (average 1851 s)',
  amplitude: 'sessions  355 (average 1851 s)', posthog: 'sessions  355 (average 1851 s)',
};

/** The same people and events give the same daily metrics from every CDP. */
const WEEK = [
  'day           DAU   WAU   MAU   new',
  '2024-03-05    24    45    45     8',
  '2024-03-06    17    51    51     6',
  '2024-03-07    26    64    64    13',
  '2024-03-08    33    71    71     7',
  '2024-03-09    18    72    76     5',
  '2024-03-10    32    84    90    14',
  '2024-03-11    28    88    98     8',
];

/** Funnels and retention read events and users only: the same from every CDP. */
const FUNNEL_AND_RETENTION = [
  'funnel "checkout" (wh_product_funnels_xa, this-order, window 86400 s): users reaching each step',
  '1. Product Viewed       60  100%',
  '2. Product Added        17   28%',
  '3. Checkout Started      3    5%',
  'retention of the largest cohort (wh_product_retention_xa): 2024-03-10, 14 users',
  'day 0: 100%  day 1:  29%  day 2:  36%  day 3:  21%  day 7:   7%',
];

/** Attribution reads sessions: the split follows the sessions (the CDP's own ids, or inactivity). */
const BY_INACTIVITY = [
  'Direct            77.00   87.73   91.00', 'Organic Search    76.00   57.87   49.00', 'Email             26.00   24.07   22.00',
  'Paid Search       10.00   17.75   25.00', 'Referral          14.00   15.58   16.00',
];
const BY_CDP_SESSIONS = [
  'Direct            77.00   86.53   91.00', 'Organic Search    76.00   58.03   48.00', 'Email             26.00   24.30   24.00',
  'Paid Search       10.00   19.29   26.00', 'Referral          14.00   14.86   14.00',
];

describe('npm run demo -- --cdp <name>: the warehouse of every CDP on DuckDB from the example data', function () {
  this.timeout(600_000);
  for (const cdp of GENERATED_CDPS) {
    it(`${cdp}: scaffolds, seeds, builds and prints the summary`, () => {
      requireDbt();
      const out = mkdtempSync(path.join(os.tmpdir(), `pw-demo-${cdp}-`));
      try {
        const demo = spawnSync(process.execPath, [path.join(REPO, 'test/out/examples/demo/runDemo.js'), '--cdp', cdp], {
          encoding: 'utf8', env: { ...process.env, PW_DEMO_OUT: path.join(out, 'shop') }, timeout: 600_000,
        });
        assert.strictEqual(demo.status, 0, `${demo.stdout}${demo.stderr}`);
        const summary = demo.stdout.slice(demo.stdout.indexOf('== Summary')).split('\n').slice(1, 4).map((l) => l.trim());
        assert.deepStrictEqual(summary, ['users     99 (55 identified, 44 anonymous)', SESSIONS[cdp], 'events    1393 (806 page views, 587 tracks)']);
        const week = demo.stdout.split('\n').map((l) => l.trim());
        const at = week.indexOf('daily metrics (wh_product_metrics_xa), the week up to the highest WAU');
        assert.deepStrictEqual(week.slice(at + 1, at + 9), WEEK);
        // Snowplow's events are named by their schema (examples/demo/project.ts asCdpProject): the same steps, snake_case.
        const steps = cdp === 'snowplow'
          ? FUNNEL_AND_RETENTION.map((l) => l.replace(/(Product Viewed|Product Added|Checkout Started) {0,4}/, (n) => n.trim().toLowerCase().replace(/ /g, '_').padEnd(n.length)))
          : FUNNEL_AND_RETENTION;
        assert.deepStrictEqual(week.slice(at + 9, at + 15), steps);
        const channels = SESSIONS[cdp] === SESSIONS.segment ? BY_INACTIVITY : BY_CDP_SESSIONS;
        assert.deepStrictEqual(week.slice(at + 15, at + 22), ['conversions by channel (wh_product_attributions_xa): 203 conversions', 'channel            first  linear    last', ...channels]);
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });
  }
  it('refuses a CDP it has no data for, naming the ones it has', () => {
    const demo = spawnSync(process.execPath, [path.join(REPO, 'test/out/examples/demo/runDemo.js'), '--cdp', 'jitsu'], { encoding: 'utf8' });
    assert.deepStrictEqual([demo.status, demo.stderr], [1, '\ndemo failed: --cdp takes one of segment, rudderstack, snowplow, amplitude, posthog, mixpanel, not "jitsu"\n']);
  });
});
