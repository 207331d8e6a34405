import { afterEach, describe, expect, it } from 'vitest';
import { KEYS } from '../helpers/app.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { eventually } from '../helpers/poll.js';

/**
 * A generation job in a real worker process (`vouchsafe start --role worker`), killed with SIGKILL halfway;
 * a second worker resumes it. The test process only asks for the campaign and reads the database.
 */

const COUNT = 150_000;

const WORKER_ENV = {
  VOUCHSAFE_LOG_LEVEL: 'warn',
  VOUCHSAFE_WEBHOOK_TIMEOUT_MS: '1000',
  VOUCHSAFE_DISPATCH_LEASE_MS: '2000',
  VOUCHSAFE_DISPATCH_POLL_MS: '100',
};

const openStore = (dialect: 'sqlite' | 'postgres') => openSharedStore(dialect, WORKER_ENV);

for (const dialect of DIALECTS) {
  describe(`generation survives a worker crash (${dialect.name})`, () => {
    let store: SharedStore | null = null;
    const running: Started[] = [];
    afterEach(async () => {
      for (const p of running.splice(0)) await killHard(p);
      await store?.cleanup();
      store = null;
    });

    it(`SIGKILL mid-job, a new worker resumes: exactly ${COUNT} unique codes`, async () => {
      store = await openStore(dialect.name);
      const { vs } = store;
      const res = await vs.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
        payload: {
          name: 'Crash',
          campaign_type: 'DISCOUNT_COUPONS',
          vouchers_count: COUNT,
          voucher: { discount: { type: 'PERCENT', percent_off: 5 }, code_config: { length: 10 } },
        },
      });
      expect(res.statusCode).toBe(200);
      const campaignId = res.json().id;
      const db = vs.ctx.db.kysely;
      const action = () => db.selectFrom('async_actions').selectAll().executeTakeFirstOrThrow();
      const vouchers = async () => {
        const r = await db
          .selectFrom('vouchers')
          .select((eb) => [
            eb.fn.countAll<number>().as('n'),
            eb.fn.count<number>('code').distinct().as('distinct'),
          ])
          .where('campaign_id', '=', campaignId)
          .executeTakeFirstOrThrow();
        return { n: Number(r.n), distinct: Number(r.distinct) };
      };

      const first = await startCli(['start', '--role', 'worker', '--port', '0'], store.env);
      running.push(first);
      await eventually(action, { ok: (a) => a.progress >= 5, timeoutMs: 60_000, what: 'progress 5' });
      await killHard(first);
      running.splice(running.indexOf(first), 1);

      const crashed = await action();
      const done = (JSON.parse(crashed.payload) as { done: number }).done;
      expect(crashed.status).toBe('IN_PROGRESS');
      expect(done).toBeGreaterThan(0);
      expect(done).toBeLessThan(COUNT);
      // What the dead worker committed is exactly what its progress says: no half-written step.
      expect(await vouchers()).toEqual({ n: done, distinct: done });

      running.push(await startCli(['start', '--role', 'worker', '--port', '0'], store.env));
      const finished = await eventually(action, {
        ok: (a) => a.status !== 'IN_PROGRESS',
        timeoutMs: 120_000,
        what: 'the action to finish',
      });
      expect(finished.status).toBe('DONE');
      expect(JSON.parse(finished.result!)).toEqual({
        message: `Generated ${COUNT} vouchers.`,
        done_count: COUNT,
      });
      expect(await vouchers()).toEqual({ n: COUNT, distinct: COUNT });
      const campaign = await db
        .selectFrom('campaigns')
        .selectAll()
        .where('id', '=', campaignId)
        .executeTakeFirstOrThrow();
      expect(campaign).toMatchObject({ vouchers_count: COUNT, creation_status: 'DONE' });
      const started = await db
        .selectFrom('events')
        .select('type')
        .where('type', '=', 'campaign.vouchers.generation.started')
        .execute();
      expect(started).toHaveLength(1);
    }, 240_000);
  });
}
