/**
 * bench/redemptions: what the transactional outbox costs `POST /v1/redemptions`.
 *
 * A started Vouchsafe (`--role api` in this process, SQLite in a temporary folder, or PostgreSQL when
 * DATABASE_URL is set) takes BENCH_REQUESTS redemptions (default 2,000) of one voucher with unlimited uses,
 * each with a 3-item order (so each stores an order, a redemption and redemption.succeeded), from undici in
 * its own process with 32 requests in flight, after a warm-up. Each round runs two modes, each on a fresh
 * database:
 * - no webhook;
 * - one webhook subscribed to redemption.succeeded (a receiver in its own process), delivered by a worker
 *   (`--role worker`) in a separate process sharing the database, while the requests run.
 * Prints requests/s per run, the median per mode and the webhook mode's ratio to no webhook (target >= 0.8),
 * and per run the CPU ms per request of every process (API, load, PostgreSQL backends of the database, worker,
 * receiver; warm-up included), since on 2 cores the ratio is mostly what the webhook adds to that sum.
 * Usage: npm run bench:redemptions  (BENCH_REQUESTS, BENCH_ROUNDS, DATABASE_URL)
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
import { pgServerCpu, procCpuUs } from './lib.js';
import { configWith } from '../src/platform/config.js';
import { openDatabase } from '../src/platform/db/connect.js';
import { randomBase62 } from '../src/platform/ids.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const WARMUP = 200;
const CONCURRENCY = 32;
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const DATABASE_URL = process.env.DATABASE_URL ?? null;
const CODE = 'BENCH-REDEEM';
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
    pid: child.pid!,
    stop: () => child.kill(),
  };
}

/** The load process: warm-up, then the measured run; reports requests/s. */
async function runLoad(baseUrl: string): Promise<void> {
  const pool = new Pool(baseUrl, { connections: CONCURRENCY, pipelining: 1 });
  const cpu = process.cpuUsage();
  await fire(pool, WARMUP, 'warm');
  const rps = await fire(pool, REQUESTS, 'run');
  const used = process.cpuUsage(cpu);
  await pool.close();
  process.send!({ rps, cpuUs: used.user + used.system });
}

/**
 * Runs the load in its own process, so that the client does not share the server's event loop; returns its
 * requests/s and the CPU µs its requests used.
 */
async function loadFromChild(baseUrl: string): Promise<{ rps: number; cpuUs: number }> {
  const child = forkSelf('load', [baseUrl]);
  return new Promise((resolve, reject) => {
    child.once('message', (m: any) => {
      child.kill();
      resolve({ rps: m.rps, cpuUs: m.cpuUs });
    });
    child.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`load process exited ${code}`))));
  });
}

/** Where a run's database is: a PostgreSQL schema or a SQLite folder, which the worker process opens too. */
interface Where {
  schema?: string;
  dir?: string;
}

async function openAt(where: Where) {
  return where.schema
    ? openDatabase({ databaseUrl: DATABASE_URL!, pgSchema: where.schema, pgPoolMax: 10 })
    : openDatabase({ databaseUrl: null, dataDir: where.dir! });
}

async function freshDatabase() {
  const where: Where = DATABASE_URL
    ? { schema: `bench_${randomBase62(10).toLowerCase()}` }
    : { dir: mkdtempSync(join(tmpdir(), 'vouchsafe-bench-')) };
  const db = await openAt(where);
  return {
    db,
    where,
    async cleanup() {
      await db.close();
      if (where.dir) rmSync(where.dir, { recursive: true, force: true });
      else {
        const c = new pg.Client({ connectionString: DATABASE_URL! });
        await c.connect();
        await c.query(`DROP SCHEMA IF EXISTS ${where.schema} CASCADE`);
        await c.end();
      }
    },
  };
}

/** The worker process: delivers the send-outs the API process records, on the same database. */
async function runWorker(where: Where): Promise<void> {
  const db = await openAt(where);
  const config = configWith({ ...KEYS, logLevel: 'silent', allowPrivateTargets: 'loopback', role: 'worker' });
  const vs = await createVouchsafe({ config, db, logger: pino({ level: 'silent' }) });
  await vs.startBackground();
  process.send!({ ready: true });
  process.on('message', async (m) => {
    if (m !== 'stop') return;
    await vs.close();
    await db.close();
    process.exit(0);
  });
}

async function startWorkerProcess(where: Where) {
  const child = forkSelf('worker', [JSON.stringify(where)]);
  await new Promise<void>((r) => child.once('message', () => r()));
  return {
    pid: child.pid!,
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.send('stop');
      }),
  };
}

/** `total` redemptions with CONCURRENCY in flight; returns requests/s. */
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
        redeemables: [{ object: 'voucher', id: CODE }],
        customer: { source_id: `bench-customer-${i % 100}` },
        order: {
          items: [
            { source_id: 'mug', related_object: 'product', quantity: 2, price: 1500 },
            { source_id: 'tee', related_object: 'product', quantity: 1, price: 2500 },
            { source_id: `poster-${tag}-${i}`, related_object: 'product', quantity: 3, price: 1000 },
          ],
          metadata: { store: 'oslo' },
        },
      });
      const res = await pool.request({ method: 'POST', path: '/v1/redemptions', headers, body });
      if (res.statusCode !== 200) {
        if (failed++ === 0) console.error(`  first failure: ${res.statusCode} ${await res.body.text()}`);
      } else await res.body.dump();
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
}

const MODES: Mode[] = [
  { name: 'no webhook', webhook: false },
  { name: 'one webhook, delivered by a separate worker', webhook: true },
];

async function run(mode: Mode, receiver: Awaited<ReturnType<typeof startReceiverProcess>>) {
  const { db, where, cleanup } = await freshDatabase();
  const config = configWith({ ...KEYS, logLevel: 'silent', allowPrivateTargets: 'loopback', role: 'api' });
  const vs = await createVouchsafe({ config, db, logger: pino({ level: 'silent' }) });
  await vs.app.listen({ port: 0, host: '127.0.0.1' });
  await vs.startBackground();
  const v = await vs.app.inject({
    method: 'POST',
    url: `/v1/vouchers/${CODE}`,
    headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
    payload: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 500 } },
  });
  if (v.statusCode !== 200) throw new Error(`voucher create failed: ${v.body}`);
  const before = await receiver.count();
  let worker: Awaited<ReturnType<typeof startWorkerProcess>> | null = null;
  if (mode.webhook) {
    const r = await vs.app.inject({
      method: 'POST',
      url: `/management/v1/projects/${vs.bootstrap.project.id}/webhooks`,
      headers: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
      payload: { target_url: receiver.url, events: ['redemption.succeeded'] },
    });
    if (r.statusCode !== 200) throw new Error(`webhook create failed: ${r.body}`);
    worker = await startWorkerProcess(where);
  }
  const port = (vs.app.server.address() as AddressInfo).port;
  const pgCpu = DATABASE_URL ? await pgServerCpu(DATABASE_URL) : null;
  await pgCpu?.mark();
  const cpuBefore = { api: process.cpuUsage(), worker: worker ? procCpuUs(worker.pid) : 0 };
  const receiverBefore = procCpuUs(receiver.pid);
  const { rps, cpuUs: loadUs } = await loadFromChild(`http://127.0.0.1:${port}`);
  let delivered = 0;
  if (worker) {
    const deadline = Date.now() + 60_000;
    for (;;) {
      delivered = (await receiver.count()) - before;
      if (delivered >= WARMUP + REQUESTS || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  const api = process.cpuUsage(cpuBefore.api);
  const perRequest = (us: number) => us / 1000 / (WARMUP + REQUESTS);
  const cpu = {
    api: perRequest(api.user + api.system),
    load: perRequest(loadUs),
    postgres: perRequest((await pgCpu?.sample()) ?? 0),
    worker: worker ? perRequest(procCpuUs(worker.pid) - cpuBefore.worker) : 0,
    receiver: perRequest(procCpuUs(receiver.pid) - receiverBefore),
  };
  await pgCpu?.close();
  await worker?.stop();
  await vs.close();
  await cleanup();
  return { rps, delivered, cpu };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

async function main(): Promise<void> {
  const receiver = await startReceiverProcess();
  const results = new Map<string, number[]>(MODES.map((m) => [m.name, []]));
  const where = DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  console.log(
    `POST /v1/redemptions (one voucher, 3-item order) on ${where}: ${REQUESTS} requests per run, ${CONCURRENCY} in flight`,
  );
  try {
    for (let round = 1; round <= ROUNDS; round++) {
      for (const mode of MODES) {
        const r = await run(mode, receiver);
        results.get(mode.name)!.push(r.rps);
        const note = mode.webhook ? ` (${r.delivered} of ${WARMUP + REQUESTS} delivered)` : '';
        console.log(`  round ${round}, ${mode.name}: ${r.rps.toFixed(0)} req/s${note}`);
        const c = r.cpu;
        const total = c.api + c.load + c.postgres + c.worker + c.receiver;
        console.log(
          `    CPU ms per request: API ${c.api.toFixed(2)}, load ${c.load.toFixed(2)}` +
            (DATABASE_URL ? `, PostgreSQL ${c.postgres.toFixed(2)}` : '') +
            (mode.webhook ? `, worker ${c.worker.toFixed(2)}, receiver ${c.receiver.toFixed(2)}` : '') +
            `; total ${total.toFixed(2)}`,
        );
      }
    }
  } finally {
    receiver.stop();
  }
  const base = median(results.get(MODES[0]!.name)!);
  console.log(`median, ${MODES[0]!.name}: ${base.toFixed(0)} req/s`);
  for (const mode of MODES.slice(1)) {
    const m = median(results.get(mode.name)!);
    console.log(
      `median, ${mode.name}: ${m.toFixed(0)} req/s, ratio ${(m / base).toFixed(2)} (target >= 0.80)`,
    );
  }
}

if (process.argv[2] === 'receiver') runReceiver();
else if (process.argv[2] === 'worker') await runWorker(JSON.parse(process.argv[3]!) as Where);
else if (process.argv[2] === 'load') await runLoad(process.argv[3]);
else await main();
