import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/platform/clock.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, type Harness, withHarness } from '../helpers/harness.js';
import { eventually } from '../helpers/poll.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { expectError, send, type Target } from '../helpers/request.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';

const DAY = 86_400_000;

const EVENTS = [
  'voucher.loyalty_card.pending_points.added',
  'voucher.loyalty_card.pending_points.activated',
  'voucher.loyalty_card.pending_points.updated',
  'voucher.loyalty_card.pending_points.canceled',
  'voucher.loyalty_card.transaction.created',
  'customer.rewarded.loyalty_points',
];

/** A call that must succeed; its body. */
async function ok(t: Target, method: 'GET' | 'POST', url: string, body?: unknown) {
  const r = await send(t, method, url, body === undefined ? {} : { body });
  expect(r.status, `${method} ${url}: ${r.raw.slice(0, 500)}`).toBeLessThan(300);
  return r.body;
}

/** A loyalty program whose order.paid rule gives 1 point per 10.00 as pending points for `days` days. */
async function pendingProgram(t: Target, days: number) {
  const campaign = await ok(
    t,
    'POST',
    '/v1/campaigns',
    buildCampaign('LOYALTY_PROGRAM', {
      start_date: null,
      expiration_date: null,
      validity_day_of_week: null,
      voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 }, code_config: { pattern: 'PP-######' } },
    }),
  );
  const [rule] = await ok(t, 'POST', `/v1/loyalties/${campaign.id}/earning-rules`, [
    {
      event: 'order.paid',
      loyalty: {
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 1 } },
      },
      pending_points: { period_type: 'DAY', period_value: days },
      source: { banner: 'Points a week after you pay' },
    },
  ]);
  return { campaign, rule };
}

let seq = 0;
/** A member of the program and a paid order of `amount`; the member's card and the order. */
async function paidOrder(t: Target, campaignId: string, amount: number) {
  const customer = { source_id: `pp-${++seq}-${Math.random().toString(36).slice(2, 8)}` };
  const card = await ok(t, 'POST', `/v1/loyalties/${campaignId}/members`, { customer });
  const order = await ok(t, 'POST', '/v1/orders', {
    source_id: `order-${customer.source_id}`,
    status: 'PAID',
    customer,
    amount,
  });
  return { card, order };
}

const entries = async (t: Target, code: string) =>
  (await ok(t, 'GET', `/v1/loyalties/members/${code}/pending-points`)).data as any[];
const card = async (t: Target, code: string) =>
  (await ok(t, 'GET', `/v1/loyalties/members/${code}`)).loyalty_card;

for (const dialect of DIALECTS) {
  describe(`pending points (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    it('an order.paid rule with pending_points stores an entry and delivers pending_points.added, not points', async () => {
      const { campaign, rule } = await pendingProgram(t, 7);
      const { card: member, order } = await paidOrder(t, campaign.id, 12_345);
      const [entry, ...more] = await entries(t, member.code);
      expect(more).toEqual([]);
      const day = new Date(Math.floor(t.clock.now() / DAY) * DAY + 7 * DAY).toISOString().slice(0, 10);
      expect(entry).toMatchObject({
        id: expect.stringMatching(/^lopp_/),
        voucher_id: member.id,
        campaign_id: campaign.id,
        customer_id: member.holder_id,
        order_id: order.id,
        points: 12,
        activates_at: day,
        details: {
          earning_rule: { id: rule.id, source: { banner: 'Points a week after you pay' } },
          order: { id: order.id, source_id: order.source_id },
          event: { type: 'customer.order.paid', event_source: { channel: 'API' } },
        },
      });
      expect(await card(t, member.code)).toMatchObject({ balance: 0, pending_points: 12 });
      const [added] = await delivered(h, 'voucher.loyalty_card.pending_points.added', member.id);
      expect(added.data).toMatchObject({
        voucher: { id: member.id, loyalty_card: { pending_points: 12 } },
        voucher_pending_points_balance: { points: 12, total: 12, operation_type: 'AUTOMATIC' },
        order: { id: order.id },
        pending_points: entry,
      });
      expect(await delivered(h, 'customer.rewarded.loyalty_points', member.id)).toEqual([]);
    });

    it('balance changes an entry; activate adds its points once; cancel removes another; each delivers its event', async () => {
      const { campaign } = await pendingProgram(t, 30);
      const { card: member } = await paidOrder(t, campaign.id, 20_000);
      await ok(t, 'POST', '/v1/orders', {
        status: 'PAID',
        customer: { id: member.holder_id },
        amount: 5_000,
      });
      // Both orders were paid at the same clock time: tell the entries by their points.
      const all = await entries(t, member.code);
      const first = all.find((e) => e.points === 20);
      const second = all.find((e) => e.points === 5);
      const base = `/v1/loyalties/members/${member.code}/pending-points`;

      expect(await ok(t, 'POST', `${base}/${first.id}/balance`, { points: 5 })).toEqual({
        points: 5,
        total: 30,
        object: 'balance',
        related_object: { type: 'voucher', id: member.id },
        operation_type: 'MANUAL',
        type: 'loyalty_card',
        balance: 30,
      });
      const [updated] = await delivered(h, 'voucher.loyalty_card.pending_points.updated', member.id);
      expect(updated.data.pending_points).toMatchObject({ id: first.id, points: 25 });
      expectError(
        await send(t, 'POST', `${base}/${first.id}/balance`, { body: { points: -26 } }),
        400,
        'invalid_payload',
        /points: .* cannot go below 0/,
      );
      expectError(
        await send(t, 'POST', `${base}/${first.id}/balance`, { body: { points: 0 } }),
        400,
        'invalid_payload',
        /non-zero/,
      );

      const activated = await ok(t, 'POST', `${base}/${first.id}/activate`, {});
      expect(activated).toMatchObject({
        points: 25,
        balance: 25,
        total: 25,
        type: 'loyalty_card',
        object: 'balance',
        operation_type: 'MANUAL',
      });
      const [act] = await delivered(h, 'voucher.loyalty_card.pending_points.activated', member.id);
      expect(act.data.transaction).toMatchObject({
        type: 'PENDING_POINTS_ACTIVATION',
        details: { balance: { points: 25, balance: 25 } },
      });
      expect(act.data.pending_points).toMatchObject({ id: first.id, points: 25 });
      expectError(
        await send(t, 'POST', `${base}/${first.id}/activate`, { body: {} }),
        400,
        'invalid_pending_points',
      );

      const canceled = await send(t, 'POST', `${base}/${second.id}/cancel`, { body: {} });
      expect(canceled.status).toBe(204);
      const [can] = await delivered(h, 'voucher.loyalty_card.pending_points.canceled', member.id);
      expect(can.data.voucher_pending_points_balance).toMatchObject({ points: -5, total: 0 });
      expectError(
        await send(t, 'POST', `${base}/${second.id}/cancel`, { body: {} }),
        400,
        'invalid_pending_points',
      );
      expect(await entries(t, member.code)).toEqual([]);
      expect(await card(t, member.code)).toMatchObject({ balance: 25, pending_points: 0 });
      expectError(await send(t, 'POST', `${base}/lopp_missing/activate`, { body: {} }), 404, 'not_found', {
        resource_type: 'pending_points',
      });
    });

    it('the activation job adds due entries once, with channel INTERNAL, when the clock passes activates_at', async () => {
      const { campaign } = await pendingProgram(t, 3);
      const { card: member } = await paidOrder(t, campaign.id, 9_000);
      await t.vs.jobs.drain();
      expect(await card(t, member.code)).toMatchObject({ balance: 0, pending_points: 9 });
      t.clock.advance(4 * DAY);
      await t.vs.jobs.drain();
      expect(await card(t, member.code)).toMatchObject({ balance: 9, pending_points: 0 });
      const [act] = await delivered(h, 'voucher.loyalty_card.pending_points.activated', member.id);
      expect(act.event.event_source.channel).toBe('INTERNAL');
      expect(act.event.group_id).toBeNull();
      t.clock.advance(2 * DAY);
      await t.vs.jobs.drain();
      expect(await delivered(h, 'voucher.loyalty_card.pending_points.activated', member.id)).toHaveLength(1);
      expect(await card(t, member.code)).toMatchObject({ balance: 9 });
    });

    it('refuses a pending-points change that names the field, writing nothing', async () => {
      const { campaign } = await pendingProgram(t, 5);
      const { card: member } = await paidOrder(t, campaign.id, 3_000);
      const [entry] = await entries(t, member.code);
      const before = await rowCounts(t);
      const base = `/v1/loyalties/members/${member.code}/pending-points/${entry.id}`;
      expectError(await send(t, 'POST', `${base}/balance`, { body: {} }), 400, 'invalid_payload', /points/);
      expectError(
        await send(t, 'POST', `${base}/balance`, { body: { points: 'ten' } }),
        400,
        'invalid_payload',
        /points/,
      );
      expect(await rowCounts(t)).toEqual(before);
    });
  });
}

describe.skipIf(!DIALECTS.some((d) => d.name === 'postgres'))(
  'pending points activation across processes',
  () => {
    const running: Started[] = [];
    let store: SharedStore | null = null;
    afterEach(async () => {
      for (const p of running.splice(0)) if (p.child.exitCode === null) await killHard(p);
      await store?.cleanup();
      store = null;
    });

    // Two processes start through tsx and set up 21 members: a ceiling for a busy machine, not a speed check.
    it('two worker processes on PostgreSQL activate each due entry exactly once', {
      timeout: 120_000,
    }, async () => {
      const PERIOD_MS = 200;
      // The entries are written ten days ago by this process's clock; the workers' clock is today's.
      const clock = new ManualClock(Date.now() - 10 * DAY);
      store = await openSharedStore(
        'postgres',
        {
          VOUCHSAFE_LOG_LEVEL: 'warn',
          VOUCHSAFE_POINTS_ACTIVATION_INTERVAL_MS: String(PERIOD_MS),
          VOUCHSAFE_DISPATCH_POLL_MS: '50',
        },
        { clock },
      );
      const vs = { vs: store.vs };
      const { campaign } = await pendingProgram(vs, 7);
      const late = await pendingProgram(vs, 30);
      const codes: string[] = [];
      for (let i = 0; i < 10; i++) {
        const { card: m } = await paidOrder(vs, campaign.id, 10_000 + 1000 * i);
        await ok(vs, 'POST', '/v1/orders', { status: 'PAID', customer: { id: m.holder_id }, amount: 2_000 });
        codes.push(m.code);
      }
      // Not due for three more weeks: stays pending.
      const { card: waiting } = await paidOrder(vs, late.campaign.id, 50_000);
      const db = store.vs.ctx.db.kysely;
      const count = async (q: ReturnType<typeof sql<{ n: string | number }>>) =>
        Number((await q.execute(db)).rows[0]!.n);
      const activated = () => count(sql`select count(*) as n from pending_points where status = 'ACTIVATED'`);
      const worker = () => startCli(['start', '--role', 'worker', '--port', '0'], store!.env);
      running.push(...(await Promise.all([worker(), worker()])));
      await eventually(activated, {
        ok: (n) => n === 20,
        timeoutMs: 30_000,
        what: 'the 20 due entries activated',
      });
      const runs = () =>
        count(sql`select runs_count as n from periodic_jobs where name = 'loyalties.points_activation'`);
      const r0 = await runs();
      await eventually(runs, { ok: (n) => n - r0 >= 5, timeoutMs: 30 * PERIOD_MS, what: 'five more runs' });
      expect(await activated()).toBe(20);
      expect(
        await count(
          sql`select count(*) as n from loyalty_transactions where type = 'PENDING_POINTS_ACTIVATION'`,
        ),
      ).toBe(20);
      expect(
        await count(
          sql`select count(*) as n from events where type = 'voucher.loyalty_card.pending_points.activated'`,
        ),
      ).toBe(20);
      for (const [i, code] of codes.entries())
        expect(await card(vs, code)).toMatchObject({ balance: 10 + i + 2, pending_points: 0 });
      expect(await card(vs, waiting.code)).toMatchObject({ balance: 0, pending_points: 50 });
      for (const p of running) expect(p.child.exitCode).toBeNull();
    });
  },
);
