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
