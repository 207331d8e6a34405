/**
 * bench/backlog: does the engine keep its pace when the queue is long, and do the dashboard's audit-log
 * queries stay fast at that size?
 *
 * Per database (SQLite; PostgreSQL when DATABASE_URL is set), twice, on a fresh database each time: a backlog
 * of BENCH_BACKLOG_SMALL (10,000) and of BENCH_BACKLOG (1,000,000) due send-outs, each with its own event,
 * created over the last 24 hours, is generated inside the database (one INSERT … SELECT per 100,000 rows, a
 * recursive series on SQLite, generate_series on PostgreSQL; bounded by BENCH_BACKLOG_INSERT_MAX_S, 600 s).
 * PostgreSQL then gets VACUUM ANALYZE, as autovacuum would (since PostgreSQL 13 it also vacuums tables that only
 * grow, which sets the visibility map that index-only scans rely on). With the large backlog, the claim's, the list's and the
 * chart's plans are printed (EXPLAIN; the SQL mirrors the repositories'), and the send-outs list (first page
 * and a page filtered by webhook, each with its total) and the chart (last 24 h, auto interval) are timed
 * through the API, best of three. Then the dispatcher in this process drains: the rate is taken over the
 * same window of deliveries in both cases (from the 10%th to the 90%th of the small backlog's size, from
 * the receiver's arrival times), so that the large backlog is still ~1,000,000 deep while it is measured.
 * Target: the rate at 1,000,000 ≥ 0.8 of the rate at 10,000; list and chart within 200 ms.
 * The events carry a smaller `data` than bench/deliveries' (the backlog's size on disk stays ~0.5 GB).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import pino from 'pino';
import { createVouchsafe, type Vouchsafe } from '../src/app.js';
import { configWith } from '../src/platform/config.js';
import { fmt, scratchPg, startReceiver, type Receiver, verdict, waitFor } from './lib.js';

const LARGE = Number(process.env.BENCH_BACKLOG ?? 1_000_000);
const SMALL = Number(process.env.BENCH_BACKLOG_SMALL ?? 10_000);
const INSERT_MAX_S = Number(process.env.BENCH_BACKLOG_INSERT_MAX_S ?? 600);
const CHUNK = 100_000;
/** Only the large backlog's plans and query times, no drain: for checking indexes. */
const PLANS_ONLY = process.env.BENCH_BACKLOG_PLANS_ONLY === '1';
const DAY = 86_400_000;
const DATA_JSON = JSON.stringify({
  customer: {
    id: 'cust_7LvqCsUB9c8WyFP8JaLXchtF',
    source_id: 'bench-customer',
    name: 'Bench Customer',
    email: 'bench@example.com',
    metadata: { tier: 'gold', region: 'EMEA', note: 'x'.repeat(100) },
    object: 'customer',
  },
});
const SOURCE_JSON = '{"channel":"API","user":null,"api_key":{"name":"Default","app_id":"app_bench"}}';

interface Opened {
  vs: Vouchsafe;
  projectId: string;
  webhookId: string;
  headers: Record<string, string>;
  close(): Promise<void>;
}

async function open(databaseUrl: string | null, receiver: Receiver): Promise<Opened> {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const vs = await createVouchsafe({
    config: configWith({ dataDir: dir, databaseUrl, logLevel: 'silent', allowPrivateTargets: 'loopback' }),
    logger: pino({ level: 'silent' }),
  });
  const mgmt = vs.bootstrap.created!;
  const headers = { 'x-management-id': mgmt.managementId, 'x-management-token': mgmt.managementToken };
  const projectId = vs.bootstrap.project.id;
  const res = await vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${projectId}/webhooks`,
    headers,
    payload: { target_url: receiver.url, events: ['customer.created'] },
  });
  if (res.statusCode !== 200) throw new Error(res.body);
  return {
    vs,
    projectId,
    webhookId: res.json().id,
    headers,
    async close() {
      await vs.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** `count` due send-outs with their events, created evenly over the last 24 h, generated in the database. */
async function generate(o: Opened, count: number, url: string): Promise<number> {
  const db = o.vs.ctx.db.kysely;
  const pgsql = o.vs.ctx.db.profile.skipLocked;
  const now = Date.now();
  const base = now - DAY;
  const step = DAY / count;
  const t0 = performance.now();
  for (let offset = 0; offset < count; offset += CHUNK) {
    if ((performance.now() - t0) / 1000 > INSERT_MAX_S)
      throw new Error(`generating the backlog took longer than ${INSERT_MAX_S} s`);
    const n = Math.min(CHUNK, count - offset);
    // i runs over [offset, offset + n); created_at rises with i, so the oldest are due first.
    const at = pgsql
      ? sql`(${sql.lit(base)} + floor(i * ${sql.lit(step)}))::bigint`
      : sql`(${sql.lit(base)} + cast(i * ${sql.lit(step)} as integer))`;
    const pad = pgsql ? sql`lpad(i::text, 10, '0')` : sql`printf('%010d', i)`;
    const series = pgsql
      ? sql`from generate_series(${sql.lit(offset)}, ${sql.lit(offset + n - 1)}) as g(i)`
      : sql`from n`;
    const cte = pgsql
      ? sql``
      : sql`with recursive n(i) as (select ${sql.lit(offset)} union all select i + 1 from n where i + 1 < ${sql.lit(offset + n)}) `;
    await o.vs.ctx.db.kysely.transaction().execute(async (tx) => {
      await sql`${cte}insert into events (id, project_id, type, created_at, entity_id, group_id, event_source, data)
        select 'evt_bl' || ${pad}, ${o.projectId}, 'customer.created', ${at}, 'cust_7LvqCsUB9c8WyFP8JaLXchtF',
          'v-000000000000000001', ${SOURCE_JSON}, ${DATA_JSON} ${series}`.execute(tx);
      await sql`${cte}insert into sendouts (id, project_id, webhook_id, event_id, type, target_url, status, attempts_count,
          retries_count, created_at, first_attempt_at, executed_at, next_attempt_at, locked_by, failure_reason,
          manual_pending, lease_taken_from)
        select 'whs_bl' || ${pad}, ${o.projectId}, ${o.webhookId}, 'evt_bl' || ${pad}, 'customer.created', ${url},
          'pending', 0, 0, ${at}, null, null, ${at}, null, null, 0, null ${series}`.execute(tx);
    });
  }
  if (pgsql) await sql`vacuum analyze sendouts, events`.execute(db);
  return (performance.now() - t0) / 1000;
}

/** Best of three wall times of an API call, ms. */
async function timed(o: Opened, url: string): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    const res = await o.vs.app.inject({ method: 'GET', url, headers: o.headers });
    const ms = performance.now() - t0;
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    best = Math.min(best, ms);
  }
  return best;
}

/** The plans of the claim, the list page, its total and the chart, as the repositories write them. */
async function explain(o: Opened): Promise<void> {
  const db = o.vs.ctx.db.kysely;
  const pgsql = o.vs.ctx.db.profile.skipLocked;
  const p = o.projectId;
  const now = Date.now();
  const queries: [string, ReturnType<typeof sql>][] = [
    [
      'claim',
      sql`select id from sendouts where next_attempt_at <= ${now} order by next_attempt_at limit 128${pgsql ? sql` for update skip locked` : sql``}`,
    ],
    [
      'list page',
      sql`select s.*, e.created_at as event_created_at, e.group_id from sendouts s inner join events e on e.id = s.event_id
        where s.id in (select s.id from sendouts s where s.project_id = ${p} order by s.created_at desc, s.id desc limit 26)
        order by s.created_at desc, s.id desc`,
    ],
    [
      'list by status',
      sql`select s.*, e.created_at as event_created_at, e.group_id from sendouts s inner join events e on e.id = s.event_id
        where s.id in (select s.id from sendouts s where s.project_id = ${p} and s.status = 'failed'
          order by s.created_at desc, s.id desc limit 26)
        order by s.created_at desc, s.id desc`,
    ],
    ['list total', sql`select count(*) as n from sendouts s where s.project_id = ${p}`],
    [
      'list total by webhook',
      sql`select count(*) as n from sendouts s where s.project_id = ${p} and s.webhook_id = ${o.webhookId}`,
    ],
    [
      'chart (one bucket of 24)',
      sql`select sum(case when status = 'succeeded' then 1 else 0 end) as succeeded, sum(case when status = 'failed' then 1 else 0 end) as failed
        from sendouts where project_id = ${p} and created_at >= ${now - DAY} and created_at < ${now - DAY + 3_600_000}`,
    ],
  ];
  for (const [name, q] of queries) {
    const r = await sql<
      Record<string, unknown>
    >`${pgsql ? sql`explain` : sql`explain query plan`} ${q}`.execute(db);
    const lines = r.rows.map((row) => String(pgsql ? row['QUERY PLAN'] : row.detail));
    console.log(`    plan ${name}: ${lines.map((l) => l.trim()).join(' | ')}`);
  }
}

/** Starts the dispatcher and returns deliveries/s over arrivals [from, to) (1-based counts). */
async function drainRate(o: Opened, receiver: Receiver, from: number, to: number): Promise<number> {
  await receiver.reset({ arrivals: true });
  await o.vs.warmUp();
  await o.vs.startBackground();
  await waitFor(async () => (await receiver.count()).distinct >= to, 600_000, 20);
  const times = (await receiver.arrivals()).map(([, at]) => at).sort((a, b) => a - b);
  return (to - from) / ((times[to - 1] - times[from - 1]) / 1000);
}

async function run(label: string, databaseUrl: () => Promise<{ url: string | null; drop(): Promise<void> }>) {
  const receiver = await startReceiver();
  const from = Math.max(1, Math.round(SMALL * 0.1));
  const to = Math.round(SMALL * 0.9);
  try {
    const rates: number[] = [];
    let listMs = 0;
    let chartMs = 0;
    for (const size of PLANS_ONLY ? [LARGE] : [SMALL, LARGE]) {
      const target = await databaseUrl();
      const o = await open(target.url, receiver);
      try {
        const seconds = await generate(o, size, receiver.url);
        console.log(`  ${label}: ${fmt(size)} send-outs queued in ${fmt(seconds, 1)} s`);
        if (size === LARGE) {
          await explain(o);
          const base = `/management/v1/projects/${o.projectId}`;
          const list = await timed(o, `${base}/webhook-sendouts?limit=25`);
          const byWebhook = await timed(o, `${base}/webhook-sendouts?limit=25&webhook_id=${o.webhookId}`);
          // None has failed: the worst case of a filter, which finds nothing in a million rows.
          const byStatus = await timed(o, `${base}/webhook-sendouts?limit=25&status=failed`);
          const chart = await timed(o, `${base}/webhook-sendouts-stats`);
          const chartByWebhook = await timed(o, `${base}/webhook-sendouts-stats?webhook_id=${o.webhookId}`);
          listMs = Math.max(list, byWebhook, byStatus);
          chartMs = Math.max(chart, chartByWebhook);
          console.log(
            `  ${label}: at ${fmt(size)} rows, send-outs list ${fmt(list, 1)} ms (by webhook ${fmt(byWebhook, 1)} ms, ` +
              `failed ones ${fmt(byStatus, 1)} ms), ` +
              `chart of 24 h ${fmt(chart, 1)} ms (by webhook ${fmt(chartByWebhook, 1)} ms); target ≤ 200 ms ` +
              verdict(listMs <= 200 && chartMs <= 200),
          );
        }
        if (PLANS_ONLY) continue;
        const rate = await drainRate(o, receiver, from, to);
        rates.push(rate);
        console.log(
          `  ${label}: drain with ${fmt(size)} queued: ${fmt(rate)} deliveries/s (deliveries ${fmt(from)}–${fmt(to)})`,
        );
      } finally {
        await o.close();
        await target.drop();
      }
    }
    if (PLANS_ONLY)
      return {
        dialect: label,
        smallSize: SMALL,
        largeSize: LARGE,
        small: 0,
        large: 0,
        ratio: 0,
        listMs,
        chartMs,
      };
    const ratio = rates[1] / rates[0];
    console.log(
      `  ${label}: drain at ${fmt(LARGE)} / at ${fmt(SMALL)} queued: ${fmt(ratio, 2)} (target ≥ 0.80) ${verdict(ratio >= 0.8)}`,
    );
    return {
      dialect: label,
      smallSize: SMALL,
      largeSize: LARGE,
      small: rates[0],
      large: rates[1],
      ratio,
      listMs,
      chartMs,
    };
  } finally {
    await receiver.stop();
  }
}

console.log(`bench/backlog: ${fmt(SMALL)} against ${fmt(LARGE)} queued send-outs`);
const results = [await run('SQLite', async () => ({ url: null, drop: async () => {} }))];
if (process.env.DATABASE_URL)
  results.push(
    await run('PostgreSQL', async () => {
      const s = (await scratchPg())!;
      return { url: s.url, drop: s.drop };
    }),
  );
else console.log('  PostgreSQL skipped: DATABASE_URL is not set');
process.send?.({ type: 'result', result: results });
