/**
 * A throwaway PostgreSQL server from Debian's packages: initdb into a temporary folder, start on a free local
 * port, stop and delete after. As root it runs as the `postgres` system user (initdb refuses root).
 */
import { execFileSync, spawnSync } from 'child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

function binDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).filter((v) => existsSync(path.join(root, v, 'bin/initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (versions.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: install them (Debian: apt-get install postgresql).');
  return path.join(root, versions[0], 'bin');
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

export class PostgresServer {
  private constructor(readonly dir: string, readonly port: number, private readonly asUser: string[]) {}

  static async start(): Promise<PostgresServer> {
    const bin = binDir();
    const dir = mkdtempSync(path.join(os.tmpdir(), 'pw-pg-'));
    const root = process.getuid?.() === 0;
    if (root) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
    const asUser = root ? ['runuser', '-u', 'postgres', '--'] : [];
    const run = (cmd: string, args: string[]) => {
      const [exe, ...rest] = [...asUser, path.join(bin, cmd), ...args];
      const r = spawnSync(exe, rest, { encoding: 'utf8', cwd: '/tmp' });
      if (r.status !== 0) throw new Error(`${cmd} failed: ${r.stdout}${r.stderr}`);
    };
    const data = path.join(dir, 'data');
    // C collation: ORDER BY on ids must sort bytewise, as DuckDB and the oracle do.
    run('initdb', ['-D', data, '--auth=trust', '--username=postgres', '--locale=C', '--encoding=UTF8']);
    const port = await freePort();
    run('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start']);
    return new PostgresServer(dir, port, asUser);
  }

  env(): Record<string, string> {
    return { PW_PG_HOST: '127.0.0.1', PW_PG_PORT: String(this.port), PW_PG_USER: 'postgres', PW_PG_PASSWORD: '', PW_PG_DATABASE: 'postgres' };
  }

  stop(): void {
    const [exe, ...rest] = [...this.asUser, path.join(binDir(), 'pg_ctl'), '-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop'];
    spawnSync(exe, rest, { cwd: '/tmp' });
    rmSync(this.dir, { recursive: true, force: true });
  }
}
