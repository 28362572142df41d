import * as assert from 'assert';
import * as path from 'path';
import { formatSql } from '../../server/src/core/render/formatSql';
import { FormatHost } from '../../server/src/format/formatHost';
import { REPO } from '../helpers/fixtures';

const WORKER = path.join(REPO, 'server/out/formatWorker.js');

describe('formatting the preview', () => {
  it('does not ask sql-formatter about brackets that do not balance or nest too deep (its parser needs seconds)', () => {
    const hostile = `select product_user_f${'('.repeat(300)}k, device from t`;
    assert.deepStrictEqual(formatSql(hostile, 'duckdb'), { sql: hostile, formatError: 'The brackets do not balance: a "(" on line 1 is never closed.' });
    assert.deepStrictEqual(formatSql("select ')' as p,\n -- )\n x) from t", 'duckdb'), { sql: "select ')' as p,\n -- )\n x) from t", formatError: 'The brackets do not balance: a ")" on line 3 closes nothing.' });
    assert.deepStrictEqual(formatSql("select '(' as p, /* ( */ f(x) from t", 'duckdb'), { sql: "select\n    '(' as p,\n    /* ( */\n    f (x)\nfrom\n    t" });
    // What the 100,000-document fuzz run found: a fuzzed `[` run in a model held sql-formatter for over 30 s.
    const brackets = `select previous_product_use${'['.repeat(1600)}r_pk\nfrom affected`;
    assert.deepStrictEqual(formatSql(brackets, 'duckdb'), { sql: brackets, formatError: 'The brackets do not balance: a "[" on line 1 is never closed.' });
    assert.deepStrictEqual(formatSql('select a[1)\nfrom t', 'duckdb'), { sql: 'select a[1)\nfrom t', formatError: 'The brackets do not balance: a ")" on line 1 closes the "[" on line 1.' });
    const deep = `select\n${'('.repeat(101)}1${')'.repeat(101)} as x`;
    assert.deepStrictEqual(formatSql(deep, 'duckdb'), { sql: deep, formatError: 'The brackets nest deeper than 100 levels (line 2); the SQL is shown as rendered.' });
    assert.deepStrictEqual(formatSql(`select ${'['.repeat(3)}1${']'.repeat(3)} as x`, 'duckdb'), { sql: 'select\n    [[[1]]] as x' });
  });
});

describe('the formatter worker (server/src/format)', function () {
  this.timeout(60_000);
  let host: FormatHost;
  afterEach(() => host?.dispose());

  it('formats as sql-formatter does in-process', async () => {
    host = new FormatHost(WORKER);
    const sql = 'with a as (select 1 as x) select x from a where x > 0';
    assert.deepStrictEqual(await host.format(sql, 'postgres'), formatSql(sql, 'postgres'));
  });

  it('stops a format that runs past its deadline, shows the SQL as rendered, and formats again afterwards', async () => {
    host = new FormatHost(WORKER, 0.5);
    // 20,000 unions (550 KB): valid SQL that sql-formatter needs seconds for; the deadline ends it.
    const long = `${'select 1 as c union all\n'.repeat(20_000)}select 0 as c  `;
    assert.deepStrictEqual(await host.format(long, 'duckdb'), {
      sql: long.trim(), formatError: 'Formatting took longer than 0.5 s and was stopped; the SQL is shown as rendered.',
    });
    assert.deepStrictEqual(await host.format('select 1', 'duckdb'), { sql: 'select\n    1' });
  });

  it("in the server, a format gets what is left of its request's budget, never less than 0.2 s", async () => {
    host = new FormatHost(WORKER, 1, 0.9);
    const long = `${'select 1 as c union all\n'.repeat(20_000)}select 0 as c  `;
    // A request that began 10 s ago (a render that took long) leaves the floor.
    assert.deepStrictEqual(await host.format(long, 'duckdb', Date.now() - 10_000), {
      sql: long.trim(), formatError: 'Formatting took longer than 0.2 s and was stopped; the SQL is shown as rendered.',
    });
    // Without a start (the engine's first start took the time), the format's own deadline.
    assert.deepStrictEqual(await host.format(long, 'duckdb'), {
      sql: long.trim(), formatError: 'Formatting took longer than 1 s and was stopped; the SQL is shown as rendered.',
    });
  });
});
