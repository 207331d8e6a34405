/**
 * bench/deliveries: the delivery engine against the bare ceiling and against a common queue, in one run, with
 * the same signed bodies to the same receiver process (bench/receiver.ts: reads each body, answers 200,
 * counts; it never parses a body). Every figure is printed with its target, and a summary closes the run.
 *
 * Sections (BENCH_SECTIONS=a,b,… picks some; all by default):
 * - ceiling   bare signed POSTs: undici, 64 connections, 128 in flight, envelope built and both signatures
 *             computed per body, no storage;
 * - bullmq    the peer: BullMQ on a redis-server the bench starts (AOF everysec, free loopback port), filled by a
 *             transaction-less producer, drained by a worker process at concurrency 64 posting with undici;
 * - sqlite    Vouchsafe on SQLite, the dispatcher (and its delivery thread) in this process;
 * - pg1, pg2  Vouchsafe on PostgreSQL with one and with two `--role worker` processes (DATABASE_URL);
 * - hol       head-of-line isolation: a fast receiver's deliveries/s alone, and beside a receiver that takes
 *             5 s per answer, in the same process (target ≥ 0.9);
 * - latency   record→receive p50/p99 at 1,000 events/s offered, one event per transaction, on SQLite and
 *             PostgreSQL (targets: SQLite p50 ≤ 3 ms, p99 ≤ 10 ms; PostgreSQL p99 ≤ 20 ms), over 5 s of a
 *             steady stream after its first 2 s, whose figures (a fresh process's JIT and pools) are printed
 *             apart;
 * - backlog   bench/backlog.ts: drain rate with 1,000,000 send-outs queued against 10,000, list and chart times;
 * - customers bench/customers.ts: POST /v1/customers with one webhook delivered in the same process against
 *             none (target ≥ 0.8), on SQLite and on PostgreSQL.
 * For each of ceiling, bullmq, sqlite, pg1 and pg2, deliveries/s is BENCH_DELIVERIES (20,000) over the time from
 * starting the drain to the last receipt, with the queue filled before. Each first runs BENCH_WARMUP (a
 * quarter of that) uncounted deliveries the same way, in the same processes and threads, so that every
 * figure is a warm steady state rather than partly the JIT's warm-up. These five sections run BENCH_ROUNDS (3)
 * times, taking turns, and each figure is the median round; before every section the bench waits for the
 * machine to be quiet; CPU µs per delivery counts every process
 * involved (process.cpuUsage of the node processes, /proc for redis-server and the PostgreSQL backends, and the
 * receiver's), and is printed split into sender/engine, store and receiver.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pino from 'pino';
import { createVouchsafe, type Vouchsafe } from '../src/app.js';
import { iso } from '../src/platform/clock.js';
import { type Config, configWith } from '../src/platform/config.js';
import { transact } from '../src/platform/db/transaction.js';
import { buildEnvelope } from '../src/webhooks/engine/envelope.js';
import { createWebhookHttpClient } from '../src/webhooks/engine/http-client.js';
import { voucherifySignature, webhookSignatureHeader } from '../src/webhooks/engine/signing.js';
import { recordEvent } from '../src/webhooks/record-event.js';
import {
  fmt,
  forkBench,
  nextMessage,
  percentile,
  pgServerCpu,
  procCpuUs,
  quietMachine,
  type Receiver,
  scratchPg,
  startReceiver,
  startRedis,
  verdict,
  waitFor,
} from './lib.js';

/** Rounds of each throughput section; each figure is the median round. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const N = Number(process.env.BENCH_DELIVERIES ?? process.env.BENCH_EVENTS ?? 20_000);
/** Deliveries run before each measured drain, uncounted, so that every figure is a warm steady state. */
const WARMUP = Number(process.env.BENCH_WARMUP ?? Math.round(N / 4));
const HOL_N = Number(process.env.BENCH_HOL_DELIVERIES ?? Math.max(1000, Math.round(N / 2)));
const LATENCY_RATE = Number(process.env.BENCH_LATENCY_RATE ?? 1000);
const LATENCY_SECONDS = Number(process.env.BENCH_LATENCY_SECONDS ?? 5);
/** Seconds at the offered rate before the measured ones, reported apart: a fresh process's JIT and pools. */
const LATENCY_WARMUP_SECONDS = Number(process.env.BENCH_LATENCY_WARMUP_SECONDS ?? 2);
const SECRET = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
const SELF = fileURLToPath(import.meta.url);
const DATA = {
  customer: {
    id: 'cust_7LvqCsUB9c8WyFP8JaLXchtF',
    source_id: 'bench-customer',
    name: 'Bench Customer',
    email: 'bench@example.com',
    metadata: { tier: 'gold', region: 'EMEA', note: 'x'.repeat(900) },
    object: 'customer',
  },
};
const DATA_JSON = JSON.stringify(DATA);
const SOURCE = { channel: 'API' as const, user: null, api_key: { name: 'Default', app_id: 'app_bench' } };
const SOURCE_JSON = JSON.stringify(SOURCE);

/** The body and headers the engine sends, built the engine's way, for the ceiling and the peer. */
function signedPost(i: number, targetUrl: string) {
  const id = `whs_bench${i}`;
  const body = buildEnvelope({
    sendoutId: id,
    projectId: 'proj_bench',
    createdAt: iso(Date.now()),
    type: 'customer.created',
    dataJson: DATA_JSON,
    webhook: { id: 'wh_bench', target_url: targetUrl },
    event: {
      id: `evt_bench${i}`,
      type: 'customer.created',
      created_at: iso(Date.now()),
      entity_id: DATA.customer.id,
      group_id: 'v-000000000000000001',
      event_source_json: SOURCE_JSON,
    },
  });
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'user-agent': 'Vouchsafe/0.1.0',
      'x-voucherify-signature': voucherifySignature(SECRET, body),
      'webhook-id': id,
      'webhook-timestamp': String(timestamp),
      'webhook-signature': webhookSignatureHeader([SECRET], id, timestamp, body),
    },
  };
}

const cpuOf = (c = process.cpuUsage()) => c.user + c.system;

/**
 * The ceiling and the peer post through the engine's own HTTP client (undici's handler API, 64 connections):
 * so every figure pays the same per POST and the ratios show what storage and
 * orchestration cost on top.
 */
const benchHttpClient = () =>
  createWebhookHttpClient({ policy: 'loopback', timeoutMs: 30_000, connectionsPerOrigin: 64 });

interface Throughput {
  rate: number;
  /** CPU µs per delivery: sender or engine processes, the store's server, the receiver. */
  cpu: { engine: number; store: number; receiver: number; total: number };
  delivered: number;
  duplicates: number;
  note?: string;
}

function cpuSplit(engineUs: number, storeUs: number, receiverUs: number, n: number): Throughput['cpu'] {
  return {
    engine: engineUs / n,
    store: storeUs / n,
    receiver: receiverUs / n,
    total: (engineUs + storeUs + receiverUs) / n,
  };
}

// ---------------------------------------------------------------------------------------------------------
// Ceiling: bare signed POSTs.

async function ceiling(receiver: Receiver): Promise<Throughput> {
  await receiver.reset();
  const client = benchHttpClient();
  const post = async (from: number, to: number) => {
    let next = from;
    await Promise.all(
      Array.from({ length: 128 }, async () => {
        while (next < to) {
          const { body, headers } = signedPost(next++, receiver.url);
          await client.post(receiver.url, body, headers, Date.now());
        }
      }),
    );
  };
  await post(N, N + WARMUP);
  await receiver.reset();
  const before = await receiver.count();
  const cpuBefore = cpuOf();
  const started = performance.now();
  await post(0, N);
  const seconds = (performance.now() - started) / 1000;
  const cpu = cpuOf() - cpuBefore;
  const after = await receiver.count();
  await client.close();
  return {
    rate: N / seconds,
    cpu: cpuSplit(cpu, 0, after.cpuUs - before.cpuUs, N),
    delivered: after.distinct,
    duplicates: after.count - after.distinct,
  };
}

// ---------------------------------------------------------------------------------------------------------
// The peer: BullMQ on Redis.

const QUEUE = 'bench-deliveries';
const WARM_QUEUE = 'bench-warm-up';

/** The BullMQ worker process: concurrency 64, posting each job's signed body with undici. */
async function bullmqWorker(port: number, targetUrl: string): Promise<void> {
  const { Worker } = await import('bullmq');
  const client = benchHttpClient();
  const processor = async (job: { data: { i: number } }) => {
    const { body, headers } = signedPost(job.data.i, targetUrl);
    const res = await client.post(targetUrl, body, headers, Date.now());
    if (res.statusCode === null || res.statusCode < 200 || res.statusCode > 299)
      throw new Error(`answered ${res.statusCode ?? res.error}`);
  };
  const connection = { host: '127.0.0.1', port };
  const worker = new Worker(QUEUE, processor, { connection, concurrency: 64, autorun: false });
  await worker.waitUntilReady();
  let cpuBefore = 0;
  process.on('message', async (m: { cmd: string; jobs?: number }) => {
    if (m.cmd === 'warm') {
      // The same processor on a queue of its own, drained and closed before the measured queue starts.
      let done = 0;
      const warm = new Worker(WARM_QUEUE, processor, { connection, concurrency: 64 });
      await new Promise<void>((resolve) => warm.on('completed', () => ++done >= m.jobs! && resolve()));
      await warm.close();
      process.send!({ type: 'warmed' });
    }
    if (m.cmd === 'start') {
      cpuBefore = cpuOf();
      void worker.run();
      process.send!({ type: 'started' });
    }
    if (m.cmd === 'cpu') process.send!({ type: 'cpu', us: cpuOf() - cpuBefore });
    if (m.cmd === 'stop') {
      await worker.close();
      await client.close();
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' });
}

async function bullmq(receiver: Receiver): Promise<Throughput | null> {
  const redis = await startRedis();
  if (!redis) return null;
  const { Queue } = await import('bullmq');
  const queue = new Queue(QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
  const warmQueue = new Queue(WARM_QUEUE, { connection: { host: '127.0.0.1', port: redis.port } });
  try {
    const child = forkBench(SELF, ['bullmq-worker', String(redis.port), receiver.url]);
    await nextMessage(child, 'ready');
    await warmQueue.addBulk(
      Array.from({ length: WARMUP }, (_, k) => ({ name: 'deliver', data: { i: N + k } })),
    );
    child.send({ cmd: 'warm', jobs: WARMUP });
    await nextMessage(child, 'warmed');
    await receiver.reset();
    // The producer: no transaction, one job per delivery, retried like a send-out when the receiver fails.
    const enqueueStart = performance.now();
    for (let i = 0; i < N; i += 1000) {
      const jobs = [];
      for (let j = i; j < Math.min(N, i + 1000); j++)
        jobs.push({
          name: 'deliver',
          data: { i: j, event: { type: 'customer.created', data: DATA_JSON } },
          opts: { attempts: 10, backoff: { type: 'exponential', delay: 1000 } },
        });
      await queue.addBulk(jobs);
    }
    const enqueueRate = N / ((performance.now() - enqueueStart) / 1000);
    const before = await receiver.count();
    const redisBefore = procCpuUs(redis.pid);
    const started = performance.now();
    child.send({ cmd: 'start' });
    await waitFor(async () => (await receiver.count()).distinct >= N, 600_000, 10);
    const seconds = (performance.now() - started) / 1000;
    const after = await receiver.count();
    const redisUs = procCpuUs(redis.pid) - redisBefore;
    child.send({ cmd: 'cpu' });
    const { us } = await nextMessage<{ us: number }>(child, 'cpu');
    child.send({ cmd: 'stop' });
    await new Promise((r) => child.once('exit', r));
    return {
      rate: N / seconds,
      cpu: cpuSplit(us, redisUs, after.cpuUs - before.cpuUs, N),
      delivered: after.distinct,
      duplicates: after.count - after.distinct,
      note: `queue filled at ${fmt(enqueueRate)} jobs/s`,
    };
  } finally {
    await queue.close();
    await warmQueue.close();
    await redis.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Vouchsafe.

function benchConfig(o: Partial<Config>): Config {
  return configWith({
    webhookSecret: SECRET,
    logLevel: 'silent',
    allowPrivateTargets: 'loopback',
    ...(process.env.BENCH_MAX_IN_FLIGHT
      ? { dispatchMaxInFlight: Number(process.env.BENCH_MAX_IN_FLIGHT) }
      : {}),
    ...(process.env.BENCH_MAX_PER_ORIGIN
      ? { dispatchMaxPerOrigin: Number(process.env.BENCH_MAX_PER_ORIGIN) }
      : {}),
    ...(process.env.BENCH_BATCH ? { dispatchBatchSize: Number(process.env.BENCH_BATCH) } : {}),
    ...o,
  });
}

async function openVouchsafe(databaseUrl: string | null, o: Partial<Config> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const vs = await createVouchsafe({
    config: benchConfig({ dataDir: dir, databaseUrl, ...o }),
    logger: pino({ level: 'silent' }),
  });
  return {
    vs,
    async close() {
      await vs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function addWebhook(vs: Vouchsafe, targetUrl: string): Promise<void> {
  const mgmt = vs.bootstrap.created!;
  const res = await vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${vs.bootstrap.project.id}/webhooks`,
    headers: { 'x-management-id': mgmt.managementId, 'x-management-token': mgmt.managementToken },
    payload: { target_url: targetUrl, events: ['customer.created'] },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
}

/** Records `n` customer.created events in one transaction; returns their send-out ids. */
async function record(vs: Vouchsafe, n: number): Promise<string[]> {
  const ids: string[] = [];
  await transact(vs.ctx, async (tx) => {
    for (let i = 0; i < n; i++) {
      const r = await recordEvent(tx, {
        projectId: vs.bootstrap.project.id,
        type: 'customer.created',
        entityId: DATA.customer.id,
        groupId: 'v-000000000000000001',
        source: SOURCE,
        data: DATA,
      });
      ids.push(...r.sendoutIds);
    }
  });
  return ids;
}

/** Fills the outbox with `n` events, 200 per transaction; returns events/s. */
async function fill(vs: Vouchsafe, n: number): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i += 200) await record(vs, Math.min(200, n - i));
  return n / ((performance.now() - t0) / 1000);
}

/** SQLite: the dispatcher and its delivery thread in this process. */
async function sqliteEngine(receiver: Receiver): Promise<Throughput> {
  const { vs, close } = await openVouchsafe(null);
  try {
    await addWebhook(vs, receiver.url);
    await vs.warmUp();
    await fill(vs, WARMUP);
    await vs.dispatcher!.drain();
    await receiver.reset();
    const fillRate = await fill(vs, N);
    const before = await receiver.count();
    const cpuBefore = cpuOf();
    const started = performance.now();
    const mark = process.hrtime.bigint() / 1000n;
    await vs.startBackground();
    await waitFor(async () => (await receiver.count()).distinct >= N, 600_000, 10);
    const seconds = (performance.now() - started) / 1000;
    const cpu = cpuOf() - cpuBefore;
    // The drain's window in the monotonic µs that --cpu-prof timestamps use (bench/profile-summary.ts).
    if (process.env.BENCH_PROFILE_WINDOW)
      console.log(`profile window ${mark} ${process.hrtime.bigint() / 1000n}`);
    const after = await receiver.count();
    return {
      rate: N / seconds,
      cpu: cpuSplit(cpu, 0, after.cpuUs - before.cpuUs, N),
      delivered: after.distinct,
      duplicates: after.count - after.distinct,
      note: `outbox filled at ${fmt(fillRate)} events/s; store in-process`,
    };
  } finally {
    await close();
  }
}

/** A `--role worker` process on PostgreSQL: opens, waits for `start`, reports its CPU, stops. */
async function vsWorker(databaseUrl: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const vs = await createVouchsafe({
    config: benchConfig({ dataDir: dir, databaseUrl, role: 'worker' }),
    logger: pino({ level: 'silent' }),
  });
  await vs.warmUp();
  let cpuBefore = 0;
  process.on('message', async (m: { cmd: string }) => {
    if (m.cmd === 'warm') {
      await vs.dispatcher!.drain();
      process.send!({ type: 'warmed' });
    }
    if (m.cmd === 'start') {
      cpuBefore = cpuOf();
      await vs.startBackground();
      process.send!({ type: 'started' });
    }
    if (m.cmd === 'cpu') process.send!({ type: 'cpu', us: cpuOf() - cpuBefore });
    if (m.cmd === 'stop') {
      await vs.close();
      rmSync(dir, { recursive: true, force: true });
      process.exit(0);
    }
  });
  process.send!({ type: 'ready' });
}

/** PostgreSQL: the outbox filled from this process, drained by `workers` worker processes. */
async function pgEngine(receiver: Receiver, workers: number): Promise<Throughput | null> {
  const scratch = await scratchPg();
  if (!scratch) return null;
  const { vs, close } = await openVouchsafe(scratch.url, { role: 'api' });
  const server = await pgServerCpu(scratch.url);
  const children: ChildProcess[] = [];
  try {
    await addWebhook(vs, receiver.url);
    for (let w = 0; w < workers; w++) children.push(forkBench(SELF, ['vs-worker', scratch.url]));
    await Promise.all(children.map((c) => nextMessage(c, 'ready')));
    await fill(vs, WARMUP);
    await Promise.all(
      children.map((c) => {
        c.send({ cmd: 'warm' });
        return nextMessage(c, 'warmed');
      }),
    );
    await receiver.reset();
    const fillRate = await fill(vs, N);
    const before = await receiver.count();
    await server.mark();
    const started = performance.now();
    for (const c of children) c.send({ cmd: 'start' });
    await waitFor(async () => (await receiver.count()).distinct >= N, 600_000, 10);
    const seconds = (performance.now() - started) / 1000;
    const after = await receiver.count();
    const storeUs = await server.sample();
    let engineUs = 0;
    for (const c of children) {
      c.send({ cmd: 'cpu' });
      engineUs += (await nextMessage<{ us: number }>(c, 'cpu')).us;
    }
    return {
      rate: N / seconds,
      cpu: cpuSplit(engineUs, storeUs, after.cpuUs - before.cpuUs, N),
      delivered: after.distinct,
      duplicates: after.count - after.distinct,
      note: `outbox filled at ${fmt(fillRate)} events/s; ${workers} worker process${workers > 1 ? 'es' : ''}`,
    };
  } finally {
    for (const c of children) {
      c.send({ cmd: 'stop' });
      await new Promise((r) => c.once('exit', r));
    }
    await server.close();
    await close();
    await scratch.drop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Head-of-line isolation.

async function fastRate(receiver: Receiver, slow: Receiver | null): Promise<number> {
  const { vs, close } = await openVouchsafe(null, { shutdownTimeoutMs: 500 });
  try {
    await addWebhook(vs, receiver.url);
    // Warm-up to the fast receiver alone, as for the throughput sections.
    await vs.warmUp();
    await fill(vs, Math.round(WARMUP / 2));
    await vs.dispatcher!.drain();
    if (slow) await addWebhook(vs, slow.url);
    await receiver.reset();
    if (slow) await slow.reset();
    await fill(vs, HOL_N);
    // The fill's checkpoint (twice the rows beside the slow receiver) is not the drain's to pay.
    await quietMachine();
    const started = performance.now();
    await vs.startBackground();
    await waitFor(async () => (await receiver.count()).distinct >= HOL_N, 600_000, 10);
    return HOL_N / ((performance.now() - started) / 1000);
  } finally {
    await close();
  }
}

/** The fast receiver's rate alone and beside the slow one, BENCH_ROUNDS times in turn; medians. */
async function headOfLine(receiver: Receiver) {
  const slow = await startReceiver({ delayMs: 5000 });
  try {
    const alone: number[] = [];
    const beside: number[] = [];
    let slowAnswered = 0;
    for (let round = 0; round < ROUNDS; round++) {
      await quietMachine();
      alone.push(await fastRate(receiver, null));
      await quietMachine();
      beside.push(await fastRate(receiver, slow));
      slowAnswered += (await slow.count()).count;
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)]!;
    return {
      alone: median(alone),
      beside: median(beside),
      ratio: median(beside) / median(alone),
      slowAnswered,
    };
  } finally {
    await slow.stop();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Latency at a steady offered rate.

async function latency(receiver: Receiver, databaseUrl: string | null) {
  const { vs, close } = await openVouchsafe(databaseUrl);
  try {
    await addWebhook(vs, receiver.url);
    await vs.startBackground();
    // Warm-up: a few deliveries open the connections.
    await receiver.reset();
    for (let i = 0; i < 50; i++) await record(vs, 1);
    await waitFor(async () => (await receiver.count()).distinct >= 50, 30_000);
    await receiver.reset({ arrivals: true });
    // One steady stream: the first LATENCY_WARMUP_SECONDS' events are the warm-up, the rest are measured.
    const warmUpEvents = Math.round(LATENCY_RATE * LATENCY_WARMUP_SECONDS);
    const total = warmUpEvents + Math.round(LATENCY_RATE * LATENCY_SECONDS);
    const order = new Map<string, number>();
    const recordedAt = new Map<string, number>();
    // Events arrive as requests would: each in its own transaction, started when it is due whether or not
    // the previous one has committed. Every tick yields to the event loop, so that the dispatcher in this
    // process runs between them as it would between requests.
    const inFlight = new Set<Promise<void>>();
    const t0 = performance.now();
    let i = 0;
    while (i < total) {
      const due = Math.min(total, Math.floor(((performance.now() - t0) * LATENCY_RATE) / 1000));
      for (; i < due; i++) {
        const at = performance.timeOrigin + performance.now();
        const n = i;
        const p: Promise<void> = record(vs, 1).then((ids) => {
          for (const id of ids) {
            recordedAt.set(id, at);
            order.set(id, n);
          }
          inFlight.delete(p);
        });
        inFlight.add(p);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    const offered = total / ((performance.now() - t0) / 1000);
    await Promise.all(inFlight);
    const committed = total / ((performance.now() - t0) / 1000);
    await waitFor(async () => (await receiver.count()).distinct >= total, 120_000);
    const ms: number[] = [];
    const warm: number[] = [];
    for (const [id, at] of await receiver.arrivals()) {
      const r = recordedAt.get(id);
      if (r === undefined) continue;
      if (order.get(id)! < warmUpEvents) warm.push(at - r);
      else ms.push(at - r);
    }
    return {
      offered,
      committed,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      max: percentile(ms, 100),
      warmUp: { p50: percentile(warm, 50), p99: percentile(warm, 99) },
    };
  } finally {
    await close();
  }
}

// ---------------------------------------------------------------------------------------------------------
// Backlog and the API's cost: their own bench files, run as children; they report over IPC.

async function child<T>(file: string, env: NodeJS.ProcessEnv): Promise<T | null> {
  const c = forkBench(fileURLToPath(new URL(file, import.meta.url)), [], env);
  let result: T | null = null;
  c.on('message', (m: any) => {
    if (m?.type === 'result') result = m.result as T;
  });
  const code = await new Promise<number | null>((r) => c.once('exit', r));
  if (code !== 0) console.log(`  ${file} exited with code ${code}`);
  return result;
}

// ---------------------------------------------------------------------------------------------------------

const line = (label: string, t: Throughput) =>
  `${label.padEnd(22)} ${fmt(t.rate).padStart(7)} deliveries/s; CPU per delivery ${fmt(t.cpu.total)} µs ` +
  `(sender/engine ${fmt(t.cpu.engine)}, store ${fmt(t.cpu.store)}, receiver ${fmt(t.cpu.receiver)}); ` +
  `delivered ${fmt(t.delivered)} of ${fmt(N)}, duplicates ${t.duplicates}${t.note ? `; ${t.note}` : ''}`;

async function main(): Promise<void> {
  const sections = new Set(
    (process.env.BENCH_SECTIONS ?? 'ceiling,bullmq,sqlite,pg1,pg2,hol,latency,backlog,customers').split(','),
  );
  const hasPg = Boolean(process.env.DATABASE_URL);
  const summary: string[] = [];
  const check = (figure: string, value: string, target: string, ok: boolean | null) =>
    summary.push(
      `  ${figure.padEnd(58)} ${value.padStart(14)}   target ${target.padEnd(22)} ${ok === null ? '' : verdict(ok)}`,
    );
  console.log(
    `bench/deliveries: ${fmt(N)} deliveries per run, one webhook, receiver in its own process; ` +
      `PostgreSQL ${hasPg ? 'on' : 'skipped (DATABASE_URL is not set)'}`,
  );
  const receiver = await startReceiver();
  const runs = new Map<string, Throughput>();
  try {
    // Each section runs BENCH_ROUNDS times, the sections taking turns, and each figure is its median round:
    // one drain of 20,000 lasts a few seconds, and single runs of the same code differ by ±10% here.
    const sectionsInOrder: [string, string, () => Promise<Throughput | null>][] = [
      ['ceiling', 'bare signed POSTs', () => ceiling(receiver)],
      ['bullmq', 'BullMQ on Redis (AOF)', () => bullmq(receiver)],
      ['sqlite', 'Vouchsafe SQLite', () => sqliteEngine(receiver)],
      ['pg1', 'Vouchsafe PG, 1 worker', () => pgEngine(receiver, 1)],
      ['pg2', 'Vouchsafe PG, 2 workers', () => pgEngine(receiver, 2)],
    ];
    const rounds = new Map<string, Throughput[]>();
    for (let round = 1; round <= ROUNDS; round++)
      for (const [key, label, run] of sectionsInOrder) {
        if (!sections.has(key) || (key.startsWith('pg') && !hasPg)) continue;
        await quietMachine();
        const t = await run();
        if (!t) {
          if (key === 'bullmq' && round === 1)
            console.log('BullMQ skipped: redis-server is not installed (apt-get install redis-server)');
          continue;
        }
        rounds.set(key, [...(rounds.get(key) ?? []), t]);
        console.log(line(ROUNDS > 1 ? `${label} (${round})` : label, t));
      }
    for (const [key, ts] of rounds) {
      // The median round by rate; for two workers, duplicates and missing deliveries of every round count.
      const sorted = [...ts].sort((a, b) => a.rate - b.rate);
      const median = sorted[Math.floor((sorted.length - 1) / 2)]!;
      runs.set(key, {
        ...median,
        delivered: Math.min(...ts.map((t) => t.delivered)),
        duplicates: Math.max(...ts.map((t) => t.duplicates)),
      });
    }
    if (ROUNDS > 1)
      console.log(
        `medians                ${[...runs].map(([k, t]) => `${k} ${fmt(t.rate)}/s (${fmt(t.cpu.engine)} µs engine)`).join('; ')}`,
      );

    const ceil = runs.get('ceiling');
    const peer = runs.get('bullmq');
    const ratios: string[] = [];
    for (const [key, t] of runs) {
      if (key === 'ceiling') continue;
      ratios.push(
        `${key}: ${ceil ? fmt(t.rate / ceil.rate, 2) : '–'} of the ceiling, ${peer && key !== 'bullmq' ? `${fmt(t.rate / peer.rate, 2)}× BullMQ` : '–'}`,
      );
    }
    if (ratios.length > 0) console.log(`ratios                 ${ratios.join('; ')}`);
    if (ceil) check('bare ceiling, deliveries/s', fmt(ceil.rate), '(baseline)', null);
    if (peer) check('BullMQ on Redis, deliveries/s', fmt(peer.rate), '(peer)', null);
    const sqlite = runs.get('sqlite');
    if (sqlite && ceil)
      check(
        'SQLite / bare ceiling',
        fmt(sqlite.rate / ceil.rate, 2),
        '≥ 0.40',
        sqlite.rate / ceil.rate >= 0.4,
      );
    if (sqlite && peer)
      check(
        'SQLite / BullMQ',
        `${fmt(sqlite.rate / peer.rate, 2)}×`,
        '≥ 2.5×',
        sqlite.rate / peer.rate >= 2.5,
      );
    if (sqlite)
      check(
        'SQLite, engine CPU µs per delivery (this process)',
        fmt(sqlite.cpu.engine),
        '≤ 60 µs (goal)',
        sqlite.cpu.engine <= 60,
      );
    const pg1 = runs.get('pg1');
    const pg2 = runs.get('pg2');
    if (pg1 && ceil)
      check(
        'PostgreSQL, one worker / bare ceiling',
        fmt(pg1.rate / ceil.rate, 2),
        '≥ 0.30',
        pg1.rate / ceil.rate >= 0.3,
      );
    if (pg1 && peer)
      check('PostgreSQL, one worker / BullMQ', `${fmt(pg1.rate / peer.rate, 2)}×`, '(printed)', null);
    if (pg2)
      check(
        'PostgreSQL, two workers: duplicates, missing',
        `${pg2.duplicates}, ${N - pg2.delivered}`,
        '0, 0',
        pg2.duplicates === 0 && pg2.delivered === N,
      );
    if (pg2 && pg1)
      check(
        'PostgreSQL, two workers / one worker',
        fmt(pg2.rate / pg1.rate, 2),
        '≥ 1.00',
        pg2.rate >= pg1.rate,
      );
    for (const [key, t] of runs)
      if (key !== 'pg2' && t.duplicates > 0)
        check(`${key}: duplicates`, String(t.duplicates), '0', t.duplicates === 0);

    if (sections.has('hol')) {
      const h = await headOfLine(receiver);
      console.log(
        `head-of-line           medians of ${ROUNDS} rounds: fast receiver alone ${fmt(h.alone)} deliveries/s; beside one that takes 5 s per answer ` +
          `${fmt(h.beside)} deliveries/s (the slow one answered ${fmt(h.slowAnswered)} meanwhile); ratio ${fmt(h.ratio, 2)}`,
      );
      check(
        'head-of-line: fast beside a 5 s receiver / fast alone',
        fmt(h.ratio, 2),
        '≥ 0.90',
        h.ratio >= 0.9,
      );
    }

    if (sections.has('latency')) {
      const targets: [string, boolean, number][] = [
        ['SQLite', false, 10],
        ['PostgreSQL', true, 20],
      ];
      for (const [label, onPg, p99Target] of targets) {
        if (onPg && !hasPg) continue;
        const scratch = onPg ? await scratchPg() : null;
        try {
          await quietMachine();
          const l = await latency(receiver, scratch?.url ?? null);
          console.log(
            `latency ${label.padEnd(14)} at ${fmt(l.offered)} events/s offered (one per transaction; all committed at ` +
              `${fmt(l.committed)}/s): ` +
              `record→receive p50 ${fmt(l.p50, 2)} ms, p99 ${fmt(l.p99, 2)} ms, max ${fmt(l.max, 1)} ms ` +
              `over ${LATENCY_SECONDS} s, after ${LATENCY_WARMUP_SECONDS} s of the same stream from a fresh ` +
              `process (p50 ${fmt(l.warmUp.p50, 2)} ms, p99 ${fmt(l.warmUp.p99, 2)} ms; not counted)`,
          );
          if (!onPg)
            check(`latency SQLite p50 at ${fmt(LATENCY_RATE)}/s (ms)`, fmt(l.p50, 2), '≤ 3', l.p50 <= 3);
          check(
            `latency ${label} p99 at ${fmt(LATENCY_RATE)}/s (ms)`,
            fmt(l.p99, 2),
            `≤ ${p99Target}`,
            l.p99 <= p99Target,
          );
        } finally {
          await scratch?.drop();
        }
      }
    }
  } finally {
    await receiver.stop();
  }

  if (sections.has('backlog')) {
    type BacklogResult = {
      dialect: string;
      smallSize: number;
      largeSize: number;
      small: number;
      large: number;
      ratio: number;
      listMs: number;
      chartMs: number;
    }[];
    const r = await child<BacklogResult>('./backlog.ts', {});
    for (const b of r ?? []) {
      check(
        `backlog ${b.dialect}: drain at ${fmt(b.largeSize)} queued / at ${fmt(b.smallSize)}`,
        fmt(b.ratio, 2),
        '≥ 0.80',
        b.ratio >= 0.8,
      );
      check(
        `backlog ${b.dialect}: send-outs list at ${fmt(b.largeSize)} (ms)`,
        fmt(b.listMs, 1),
        '≤ 200',
        b.listMs <= 200,
      );
      check(
        `backlog ${b.dialect}: chart at ${fmt(b.largeSize)} (ms)`,
        fmt(b.chartMs, 1),
        '≤ 200',
        b.chartMs <= 200,
      );
    }
  }
  if (sections.has('customers')) {
    const dbs: [string, NodeJS.ProcessEnv][] = [['SQLite', { DATABASE_URL: '' }]];
    if (hasPg) dbs.push(['PostgreSQL', {}]);
    for (const [label, env] of dbs) {
      const r = await child<{ ratios: Record<string, number> }>('./customers.ts', {
        BENCH_MODES: '0,1',
        ...env,
      });
      const ratio = r?.ratios['one webhook, delivered in-process'];
      if (ratio !== undefined)
        check(
          `POST /v1/customers ${label}: one webhook in-process / none`,
          fmt(ratio, 2),
          '≥ 0.80',
          ratio >= 0.8,
        );
    }
  }
  console.log('\nsummary (every figure against its target)');
  for (const s of summary) console.log(s);
}

if (process.argv[2] === 'bullmq-worker') await bullmqWorker(Number(process.argv[3]), process.argv[4]);
else if (process.argv[2] === 'vs-worker') await vsWorker(process.argv[3]);
else await main();
