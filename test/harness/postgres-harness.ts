// A throwaway PostgreSQL server for tests: the Debian package's initdb/pg_ctl (scripts/install-postgres.sh),
// a temp data directory, a free loopback port, no Unix socket; as root (which PostgreSQL refuses to run as)
// the server runs as the package's `postgres` user. stop() ends it and removes the directory.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';

export interface PostgresServer {
  /** postgres://emr_jobs@127.0.0.1:<port>/postgres (trust authentication, loopback only). */
  readonly url: string;
  readonly port: number;
  stop(): void;
}

/** The newest /usr/lib/postgresql/<major>/bin holding initdb and pg_ctl. */
export function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((v) => /^\d+$/.test(v) && existsSync(path.join(base, v, 'bin', 'initdb'))) : [];
  if (!majors.length) throw new Error(`no PostgreSQL server under ${base}/*/bin: run scripts/install-postgres.sh (as .ci/run does)`);
  return path.join(base, String(Math.max(...majors.map(Number))), 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export async function startPostgres(): Promise<PostgresServer> {
  const bin = postgresBin();
  const dir = mkdtempSync(path.join(tmpdir(), 'emr-jobs-pg-'));
  const data = path.join(dir, 'data');
  const log = path.join(dir, 'server.log');
  const asRoot = userInfo().uid === 0;
  const run = (tool: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', path.join(bin, tool), ...args]] : [path.join(bin, tool), args];
    return execFileSync(cmd, argv, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
  };
  if (asRoot) chownSync(dir, Number(execFileSync('id', ['-u', 'postgres']).toString()), Number(execFileSync('id', ['-g', 'postgres']).toString()));
  const port = await freePort();
  let started = false;
  const stop = () => {
    try {
      if (started) run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
    } finally {
      started = false;
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run('initdb', ['-D', data, '-U', 'emr_jobs', '--auth=trust', '-E', 'UTF8', '--no-locale', '--no-sync']);
    started = true; // from here a failed start may still leave a server: stop() tries
    run('pg_ctl', ['-D', data, '-l', log, '-w', '-t', '60', '-o', `-p ${port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c fsync=off`, 'start']);
  } catch (e) {
    const text = existsSync(log) ? readFileSync(log, 'utf8') : '';
    const err = e as Error & { stderr?: Buffer };
    try {
      stop();
    } catch {
      /* the first error is the one to report */
    }
    throw new Error(`PostgreSQL did not start: ${err.message}\n${err.stderr?.toString() ?? ''}\n${text}`);
  }
  return { url: `postgres://emr_jobs@127.0.0.1:${port}/postgres`, port, stop };
}
