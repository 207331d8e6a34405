/**
 * bench/delivery-steps: CPU µs per delivery of each step of the delivery path, each measured on its own with
 * process.cpuUsage, in the engine's batch sizes, on SQLite (and PostgreSQL when DATABASE_URL is set; there
 * the server's own CPU is not counted). The companion of a `--cpu-prof` run (docs/delivery-profile.md).
 *
 * - claim          claimDueSendouts, batches of 128
 * - row fetch      selectDeliveries for the claimed ids
 * - envelope+sign  buildEnvelope, the custom headers' parse, both signatures
 * - hand-over      structuredClone of the jobs to the delivery thread and of the results back, which is
 *                  what postMessage does on both sides
 * - undici         the in-thread client's POST of a ready body to the receiver, 64 in flight (client side)
 * - outcome write  completeSendouts of the batch's outcomes in one transaction (the engine groups up to 256)
 * Usage: node --import tsx bench/delivery-steps.ts  (BENCH_STEPS_DELIVERIES, 20,000)
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createVouchsafe } from '../src/app.js';
import { iso } from '../src/platform/clock.js';
import { configWith } from '../src/platform/config.js';
import { transact } from '../src/platform/db/transaction.js';
import {
  claimDueSendouts,
  completeSendouts,
  type DeliveryRow,
  type SendoutUpdate,
  selectDeliveries,
} from '../src/webhooks/engine/delivery.repository.js';
import { buildEnvelope } from '../src/webhooks/engine/envelope.js';
import { createWebhookHttpClient } from '../src/webhooks/engine/http-client.js';
import { voucherifySignature, webhookSignatureHeader } from '../src/webhooks/engine/signing.js';
import { recordEvent } from '../src/webhooks/record-event.js';
import { fmt, scratchPg, startReceiver } from './lib.js';

const N = Number(process.env.BENCH_STEPS_DELIVERIES ?? 20_000);
const BATCH = 128;
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

const cpu = () => {
  const c = process.cpuUsage();
  return c.user + c.system;
};

function envelopeAndSign(row: DeliveryRow, now: number) {
  const body = buildEnvelope({
    sendoutId: row.id,
    projectId: row.project_id,
    createdAt: iso(row.created_at),
    type: row.type,
    dataJson: row.data,
    webhook: { id: row.webhook_id, target_url: row.target_url! },
    event: {
      id: row.event_id,
      type: row.type,
      created_at: iso(row.event_created_at),
      entity_id: row.entity_id,
      group_id: row.group_id,
      event_source_json: row.event_source,
    },
  });
  const timestamp = Math.floor(now / 1000);
  const headers: Record<string, string> = {
    ...(JSON.parse(row.headers ?? '{}') as Record<string, string>),
    'content-type': 'application/json',
    'user-agent': 'Vouchsafe/0.1.0',
    'x-voucherify-signature': voucherifySignature(row.webhook_secret, body),
    'webhook-id': row.id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': webhookSignatureHeader([row.webhook_secret], row.id, timestamp, body),
  };
  return { body, headers };
}

async function steps(label: string, databaseUrl: string | null, receiverUrl: string) {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-'));
  const vs = await createVouchsafe({
    config: configWith({
      dataDir: dir,
      databaseUrl,
      webhookSecret: SECRET,
      logLevel: 'silent',
      role: 'api',
      allowPrivateTargets: 'loopback',
    }),
    logger: pino({ level: 'silent' }),
  });
  const http = createWebhookHttpClient({ policy: 'loopback', timeoutMs: 10_000, connectionsPerOrigin: 64 });
  try {
    const mgmt = vs.bootstrap.created!;
    const res = await vs.app.inject({
      method: 'POST',
      url: `/management/v1/projects/${vs.bootstrap.project.id}/webhooks`,
      headers: { 'x-management-id': mgmt.managementId, 'x-management-token': mgmt.managementToken },
      payload: { target_url: receiverUrl, events: ['customer.created'] },
    });
    if (res.statusCode !== 200) throw new Error(res.body);
    for (let i = 0; i < N; i += 200)
      await transact(vs.ctx, async (tx) => {
        for (let j = i; j < Math.min(N, i + 200); j++)
          await recordEvent(tx, {
            projectId: vs.bootstrap.project.id,
            type: 'customer.created',
            entityId: DATA.customer.id,
            groupId: 'v-000000000000000001',
            source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: 'app_bench' } },
            data: DATA,
          });
      });
    const db = vs.ctx.db;
    const profile = db.profile;
    const t = { claim: 0, fetch: 0, envelope: 0, handover: 0, undici: 0, outcome: 0 };
    let done = 0;
    while (done < N) {
      const now = Date.now();
      let c0 = cpu();
      const claimed = await claimDueSendouts(db.kysely, profile, {
        now,
        limit: BATCH,
        leaseMs: 60_000,
        workerId: 'steps',
      });
      t.claim += cpu() - c0;
      if (claimed.length === 0) break;
      c0 = cpu();
      const rows = await selectDeliveries(
        db.kysely,
        claimed.map((r) => r.id),
      );
      t.fetch += cpu() - c0;
      c0 = cpu();
      const posts = rows.map((r) => envelopeAndSign(r, now));
      t.envelope += cpu() - c0;
      c0 = cpu();
      structuredClone({
        type: 'send',
        jobs: posts.map((p, n) => ({
          n,
          url: receiverUrl,
          body: p.body,
          headers: p.headers,
          startedAt: now,
        })),
      });
      t.handover += cpu() - c0;
      c0 = cpu();
      const results = await Promise.all(posts.map((p) => http.post(receiverUrl, p.body, p.headers, now)));
      t.undici += cpu() - c0;
      c0 = cpu();
      structuredClone({ type: 'results', results: results.map((r, n) => [n, r]) });
      t.handover += cpu() - c0;
      const updates: SendoutUpdate[] = rows.map((row, i) => ({
        id: row.id,
        lockedBy: 'steps',
        status: 'succeeded',
        nextAttemptAt: null,
        attemptsCount: 1,
        retriesCount: 0,
        firstAttemptAt: now,
        executedAt: now,
        targetUrl: row.target_url,
        failureReason: null,
        attempt: {
          sendout_id: row.id,
          number: 1,
          started_at: now,
          duration_ms: results[i].durationMs,
          status_code: results[i].statusCode,
          error: results[i].error,
          response_headers: JSON.stringify(results[i].responseHeaders),
          response_body: results[i].responseBody,
          manual: 0,
        },
      }));
      c0 = cpu();
      await transact(vs.ctx, (tx) => completeSendouts(tx.db, updates));
      t.outcome += cpu() - c0;
      done += rows.length;
    }
    const total = Object.values(t).reduce((a, b) => a + b, 0);
    const per = (us: number) => `${fmt(us / done, 1)} µs (${fmt((100 * us) / total)}%)`;
    console.log(
      `${label.padEnd(10)} per delivery, ${fmt(done)} deliveries: claim ${per(t.claim)}, row fetch ${per(t.fetch)}, ` +
        `envelope+sign ${per(t.envelope)}, hand-over ${per(t.handover)}, undici ${per(t.undici)}, ` +
        `outcome write ${per(t.outcome)}; sum ${fmt(total / done, 1)} µs`,
    );
  } finally {
    await http.close();
    await vs.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const receiver = await startReceiver();
try {
  await steps('SQLite', null, receiver.url);
  const scratch = await scratchPg();
  if (scratch)
    try {
      await steps('PostgreSQL', scratch.url, receiver.url);
    } finally {
      await scratch.drop();
    }
} finally {
  await receiver.stop();
}
