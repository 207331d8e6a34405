import { afterEach, describe, expect, it } from 'vitest';
import type { Vouchsafe } from '../../src/app.js';
import { transact } from '../../src/platform/db/transaction.js';
import { recordEvent } from '../../src/webhooks/record-event.js';
import { KEYS } from '../helpers/app.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { Receiver } from '../helpers/receiver.js';
import { waitUntil } from '../helpers/poll.js';

/**
 * Real worker processes (`vouchsafe start --role worker`) sharing one database with this test, which records
 * the events. The test process only writes; delivery happens in the children.
 */

const WORKER_ENV = {
  VOUCHSAFE_LOG_LEVEL: 'warn',
  VOUCHSAFE_WEBHOOK_TIMEOUT_MS: '1000',
  VOUCHSAFE_DISPATCH_LEASE_MS: '3000',
  VOUCHSAFE_RETRY_SCHEDULE: '1s,2s',
};

const openStore = (dialect: 'sqlite' | 'postgres') => openSharedStore(dialect, WORKER_ENV);

async function recordMany(vs: Vouchsafe, n: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i += 200) {
    await transact(vs.ctx, async (tx) => {
      for (let j = i; j < Math.min(n, i + 200); j++) {
        const r = await recordEvent(tx, {
          projectId: vs.bootstrap.project.id,
          type: 'customer.created',
          entityId: `cust_${j}`,
          groupId: null,
          source: { channel: 'INTERNAL', user: null, api_key: null },
          data: { customer: { id: `cust_${j}` } },
        });
        ids.push(...r.sendoutIds);
      }
    });
  }
  return ids;
}

async function addWebhook(vs: Vouchsafe, url: string): Promise<void> {
  const res = await vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${vs.bootstrap.project.id}/webhooks`,
    headers: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
    payload: { target_url: url, events: ['customer.created'] },
  });
  expect(res.statusCode).toBe(200);
}

const worker = (env: Record<string, string>, extra: Record<string, string> = {}) =>
  startCli(['start', '--role', 'worker', '--port', '0'], { ...env, ...extra });

const distinctIds = (r: Receiver) => new Set(r.received.map((x) => String(x.headers['webhook-id'])));

describe.each(DIALECTS)('worker processes on $name', ({ name }) => {
  const running: Started[] = [];
  let store: SharedStore | null = null;
  let receiver: Receiver | null = null;

  afterEach(async () => {
    for (const p of running.splice(0)) if (p.child.exitCode === null) await killHard(p);
    await receiver?.stop();
    await store?.cleanup();
    store = null;
  });

  it('a worker killed with SIGKILL mid-batch loses nothing: after restart every send-out is delivered', async () => {
    store = await openStore(name);
    receiver = await new Receiver().start();
    receiver.delayMs = 50;
    await addWebhook(store.vs, receiver.url);
    const ids = await recordMany(store.vs, 300);

    const first = await worker(store.env, { VOUCHSAFE_DISPATCH_MAX_IN_FLIGHT: '16' });
    running.push(first);
    await receiver.waitFor(40, 20_000);
    await killHard(first);
    const before = distinctIds(receiver).size;
    expect(before).toBeLessThan(300);

    running.push(await worker(store.env));
    await waitUntil(() => distinctIds(receiver!).size === 300, 60_000, 'all 300 send-outs to arrive');
    expect(distinctIds(receiver)).toEqual(new Set(ids));
    const db = store.vs.ctx.db.kysely;
    await waitUntil(
      async () =>
        (await db.selectFrom('sendouts').select('id').where('status', '!=', 'succeeded').execute()).length ===
        0,
      10_000,
      'every send-out to be recorded as succeeded',
    );
  });

  if (name === 'postgres') {
    it('two workers share 2,000 send-outs: each delivered exactly once', async () => {
      store = await openStore(name);
      receiver = await new Receiver().start();
      await addWebhook(store.vs, receiver.url);
      const ids = await recordMany(store.vs, 2000);
      // Exactly once holds while no lease runs out; a loaded machine must not expire a 3 s lease mid-batch.
      const longLease = { VOUCHSAFE_DISPATCH_LEASE_MS: '30000' };
      running.push(await worker(store.env, longLease), await worker(store.env, longLease));
      await waitUntil(() => receiver!.received.length >= 2000, 60_000, '2,000 deliveries');
      // Any duplicate would be a try of its own: wait until every send-out is final and every request the
      // receiver got is recorded as an attempt, instead of a pause long enough to hope duplicates show up.
      const db = store.vs.ctx.db.kysely;
      const count = async (q: any) =>
        Number((await q.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst()).n);
      await waitUntil(
        async () =>
          (await count(db.selectFrom('sendouts').where('status', '!=', 'succeeded'))) === 0 &&
          (await count(db.selectFrom('sendout_attempts'))) === receiver!.received.length,
        30_000,
        'every send-out final and every request recorded as an attempt',
      );
      expect(receiver.received).toHaveLength(2000);
      expect(distinctIds(receiver)).toEqual(new Set(ids));
    });

    it('when one of two workers is killed, the other delivers its leased send-outs after the lease expires', async () => {
      store = await openStore(name);
      receiver = await new Receiver().start();
      receiver.delayMs = 20;
      await addWebhook(store.vs, receiver.url);
      const ids = await recordMany(store.vs, 2000);
      const a = await worker(store.env);
      const b = await worker(store.env);
      running.push(a, b);
      await receiver.waitFor(300, 30_000);
      await killHard(a);
      await waitUntil(() => distinctIds(receiver!).size === 2000, 60_000, 'all 2,000 send-outs to arrive');
      expect(distinctIds(receiver)).toEqual(new Set(ids));
    });
  }
});
