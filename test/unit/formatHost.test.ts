import * as assert from 'assert';
import * as path from 'path';
import { formatSql } from '../../server/src/core/render/formatSql';
import { FormatHost } from '../../server/src/format/formatHost';
import { REPO } from '../helpers/fixtures';

const WORKER = path.join(REPO, 'server/out/formatWorker.js');

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
    // sql-formatter's parser needs seconds to reject this (unbalanced parentheses): the deadline ends it.
    const hostile = `select product_user_f${'('.repeat(300)}k, device from t  `;
    assert.deepStrictEqual(await host.format(hostile, 'duckdb'), {
      sql: hostile.trim(), formatError: 'Formatting took longer than 0.5 s and was stopped; the SQL is shown as rendered.',
    });
    assert.deepStrictEqual(await host.format('select 1', 'duckdb'), { sql: 'select\n    1' });
  });
});
