import { DbtProjectRun } from './harness';
import { fullScenario, incrementalScenario } from './scenarios';

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
    });
  }
});
