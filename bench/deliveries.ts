/**
 * bench/deliveries: how close the delivery engine comes to the raw HTTP ceiling on this machine.
 *
 * 1. Ceiling: undici POSTs of the same signed bodies to the same receiver process, 128 in flight, no storage.
 * 2. Engine: 20,000 events recorded (transactions of 200) to one webhook, then the dispatcher in this process
 *    is started and delivers them. deliveries/s = 20,000 / (dispatcher start → last receipt). The outbox's
 *    own recording rate is printed beside it.
 * 3. Latency with the system otherwise idle: 1,000 events recorded one per transaction at ~200/s;
 *    record→receive p50/p99 from the event's created_at to its arrival.
 * Runs on SQLite, and on PostgreSQL when DATABASE_URL is set. Prints the ratio engine/ceiling per database.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import pg from 'pg';
import { Pool } from 'undici';
import { createVouchsafe } from '../src/app.js';
import { iso } from '../src/platform/clock.js';
import { configWith } from '../src/platform/config.js';
import { transact } from '../src/platform/db/transaction.js';
import { randomBase62 } from '../src/platform/ids.js';
import { buildEnvelope } from '../src/webhooks/engine/envelope.js';
import { voucherifySignature } from '../src/webhooks/engine/signing.js';
import { recordEvent } from '../src/webhooks/record-event.js';
import { fmt, percentile, startReceiver, waitFor } from './lib.js';

const EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
const LATENCY_EVENTS = Number(process.env.BENCH_LATENCY_EVENTS ?? 1000);
const SECRET = 'whsec_' + Buffer.alloc(32, 9).toString('base64');
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

function body(i: number): string {
  return buildEnvelope({
    sendoutId: `whs_${i}`,
    projectId: 'proj_bench',
    createdAt: iso(Date.now()),
    type: 'customer.created',
    dataJson: JSON.stringify(DATA),
    webhook: { id: 'wh_bench', target_url: 'http://127.0.0.1/hook' },
    event: {
      id: `evt_${i}`,
      type: 'customer.created',
      created_at: iso(Date.now()),
      entity_id: 'cust_1',
      group_id: 'v-000000000000000001',
      event_source_json: '{"channel":"API","user":null,"api_key":{"name":"Default","app_id":"app_1"}}',
    },
  });
}

let ceilingCpuPerPost = 0;

async function ceiling(receiver: Awaited<ReturnType<typeof startReceiver>>): Promise<number> {
  await receiver.reset();
  const pool = new Pool(receiver.origin, { connections: 64 });
  const url = new URL(receiver.url);
  let next = 0;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const workers = Array.from({ length: 128 }, async () => {
    while (next < EVENTS) {
      const i = next++;
      const b = body(i);
      const res = await pool.request({
        path: url.pathname,
        method: 'POST',
        body: b,
        headers: {
          'content-type': 'application/json',
          'x-voucherify-signature': voucherifySignature(SECRET, b),
          'webhook-id': `whs_${i}`,
        },
      });
      await res.body.text();
    }
  });
  await Promise.all(workers);
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  ceilingCpuPerPost = (cpu.user + cpu.system) / EVENTS;
  await pool.close();
  return EVENTS / seconds;
}

async function engine(
  label: string,
  databaseUrl: string | null,
  receiver: Awaited<ReturnType<typeof startReceiver>>,
) {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const vs = await createVouchsafe({
    config: configWith({
      dataDir: dir,
      databaseUrl,
      webhookSecret: SECRET,
      logLevel: 'silent',
      ...(process.env.BENCH_MAX_IN_FLIGHT
        ? { dispatchMaxInFlight: Number(process.env.BENCH_MAX_IN_FLIGHT) }
        : {}),
      ...(process.env.BENCH_MAX_PER_ORIGIN
        ? { dispatchMaxPerOrigin: Number(process.env.BENCH_MAX_PER_ORIGIN) }
        : {}),
      ...(process.env.BENCH_BATCH ? { dispatchBatchSize: Number(process.env.BENCH_BATCH) } : {}),
    }),
    logger: pino({ level: 'silent' }),
  });
  const projectId = vs.bootstrap.project.id;
  const mgmt = vs.bootstrap.created!;
  const res = await vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${projectId}/webhooks`,
    headers: { 'x-management-id': mgmt.managementId, 'x-management-token': mgmt.managementToken },
    payload: { target_url: receiver.url, events: ['customer.created'] },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  const record = (n: number) =>
    transact(vs.ctx, async (tx) => {
      for (let i = 0; i < n; i++)
        await recordEvent(tx, {
          projectId,
          type: 'customer.created',
          entityId: DATA.customer.id,
          groupId: 'v-000000000000000001',
          source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: 'app_bench' } },
          data: DATA,
        });
    });

  // Throughput: the outbox is filled first (its rate is printed too), then the dispatcher drains it.
  await receiver.reset();
  const recordStart = performance.now();
  for (let i = 0; i < EVENTS; i += 200) await record(Math.min(200, EVENTS - i));
  const recordSeconds = (performance.now() - recordStart) / 1000;
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await vs.startBackground();
  await waitFor(async () => (await receiver.count()).distinct >= EVENTS, 300_000, 10);
  const seconds = (performance.now() - started) / 1000;
  const rate = EVENTS / seconds;
  const cpu = process.cpuUsage(cpuBefore);
  const cpuPerDelivery = (cpu.user + cpu.system) / EVENTS;
  const burst = await receiver.stats();

  // Latency at a modest, steady rate.
  await receiver.reset();
  for (let i = 0; i < LATENCY_EVENTS; i++) {
    await record(1);
    await new Promise((r) => setTimeout(r, 5));
  }
  await waitFor(async () => (await receiver.count()).distinct >= LATENCY_EVENTS, 60_000);
  const idle = await receiver.stats();
  await vs.close();
  rmSync(dir, { recursive: true, force: true });
  return {
    label,
    rate,
    recordRate: EVENTS / recordSeconds,
    cpuPerDelivery,
    duplicates: burst.count - burst.distinct,
    burstP50: percentile(burst.latencies, 50),
    burstP99: percentile(burst.latencies, 99),
    p50: percentile(idle.latencies, 50),
    p99: percentile(idle.latencies, 99),
  };
}

async function scratchPg(): Promise<{ url: string; drop(): Promise<void> } | null> {
  const base = process.env.DATABASE_URL;
  if (!base) return null;
  const schema = `bench_${randomBase62(8).toLowerCase()}`;
  const c = new pg.Client({ connectionString: base });
  await c.connect();
  await c.query(`CREATE SCHEMA ${schema}`);
  await c.end();
  return {
    url: `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`,
    async drop() {
      const d = new pg.Client({ connectionString: base });
      await d.connect();
      await d.query(`DROP SCHEMA ${schema} CASCADE`);
      await d.end();
    },
  };
}

const receiver = await startReceiver();
try {
  console.log(`bench/deliveries: ${fmt(EVENTS)} events, one webhook, receiver in its own process`);
  // BENCH_SKIP_CEILING is for profiling the engine alone; the ratio then uses a nominal 1.
  const ceil = process.env.BENCH_SKIP_CEILING ? 1 : await ceiling(receiver);
  console.log(
    `ceiling   raw undici POSTs of signed bodies, no storage: ${fmt(ceil)}/s (${fmt(ceilingCpuPerPost)} µs CPU per POST)`,
  );
  const runs = [{ label: 'sqlite', url: null as string | null, floor: 0.5, drop: async () => {} }];
  const pgScratch = await scratchPg();
  if (pgScratch) runs.push({ label: 'postgres', url: pgScratch.url, floor: 0.3, drop: pgScratch.drop });
  else console.log('postgres  skipped: DATABASE_URL is not set');
  for (const run of runs) {
    const r = await engine(run.label, run.url, receiver);
    await run.drop();
    const ratio = r.rate / ceil;
    console.log(
      `${run.label.padEnd(9)} engine ${fmt(r.rate)} deliveries/s (outbox filled at ${fmt(r.recordRate)} events/s; ${fmt(r.cpuPerDelivery)} µs CPU per delivery; duplicates ${r.duplicates}); ` +
        `ratio engine/ceiling ${fmt(ratio, 2)} (floor ${run.floor}) ${ratio >= run.floor ? 'OK' : 'BELOW FLOOR'}`,
    );
    console.log(
      `${''.padEnd(9)} record→receive for the backlog p50 ${fmt(r.burstP50)} ms p99 ${fmt(r.burstP99)} ms; ` +
        `at ~200 events/s p50 ${fmt(r.p50)} ms p99 ${fmt(r.p99)} ms (target p99 < 50 ms) ${r.p99 < 50 ? 'OK' : 'ABOVE TARGET'}`,
    );
  }
} finally {
  await receiver.stop();
}
