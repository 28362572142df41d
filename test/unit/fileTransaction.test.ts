/**
 * The scaffold's all-or-nothing writes on a real folder. Failures that cannot be produced on demand here (a file
 * held open on Windows refuses a rename; a full disk stops a write halfway) are injected into Node's own file
 * operations: the transaction's code runs as in production, only the failing call is replaced.
 */
import * as assert from 'assert';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'fs';
import { promises as fsp } from 'fs';
import * as os from 'os';
import * as path from 'path';
import { TransactionError, TransactionOps, writeAllOrNothing } from '../../server/src/fileTransaction';

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else out[path.relative(dir, full)] = readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return out;
}

/** Node's operations, with the nth rename or the nth write failing. */
function failing(at: { rename?: number; write?: number }): TransactionOps {
  let renames = 0;
  let opens = 0;
  return {
    rename: async (from, to) => {
      if (++renames === at.rename) throw Object.assign(new Error('EBUSY: resource busy or locked, rename'), { code: 'EBUSY' });
      return fsp.rename(from, to);
    },
    open: (async (file: string, flags: number, mode: number) => {
      const handle = await fsp.open(file, flags, mode);
      if (++opens !== at.write) return handle;
      await handle.write('half of the');
      return {
        chmod: (m: number) => handle.chmod(m),
        writeFile: async () => {
          throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
        },
        sync: () => handle.sync(),
        close: () => handle.close(),
      };
    }) as unknown as TransactionOps['open'],
  };
}

describe('all-or-nothing writes (real files, injected failures)', () => {
  let dir: string;
  let before: Record<string, string>;
  const writes = () => [
    { path: path.join(dir, 'models/a.sql'), content: 'select 1 -- new a' },
    { path: path.join(dir, 'models/new/b.sql'), content: 'select 2 -- new b' },
    { path: path.join(dir, 'dbt_project.yml'), content: 'name: shop\nvars: {cdp: segment}\n' },
    { path: path.join(dir, 'models/deep/er/c.sql'), content: 'select 3' },
  ];
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pw-tx-'));
    mkdirSync(path.join(dir, 'models'));
    writeFileSync(path.join(dir, 'models/a.sql'), 'select 1 -- yours');
    writeFileSync(path.join(dir, 'dbt_project.yml'), 'name: shop\n');
    before = tree(dir);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every file, keeping nothing temporary', async () => {
    await writeAllOrNothing(writes());
    assert.deepStrictEqual(tree(dir), {
      'dbt_project.yml': 'name: shop\nvars: {cdp: segment}\n', 'models/a.sql': 'select 1 -- new a', 'models/deep/er/c.sql': 'select 3', 'models/new/b.sql': 'select 2 -- new b',
    });
  });

  for (const rename of [1, 2, 3, 4, 5, 6]) {
    it(`a rename refused midway (the ${rename}. of 6) leaves every file as it was, no temporary and no new folder`, async () => {
      await assert.rejects(writeAllOrNothing(writes(), failing({ rename })), (e: unknown) => e instanceof TransactionError && e.restored);
      assert.deepStrictEqual(tree(dir), before);
      assert.deepStrictEqual(readdirSync(path.join(dir, 'models')).sort(), ['a.sql']);
    });
  }

  it('a full disk halfway through a write leaves no partial file anywhere', async () => {
    await assert.rejects(writeAllOrNothing(writes(), failing({ write: 3 })), /ENOSPC/);
    assert.deepStrictEqual(tree(dir), before);
  });

  it('a file it replaces keeps its permissions (a read-only file stays read-only)', async () => {
    chmodSync(path.join(dir, 'models/a.sql'), 0o444);
    await writeAllOrNothing([{ path: path.join(dir, 'models/a.sql'), content: 'select 1 -- forced' }]);
    assert.deepStrictEqual([statSync(path.join(dir, 'models/a.sql')).mode & 0o777, readFileSync(path.join(dir, 'models/a.sql'), 'utf8')], [0o444, 'select 1 -- forced']);
  });
});
