import * as assert from 'assert';
import { DbtProjectRun } from './harness';
import { assertRenderMatchesDbt } from './renderParity';
import { fullScenario, incrementalScenario } from './scenarios';
import { timeZoneScenario } from './timeZones';

describe('product warehouse on real dbt + DuckDB, against the oracle', function () {
  this.timeout(600_000);

  for (const mode of ['self-contained', 'package'] as const) {
    describe(`${mode} mode`, () => {
      let project: DbtProjectRun;
      before(() => (project = new DbtProjectRun(mode, 'duckdb')));
      after(() => project?.cleanup());

      for (const seed of mode === 'self-contained' ? [11, 12, 13] : [21, 22]) {
        it(`builds every row the oracle expects (random seed ${seed})`, () => fullScenario(() => project, seed));
      }
      it('loads late and duplicate events incrementally; the result equals the oracle and a full refresh', () =>
        incrementalScenario(() => project, mode === 'self-contained' ? 14 : 23));
      // After the scenarios the relations exist, so dbt compiles is_incremental() as true unless --full-refresh.
      it('the SQL preview renders every model as dbt compile does (full refresh and incremental)', async () => {
        const models = mode === 'self-contained' ? 14 : 12;
        assert.strictEqual(await assertRenderMatchesDbt(project, false), models);
        assert.strictEqual(await assertRenderMatchesDbt(project, true), models);
      });
    });
  }

  describe('time zones (self-contained)', () => {
    let project: DbtProjectRun;
    before(() => (project = new DbtProjectRun('self-contained', 'duckdb')));
    after(() => project?.cleanup());
    it('timestamptz and offset-text raw columns, a Europe/Berlin session, events straddling both DST changes: every row equals the oracle', () =>
      timeZoneScenario(() => project));
  });
});
