import * as assert from 'assert';
import { cpSync, readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { GeneratedCdp } from '../../examples/generator/cdpShapes';
import { DbtProjectRun, Mode } from './harness';
import { assertRenderMatchesDbt } from './renderParity';
import { data, incrementalScenario, load } from './scenarios';
import { SparkWorker } from './spark';

/**
 * Spark for real: dbt-spark's session method (a local Spark 3.5 with Delta), every model of the scaffold. Each case
 * builds a full refresh of a first load, an incremental run over late and duplicate deliveries, and a full refresh
 * again, each compared row for row with the oracle (incrementalScenario); then `dbt compile` on Spark against the
 * SQL preview. Segment and Snowplow, a CDP with its own session ids. Package mode is refused on Spark by the
 * scaffold: the real dbt-labs/segment package does not build there (the last case shows it).
 */
const CASES: { cdp: GeneratedCdp; mode: Mode; seed: number; models: number }[] = [
  { cdp: 'segment', mode: 'self-contained', seed: 81, models: 14 },
  { cdp: 'snowplow', mode: 'self-contained', seed: 101, models: 11 },
];

describe('product warehouse on real dbt + Spark (session method, Delta), against the oracle', function () {
  this.timeout(3_600_000);
  let worker: SparkWorker;
  let started = 0;
  before(async () => {
    started = Date.now();
    worker = await SparkWorker.start();
  });
  after(() => {
    worker?.stop();
    console.log(`      Spark suite: ${((Date.now() - started) / 1000).toFixed(0)} s`);
  });

  for (const { cdp, mode, seed, models } of CASES) {
    describe(`${cdp}, ${mode} mode`, () => {
      let project: DbtProjectRun;
      before(() => (project = new DbtProjectRun(mode, 'spark', worker, { cdp })));
      after(() => project?.cleanup());

      it(`full refresh, incremental with late and duplicate deliveries, full refresh again: every row equals the oracle (random seed ${seed})`, () =>
        incrementalScenario(() => project, seed));
      // After the scenario the tables exist, so dbt compiles is_incremental() as true unless --full-refresh.
      it('the SQL preview renders every model as dbt compile on Spark does (full refresh and incremental)', async () => {
        assert.strictEqual(await assertRenderMatchesDbt(project, false), models);
        assert.strictEqual(await assertRenderMatchesDbt(project, true), models);
      });
    });
  }

  describe('package mode', () => {
    let project: DbtProjectRun;
    // Scaffolded as for DuckDB (the scaffold refuses package mode for Spark), then built on Spark.
    before(() => (project = new DbtProjectRun('package', 'spark', worker, { scaffoldAdapter: 'duckdb' })));
    after(() => project?.cleanup());
    it('the real dbt-labs/segment package does not build on Spark, which is why the scaffold refuses package mode there', () => {
      load(project, data(91, 5));
      assert.throws(() => project.build('--full-refresh', '--select', 'package:segment'), (error: Error) => {
        assert.match(error.message, /Failure in model segment_web_user_stitching[\s\S]*PARSE_SYNTAX_ERROR\] Syntax error at or near 'ignore'/);
        assert.match(error.message, /Failure in model segment_web_page_views__sessionized[\s\S]*partition column `field` is not defined/);
        return true;
      });
    });
  });

  describe('a session time zone other than UTC', () => {
    let project: DbtProjectRun;
    before(() => (project = new DbtProjectRun('self-contained', 'spark', worker)));
    after(() => project?.cleanup());
    it('stops the first incremental model before it writes a row, saying what to set', () => {
      load(project, data(111, 5));
      const profiles = path.join(project.dir, 'profiles.yml');
      cpSync(profiles, `${profiles}.utc`);
      writeFileSync(profiles, readFileSync(profiles, 'utf8').replace('spark.sql.session.timeZone: "UTC"', 'spark.sql.session.timeZone: "Europe/Berlin"'));
      try {
        assert.throws(() => project.dbt('run', '--select', 'int_product_warehouse__deliveries'),
          /the Spark session time zone is Europe\/Berlin; the models need UTC \(set spark\.sql\.session\.timeZone to UTC\)/);
      } finally {
        // dbt-spark hands the profile's settings to the session at each statement: UTC again for what follows.
        cpSync(`${profiles}.utc`, profiles);
      }
      const read = worker.request({ op: 'dump', schema: project.schema, tables: ['int_product_warehouse__deliveries'] });
      assert.strictEqual(read.ok, false);
      assert.match(read.output ?? '', /TABLE_OR_VIEW_NOT_FOUND/, 'no table was written');
    });
  });
});
