/**
 * A Spark session for a test suite: test/dbt/spark_worker.py runs real dbt (dbtRunner) with dbt-spark's session
 * method inside one long-lived Python process, so the JVM starts once, not once per dbt command. The session is
 * configured from examples/shop's `spark` profile (Delta, UTC), exactly as `dbt` alone would configure it.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { REPO } from '../helpers/fixtures';

export const SPARK_VENV = path.join(REPO, '.venv-spark');
const PYTHON = path.join(SPARK_VENV, 'bin/python');
/** One dbt build of the scaffold on Spark takes 2-3 minutes here. */
const REQUEST_TIMEOUT_MS = 20 * 60_000;

export function requireSpark(): void {
  if (!existsSync(path.join(SPARK_VENV, 'bin/dbt'))) throw new Error(`dbt-spark is not installed at ${SPARK_VENV}: run "bash scripts/setup-test-env.sh" (creates it from scripts/requirements-dbt-spark.txt; Spark needs Java 17: apt-get install openjdk-17-jre-headless).`);
  if (spawnSync('java', ['-version']).status !== 0) throw new Error('Spark needs Java 17 on PATH: apt-get install openjdk-17-jre-headless.');
}

/** The `spark` output's server_side_parameters of examples/shop/profiles.yml. */
export function sparkParameters(): Record<string, string> {
  const profiles = parse(readFileSync(path.join(REPO, 'examples/shop/profiles.yml'), 'utf8')) as { product_warehouse_demo: { outputs: { spark: { server_side_parameters: Record<string, string> } } } };
  return profiles.product_warehouse_demo.outputs.spark.server_side_parameters;
}

export interface SparkResponse { ok: boolean; output?: string; rows?: Record<string, number>; tables?: Record<string, Record<string, unknown>[]> }

export class SparkWorker {
  private constructor(readonly dir: string, private readonly socket: string, private readonly child: ChildProcess) {}

  static async start(): Promise<SparkWorker> {
    requireSpark();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-spark-'));
    const socket = path.join(dir, 'worker.sock');
    // Output to a file, not a pipe: while the harness waits in spawnSync, nothing would read a pipe, and dbt's and
    // Spark's logging would fill it and stop the worker.
    const log = path.join(dir, 'worker.log');
    const out = openSync(log, 'w');
    const child = spawn(PYTHON, [path.join(REPO, 'test/dbt/spark_worker.py'), socket, JSON.stringify(sparkParameters())], {
      cwd: dir, stdio: ['ignore', out, out], env: { ...process.env, DBT_SEND_ANONYMOUS_USAGE_STATS: 'False', DO_NOT_TRACK: '1' },
    });
    closeSync(out);
    let exited: number | null | undefined;
    child.on('exit', (code) => (exited = code));
    for (const deadline = Date.now() + 300_000; !existsSync(socket); await new Promise((r) => setTimeout(r, 200))) {
      if (exited !== undefined || Date.now() > deadline) throw new Error(`the Spark worker ${exited !== undefined ? `exited (${exited})` : 'did not start in 300 s'}:\n${readFileSync(log, 'utf8').slice(-20_000)}`);
    }
    return new SparkWorker(dir, socket, child);
  }

  /** One request, answered synchronously (the harness's dbt calls are synchronous). */
  request(body: object): SparkResponse {
    // A deadline of its own: mocha's timeout cannot interrupt a synchronous wait, so a hung session would hang the run.
    const result = spawnSync(PYTHON, [path.join(REPO, 'test/dbt/spark_client.py'), this.socket], { input: JSON.stringify(body), encoding: 'utf8', maxBuffer: 1 << 30, timeout: REQUEST_TIMEOUT_MS });
    if (result.error || result.status !== 0 || !result.stdout) {
      throw new Error(`the Spark worker did not answer${result.signal ? ` within ${REQUEST_TIMEOUT_MS / 60_000} minutes` : ''}: ${result.error?.message ?? result.stderr} (its log: ${path.join(this.dir, 'worker.log')})`);
    }
    return JSON.parse(result.stdout) as SparkResponse;
  }

  env(): Record<string, string> {
    return {};
  }

  stop(): void {
    try { this.request({ op: 'stop' }); } catch { this.child.kill(); }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
