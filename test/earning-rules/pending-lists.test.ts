import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send, type Target } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

const EVENTS = [
  'voucher.loyalty_card.pending_points.added',
  'voucher.loyalty_card.pending_points.activated',
  'voucher.loyalty_card.pending_points.canceled',
];

async function ok(t: Target, method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) {
  const r = await send(t, method, url, body === undefined ? {} : { body });
  expect(r.status, `${method} ${url}: ${r.raw.slice(0, 500)}`).toBeLessThan(300);
  return r.body;
}

/** A loyalty program whose order.paid rule gives 1 point per 10.00 as pending points for 7 days. */
async function pendingProgram(t: Target) {
  const campaign = await ok(
    t,
    'POST',
    '/v1/campaigns',
    buildCampaign('LOYALTY_PROGRAM', {
      start_date: null,
      expiration_date: null,
      validity_day_of_week: null,
      voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 }, code_config: { pattern: 'PL-######' } },
    }),
  );
  await ok(t, 'POST', `/v1/loyalties/${campaign.id}/earning-rules`, [
    {
      event: 'order.paid',
      loyalty: {
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 1 } },
      },
      pending_points: { period_type: 'DAY', period_value: 7 },
      source: { banner: 'Later' },
    },
  ]);
  return campaign;
}

let seq = 0;
/** A member of the program and a paid order of `amount`: the card, the order and its pending entry. */
async function paidOrder(t: Target, campaignId: string, amount: number) {
  const customer = { source_id: `pl-${++seq}-${Math.random().toString(36).slice(2, 8)}` };
  const card = await ok(t, 'POST', `/v1/loyalties/${campaignId}/members`, { customer });
  const order = await ok(t, 'POST', '/v1/orders', {
    source_id: `order-${customer.source_id}`,
    status: 'PAID',
    customer,
    amount,
  });
  const [entry] = (await ok(t, 'GET', `/v1/loyalties/members/${card.code}/pending-points`)).data;
  return { card, order, entry };
}

const cardOf = async (t: Target, code: string) =>
  (await ok(t, 'GET', `/v1/loyalties/members/${code}`)).loyalty_card;

for (const dialect of DIALECTS) {
  describe(`pending points lists and canceled orders (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    it('GET /v1/loyalties/{campaignId}/pending-points: every card of the program, newest first, cursor-paged', async () => {
      const campaign = await pendingProgram(t);
      const other = await pendingProgram(t);
      const a = await paidOrder(t, campaign.id, 10_000);
      t.clock.advance(1000);
      const b = await paidOrder(t, campaign.id, 20_000);
      const c = await paidOrder(t, campaign.id, 30_000);
      t.clock.advance(1000);
      const d = await paidOrder(t, campaign.id, 40_000);
      const elsewhere = await paidOrder(t, other.id, 50_000);

      const base = `/v1/loyalties/${campaign.id}/pending-points`;
      const all = await ok(t, 'GET', `${base}?limit=100`);
      expect(schemaErrors('loyalties.json', 'LoyaltiesPendingPointsListResponseBody', all)).toBeNull();
      expect(all).toMatchObject({ object: 'list', data_ref: 'data', total: 4, has_more: false });
      expect(all.more_starting_after).toBeUndefined();
      const sameMs = [b.entry, c.entry].sort((x, y) => (x.id < y.id ? 1 : -1));
      expect(all.data).toEqual([d.entry, ...sameMs, a.entry]);
      expect(all.data.map((e: any) => e.id)).not.toContain(elsewhere.entry.id);

      const first = await ok(t, 'GET', `${base}?limit=3`);
      expect(first).toMatchObject({ total: 4, has_more: true, more_starting_after: all.data[2].id });
      const rest = await ok(t, 'GET', `${base}?limit=3&starting_after_id=${first.more_starting_after}`);
      expect(rest).toMatchObject({ data: [a.entry], has_more: false });
      expect(
        (await ok(t, 'GET', `/v1/loyalties/${campaign.name}/pending-points?order=id&limit=100`)).data,
      ).toEqual([...all.data].reverse());
      expect((await ok(t, 'GET', `${base}?limit=2&page=2`)).data).toEqual(all.data.slice(2));

      // The member's list, in both forms, is the same list for one card.
      const member = await ok(t, 'GET', `/v1/loyalties/${campaign.id}/members/${b.card.code}/pending-points`);
      expect(
        schemaErrors('loyalties.json', 'LoyaltiesMembersPendingPointsListResponseBody', member),
      ).toBeNull();
      expect(member).toEqual(await ok(t, 'GET', `/v1/loyalties/members/${b.card.code}/pending-points`));
      expect(member).toMatchObject({ data: [b.entry], total: 1, has_more: false });

      // An entry activated or canceled leaves the lists.
      await ok(t, 'POST', `/v1/loyalties/members/${a.card.code}/pending-points/${a.entry.id}/activate`, {});
      await ok(t, 'POST', `/v1/loyalties/members/${d.card.code}/pending-points/${d.entry.id}/cancel`, {});
      expect((await ok(t, 'GET', base)).data).toEqual(sameMs);
    });

    it('the pending points lists refuse what they cannot read, writing nothing', async () => {
      const campaign = await pendingProgram(t);
      const other = await pendingProgram(t);
      const mine = await paidOrder(t, campaign.id, 10_000);
      const theirs = await paidOrder(t, other.id, 10_000);
      const coupons = await ok(t, 'POST', '/v1/campaigns', buildCampaign('DISCOUNT_COUPONS'));
      const before = await rowCounts(t);
      const base = `/v1/loyalties/${campaign.id}/pending-points`;
      expectError(await send(t, 'GET', '/v1/loyalties/camp_nope/pending-points'), 404, 'not_found');
      expectError(await send(t, 'GET', `/v1/loyalties/${coupons.id}/pending-points`), 400, 'invalid_payload');
      expectError(
        await send(t, 'GET', `/v1/loyalties/camp_nope/members/${mine.card.code}/pending-points`),
        404,
        'not_found',
      );
      expectError(
        await send(t, 'GET', `/v1/loyalties/${campaign.id}/members/${theirs.card.code}/pending-points`),
        404,
        'not_found',
      );
      expectError(
        await send(t, 'GET', `/v1/loyalties/${campaign.id}/members/NOPE-9/pending-points`),
        404,
        'not_found',
      );
      for (const q of ['limit=0', 'limit=101', 'page=0', 'order=points'])
        expectError(await send(t, 'GET', `${base}?${q}`), 400, 'invalid_query_params');
      expectError(
        await send(t, 'GET', `${base}?starting_after_id=${theirs.entry.id}`),
        400,
        'invalid_query_params',
        /starting_after_id/,
      );
      expect(await rowCounts(t)).toEqual(before);
    });

    it('an order moved to CANCELED cancels its pending points in the same request, firing pending_points.canceled', async () => {
      const campaign = await pendingProgram(t);
      const { card, order, entry } = await paidOrder(t, campaign.id, 12_345);
      expect(await cardOf(t, card.code)).toMatchObject({ balance: 0, pending_points: 12 });

      const updated: any = await h.sdk.orders.update({ id: order.id, status: 'CANCELED' } as any);
      const requestId = lastRequestId(h.sdk);
      expect(updated).toMatchObject({ id: order.id, status: 'CANCELED' });
      expect((await ok(t, 'GET', `/v1/loyalties/${campaign.id}/pending-points`)).data).toEqual([]);
      expect(await cardOf(t, card.code)).toMatchObject({ balance: 0, pending_points: 0 });
      const [canceled, ...more] = await delivered(h, 'voucher.loyalty_card.pending_points.canceled', card.id);
      expect(more).toEqual([]);
      expect(canceled.data).toMatchObject({
        voucher: { id: card.id, loyalty_card: { pending_points: 0 } },
        voucher_pending_points_balance: { points: -12, total: 0, operation_type: 'AUTOMATIC' },
        order: { id: order.id, status: 'CANCELED' },
        pending_points: { ...entry, updated_at: expect.any(String) },
      });
      // Recorded by the order's update itself.
      expect((await deliveredFor(h, requestId)).map((e) => e.type)).toEqual([
        'voucher.loyalty_card.pending_points.canceled',
      ]);

      // Canceled again, or paid again after: nothing more is canceled, and nothing activates later.
      await ok(t, 'PUT', `/v1/orders/${order.id}`, { status: 'CANCELED' });
      t.clock.advance(8 * 86_400_000);
      await t.vs.jobs.drain();
      expect(await cardOf(t, card.code)).toMatchObject({ balance: 0, pending_points: 0 });
      expect(await delivered(h, 'voucher.loyalty_card.pending_points.canceled', card.id)).toHaveLength(1);
      expect(await delivered(h, 'voucher.loyalty_card.pending_points.activated', card.id)).toEqual([]);
    });

    it('a canceled order leaves points already activated, and a failed update cancels nothing', async () => {
      const campaign = await pendingProgram(t);
      const activated = await paidOrder(t, campaign.id, 30_000);
      await ok(
        t,
        'POST',
        `/v1/loyalties/members/${activated.card.code}/pending-points/${activated.entry.id}/activate`,
        {},
      );
      await ok(t, 'PUT', `/v1/orders/${activated.order.id}`, { status: 'CANCELED' });
      expect(await cardOf(t, activated.card.code)).toMatchObject({ balance: 30, pending_points: 0 });
      expect(await delivered(h, 'voucher.loyalty_card.pending_points.canceled', activated.card.id)).toEqual(
        [],
      );

      const kept = await paidOrder(t, campaign.id, 40_000);
      const before = await rowCounts(t);
      const clash = await send(t, 'PUT', `/v1/orders/${kept.order.id}`, {
        body: { status: 'CANCELED', source_id: activated.order.source_id },
      });
      expectError(clash, 409, 'duplicate_found');
      expect(await rowCounts(t)).toEqual(before);
      expect((await ok(t, 'GET', `/v1/loyalties/members/${kept.card.code}/pending-points`)).data).toEqual([
        kept.entry,
      ]);
      expect(await cardOf(t, kept.card.code)).toMatchObject({ pending_points: 40 });
      expect(await delivered(h, 'voucher.loyalty_card.pending_points.canceled', kept.card.id)).toEqual([]);
    });
  });
}
