/**
 * bench/customers: what the transactional outbox costs `POST /v1/customers`.
 *
 * A started Vouchsafe (API and dispatcher in this process, SQLite in a temporary folder, or PostgreSQL when
 * DATABASE_URL is set) takes BENCH_REQUESTS creates (default 4,000; each a new customer, so each records
 * customer.created) from undici in its own process with 32 requests in flight, after a warm-up. Each round runs three modes,
 * each on a fresh database:
 * - no webhook;
 * - one webhook subscribed to customer.created (a receiver in its own process), delivered by the dispatcher
 *   in the same process while the requests run: the one-command default;
 * - the same webhook with the process in `--role api`: the outbox records the send-outs and nothing
 *   delivers them, which isolates what recording costs the request.
 * Prints requests/s per run, the median per mode and each webhook mode's ratio to no webhook (target >= 0.8).
 * Usage: node --import tsx bench/customers.ts  (BENCH_REQUESTS, BENCH_ROUNDS, DATABASE_URL)
 */
import { type ChildProcess, fork } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { Pool } from 'undici';
import { createVouchsafe } from '../src/app.js';
import { configWith } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/connect.js';
import { randomBase62 } from '../src/platform/ids.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 4000);
const WARMUP = 500;
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DATABASE_URL = process.env.DATABASE_URL ?? null;
const KEYS = {
  appId: 'app_bench',
  appToken: 'app-token-bench-0123456789',
  managementId: 'mgmt_bench',
  managementToken: 'mgmt-token-bench-0123456789',
};

/** The receiver process: counts POSTs and answers 200. */
function runReceiver(): void {
  let count = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      count++;
      res.writeHead(200).end('ok');
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(0, '127.0.0.1', () => process.send!({ port: (server.address() as AddressInfo).port }));
  process.on('message', (m) => {
    if (m === 'count') process.send!({ count });
  });
}

function forkSelf(role: string, args: string[] = []): ChildProcess {
  return fork(fileURLToPath(import.meta.url), [role, ...args], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
}

async function startReceiverProcess() {
  const child = forkSelf('receiver');
  const port = await new Promise<number>((r) => child.once('message', (m: any) => r(m.port)));
  return {
    url: `http://127.0.0.1:${port}/hook`,
    count: () =>
      new Promise<number>((r) => {
        child.once('message', (m: any) => r(m.count));
        child.send('count');
      }),
    stop: () => child.kill(),
  };
}

/** The load process: warm-up, then the measured run; reports requests/s. */
async function runLoad(baseUrl: string): Promise<void> {
  const pool = new Pool(baseUrl, { connections: CONCURRENCY, pipelining: 1 });
  await fire(pool, WARMUP, 'warm');
  const rps = await fire(pool, REQUESTS, 'run');
  await pool.close();
  process.send!({ rps });
}

/** Runs the load in its own process, so that the client does not share the server's event loop. */
async function loadFromChild(baseUrl: string): Promise<number> {
  const child = forkSelf('load', [baseUrl]);
  return new Promise<number>((resolve, reject) => {
    child.once('message', (m: any) => resolve(m.rps));
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load process exited ${code}`))));
  });
}

async function freshDatabase() {
  if (DATABASE_URL) {
    const schema = `bench_${randomBase62(10).toLowerCase()}`;
    const db = await openDatabase({ databaseUrl: DATABASE_URL, pgSchema: schema, pgPoolMax: 10 });
    return {
      db,
      async cleanup() {
        await db.close();
        const c = new pg.Client({ connectionString: DATABASE_URL });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
        await c.end();
      },
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const db = await openDatabase({ databaseUrl: null, dataDir: dir });
  return {
    db,
    async cleanup() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `total` creates with CONCURRENCY in flight; returns requests/s. */
async function fire(pool: Pool, total: number, tag: string): Promise<number> {
  let next = 0;
  let failed = 0;
  const headers = {
    'content-type': 'application/json',
    'x-app-id': KEYS.appId,
    'x-app-token': KEYS.appToken,
  };
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const body = JSON.stringify({
        source_id: `${tag}-${i}`,
        name: 'Bench Customer',
        email: `bench${i}@shop.example`,
        address: { city: 'Oslo', country: 'Norway' },
        metadata: { tier: 'gold', visits: i },
      });
      const res = await pool.request({ method: 'POST', path: '/v1/customers', headers, body });
      await res.body.dump();
      if (res.statusCode !== 200) failed++;
    }
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  if (failed > 0) throw new Error(`${failed} requests failed`);
  return total / seconds;
}

interface Mode {
  name: string;
  webhook: boolean;
  role: 'all' | 'api';
}

const MODES: Mode[] = [
  { name: 'no webhook', webhook: false, role: 'all' },
  { name: 'one webhook, delivered in-process', webhook: true, role: 'all' },
  { name: 'one webhook, recorded only (--role api)', webhook: true, role: 'api' },
];

/** BENCH_MODES=0,1 runs only those modes (by index); the first listed is the ratios' base. */
const SELECTED = process.env.BENCH_MODES
  ? process.env.BENCH_MODES.split(',').map((i) => MODES[Number(i)])
  : MODES;

async function run(mode: Mode, receiver: Awaited<ReturnType<typeof startReceiverProcess>>) {
  const { db, cleanup } = await freshDatabase();
  const config = configWith({
    ...KEYS,
    logLevel: 'silent',
    allowPrivateTargets: 'loopback',
    role: mode.role,
  });
  const vs = await createVouchsafe({ config, db, logger: pino({ level: 'silent' }) });
  await vs.app.listen({ port: 0, host: '127.0.0.1' });
  await vs.startBackground();
  const before = await receiver.count();
  if (mode.webhook) {
    const r = await vs.app.inject({
      method: 'POST',
      url: `/management/v1/projects/${vs.bootstrap.project.id}/webhooks`,
      headers: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
      payload: { target_url: receiver.url, events: ['customer.created'] },
    });
    if (r.statusCode !== 200) throw new Error(`webhook create failed: ${r.body}`);
  }
  const port = (vs.app.server.address() as AddressInfo).port;
  const rps = await loadFromChild(`http://127.0.0.1:${port}`);
  let delivered = 0;
  if (mode.webhook && mode.role === 'all') {
    const deadline = Date.now() + 60_000;
    for (;;) {
      delivered = (await receiver.count()) - before;
      if (delivered >= WARMUP + REQUESTS || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  await vs.close();
  await cleanup();
  return { rps, delivered };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const receiver = await startReceiverProcess();
  const results = new Map<string, number[]>(SELECTED.map((m) => [m.name, []]));
  const where = DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  console.log(`POST /v1/customers on ${where}: ${REQUESTS} requests per run, ${CONCURRENCY} in flight`);
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of SELECTED) {
        const r = await run(mode, receiver);
        results.get(mode.name)!.push(r.rps);
        const note =
          mode.webhook && mode.role === 'all' ? ` (${r.delivered} of ${WARMUP + REQUESTS} delivered)` : '';
        console.log(`  round ${round}, ${mode.name}: ${r.rps.toFixed(0)} req/s${note}`);
      }
    }
  } finally {
    receiver.stop();
  }
  const base = median(results.get(SELECTED[0].name)!);
  console.log(`median, ${SELECTED[0].name}: ${base.toFixed(0)} req/s`);
  const ratios: Record<string, number> = {};
  for (const mode of SELECTED.slice(1)) {
    const m = median(results.get(mode.name)!);
    ratios[mode.name] = m / base;
    console.log(
      `median, ${mode.name}: ${m.toFixed(0)} req/s, ratio ${(m / base).toFixed(2)} (target >= 0.80)`,
    );
  }
  // Run from bench/deliveries, the figures go back to its summary.
  process.send?.({ type: 'result', result: { ratios } });
}

if (process.argv[2] === 'receiver') runReceiver();
else if (process.argv[2] === 'load') await runLoad(process.argv[3]);
else await main();
