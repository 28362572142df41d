import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { GENERATED_CDPS, GeneratedCdp } from '../../examples/generator/cdpShapes';
import { DbtProjectRun, Target } from './harness';
import { PostgresServer } from './postgres';
import { assertRenderMatchesDbt } from './renderParity';
import { fullScenario, incrementalScenario } from './scenarios';

/** Segment runs in duckdb.test.ts and postgres.test.ts (both modes); here every other CDP, from its own raw shape. */
const OTHER_CDPS = GENERATED_CDPS.filter((c) => c !== 'segment');
const SOURCE_NAMES: Record<GeneratedCdp, string> = { segment: 'segment', rudderstack: 'rudderstack', snowplow: 'atomic', amplitude: 'amplitude', posthog: 'posthog', mixpanel: 'mixpanel' };

function suite(target: Target, server: () => PostgresServer | undefined, seeds: [number, number]): void {
  for (const cdp of OTHER_CDPS) {
    describe(`${cdp} on ${target}`, () => {
      let project: DbtProjectRun;
      before(() => (project = new DbtProjectRun('self-contained', target, server(), { cdp })));
      after(() => project?.cleanup());

      it('the scaffold finds the CDP from the project\'s source and points its table vars there', () => {
        const text = readFileSync(path.join(project.dir, 'dbt_project.yml'), 'utf8');
        assert.match(text, new RegExp(`\\n  cdp: ${cdp}\\n`));
        const tableVars = text.split('\n').filter((l) => /^ {2}cdp-\w+-table:/.test(l));
        assert.ok(tableVars.length > 0 && tableVars.every((l) => l.includes(`source('${SOURCE_NAMES[cdp]}', `)), tableVars.join('\n'));
      });
      it(`builds every row the oracle expects (random seed ${seeds[0]})`, () => fullScenario(() => project, seeds[0]));
      it('loads late and duplicate deliveries in its own form incrementally; the result equals the oracle and a full refresh', () =>
        incrementalScenario(() => project, seeds[1]));
      it('the SQL preview renders every model as dbt compile does (full refresh and incremental)', async () => {
        const models = cdp === 'rudderstack' ? 14 : 11;
        assert.strictEqual(await assertRenderMatchesDbt(project, false), models);
        assert.strictEqual(await assertRenderMatchesDbt(project, true), models);
      });
    });
  }
}

describe('every CDP on real dbt + DuckDB, against the oracle', function () {
  this.timeout(600_000);
  suite('duckdb', () => undefined, [61, 62]);

  describe('snowplow with product-warehouse-sessions: inactivity', () => {
    let project: DbtProjectRun;
    before(() => (project = new DbtProjectRun('self-contained', 'duckdb', undefined, { cdp: 'snowplow', sessions: 'inactivity' })));
    after(() => project?.cleanup());
    it('sessions come from the timeout alone, every row as the oracle says', () => fullScenario(() => project, 63));
  });
});

describe('every CDP on real dbt + PostgreSQL, against the oracle', function () {
  this.timeout(600_000);
  let server: PostgresServer;
  before(async () => (server = await PostgresServer.start()));
  after(() => server?.stop());
  suite('postgres', () => server, [71, 72]);
});
