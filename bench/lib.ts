import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { randomBase62 } from '../src/platform/ids.js';

export interface ReceiverCount {
  count: number;
  distinct: number;
  /** The receiver process's own CPU time so far, µs. */
  cpuUs: number;
}

/** Starts bench/receiver.ts in its own process; returns its URL and an IPC client. */
export async function startReceiver(opts: { delayMs?: number } = {}) {
  const child: ChildProcess = fork(fileURLToPath(new URL('./receiver.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, RECEIVER_DELAY_MS: String(opts.delayMs ?? 0) },
  });
  const port = await new Promise<number>((resolve) => child.once('message', (m: any) => resolve(m.port)));
  // One question at a time: answers come back in order.
  let chain: Promise<unknown> = Promise.resolve();
  const ask = <T>(msg: object) => {
    const p = chain.then(
      () =>
        new Promise<T>((resolve) => {
          child.once('message', (m) => resolve(m as T));
          child.send(msg);
        }),
    );
    chain = p;
    return p;
  };
  return {
    url: `http://127.0.0.1:${port}/hook`,
    origin: `http://127.0.0.1:${port}`,
    count: () => ask<ReceiverCount>({ cmd: 'count' }),
    /** [webhook-id, arrival ms since the epoch] of every POST since the last reset with arrivals on. */
    arrivals: async () => (await ask<{ arrivals: [string, number][] }>({ cmd: 'arrivals' })).arrivals,
    reset: (o: { arrivals?: boolean; delayMs?: number } = {}) => ask<{ ok: true }>({ cmd: 'reset', ...o }),
    async stop() {
      child.send({ cmd: 'stop' });
      await new Promise((r) => child.once('exit', r));
    },
  };
}

export type Receiver = Awaited<ReturnType<typeof startReceiver>>;

export async function waitFor(cond: () => Promise<boolean>, timeoutMs: number, stepMs = 20): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, stepMs));
  }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/** "OK" or the word for a miss, for a figure against its target. */
export const verdict = (ok: boolean, miss = 'MISSED') => (ok ? 'OK' : miss);

const CLOCK_TICK_US = 10_000; // USER_HZ is 100 on Linux

/** CPU time (user + system) of another process so far, µs, from /proc; 0 when it is gone or unreadable. */
export function procCpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3).
    return (Number(fields[11]) + Number(fields[12])) * CLOCK_TICK_US;
  } catch {
    return 0;
  }
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/**
 * A redis-server of the bench's own, on a free loopback port, AOF fsynced every second into a temporary
 * folder; stopped by its PID. Null when redis-server is not installed (`apt-get install redis-server`).
 */
export async function startRedis(): Promise<{ port: number; pid: number; stop(): Promise<void> } | null> {
  const bin = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';
  const port = await freePort();
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-redis-'));
  const child = spawn(
    bin,
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--appendonly',
      'yes',
      '--appendfsync',
      'everysec',
      '--save',
      '',
      '--dir',
      dir,
    ],
    { stdio: 'ignore' },
  );
  const failed = await new Promise<boolean>((resolve) => {
    child.once('error', () => resolve(true));
    child.once('spawn', () => resolve(false));
  });
  if (failed || child.pid === undefined) {
    rmSync(dir, { recursive: true, force: true });
    return null;
  }
  const pid = child.pid;
  const exited = new Promise((r) => child.once('exit', r));
  // Ready once it accepts a connection and answers PING.
  const { connect } = await import('node:net');
  await waitFor(
    () =>
      new Promise<boolean>((resolve) => {
        const s = connect(port, '127.0.0.1');
        s.once('error', () => resolve(false));
        s.once('connect', () => s.write('PING\r\n'));
        s.once('data', (d) => {
          s.destroy();
          resolve(d.toString().startsWith('+PONG'));
        });
      }),
    10_000,
    50,
  );
  return {
    port,
    pid,
    async stop() {
      process.kill(pid, 'SIGTERM');
      await exited;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A fresh schema in DATABASE_URL's database, and the URL that selects it; null without DATABASE_URL. */
export async function scratchPg(): Promise<{ url: string; schema: string; drop(): Promise<void> } | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const schema = `bench_${randomBase62(8).toLowerCase()}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    schema,
    url: `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    async drop() {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

/**
 * CPU of the PostgreSQL server processes serving the bench's database (its backends, by pg_stat_activity),
 * read from /proc: call `sample()` before and after a run and subtract. The bench's own connection is left
 * out. Backends that ended in between are lost, so keep the pools open across the run.
 */
export async function pgServerCpu(databaseUrl: string) {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  const seen = new Map<number, number>();
  return {
    /** µs of CPU the database's backends have used since mark(). */
    async sample(): Promise<number> {
      const r = await c.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      let total = 0;
      for (const { pid } of r.rows) {
        // A backend that started after mark() did all its work during the run.
        if (!seen.has(pid)) seen.set(pid, 0);
        total += procCpuUs(pid) - seen.get(pid)!;
      }
      return total;
    },
    /** Marks every backend's CPU so far as the baseline. */
    async mark(): Promise<void> {
      const r = await c.query<{ pid: number }>(
        'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
      );
      seen.clear();
      for (const { pid } of r.rows) seen.set(pid, procCpuUs(pid));
    },
    close: () => c.end(),
  };
}

/** Forks this bench file (or another) with `args`, an IPC channel and tsx. */
export function forkBench(file: string, args: string[], env: NodeJS.ProcessEnv = {}): ChildProcess {
  return fork(file, args, {
    execArgv: ['--import', 'tsx', ...(process.env.BENCH_CHILD_EXEC_ARGV?.split(' ').filter(Boolean) ?? [])],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...env },
  });
}

/** The next IPC message of `child` that has `type`. */
export function nextMessage<T>(child: ChildProcess, type: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: any) => {
      if (m?.type !== type) return;
      child.off('message', onMessage);
      child.off('exit', onExit);
      resolve(m as T);
    };
    const onExit = (code: number | null) => {
      child.off('message', onMessage);
      reject(new Error(`child exited with code ${code} before "${type}"`));
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
  });
}

/** Busy share of all cores over `ms`, from /proc/stat (0..1); null where /proc/stat is missing. */
async function machineBusy(ms: number): Promise<number | null> {
  const read = () => {
    try {
      const f = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1).map(Number);
      const idle = f[3]! + (f[4] ?? 0);
      return { idle, total: f.reduce((a, b) => a + b, 0) };
    } catch {
      return null;
    }
  };
  const a = read();
  await new Promise((r) => setTimeout(r, ms));
  const b = read();
  if (!a || !b || b.total === a.total) return null;
  return 1 - (b.idle - a.idle) / (b.total - a.total);
}

/**
 * Waits (up to `maxMs`) until the machine is quiet, under 15% busy over half a second: the work a previous
 * section left behind (PostgreSQL's autovacuum and checkpoints, processes still exiting) would otherwise be
 * measured with the next one. Says so when the machine stayed busy.
 */
export async function quietMachine(maxMs = 30_000): Promise<void> {
  const until = Date.now() + maxMs;
  let busy: number | null = null;
  while (Date.now() < until) {
    busy = await machineBusy(500);
    if (busy === null || busy < 0.15) return;
  }
  console.log(`  (the machine stayed ${Math.round((busy ?? 0) * 100)}% busy before this section)`);
}
