import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import {
  THREE_LINE_ORDER,
  createStandaloneGiftCard,
  createVoucher,
  getVoucher,
} from '../helpers/factories.js';
import { type ClientHarness, delivered, deliveredFor, harness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

/**
 * Redemptions and rollbacks through @voucherify/sdk, server side and client side, with a receiver
 * subscribed to every event: what the SDK gets back, what the vouchers hold afterwards, and what the
 * receiver is sent (signed, `data` valid against webhooks.json; checked by `delivered`).
 */

for (const dialect of DIALECTS) {
  describe(`redemptions through @voucherify/sdk (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t, { client: true });
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    it('redeemStackable: a discount code and a gift card in one stack, two children and a parent, N + 1 events in one group', async () => {
      const v = await createVoucher(t, {
        discount: { type: 'AMOUNT', amount_off: 1500 },
        redemption: { quantity: 3 },
      });
      const g = await createStandaloneGiftCard(t, 5000);
      const r: any = await h.sdk.redemptions.redeemStackable({
        redeemables: [
          { object: 'voucher', id: v.code },
          { object: 'voucher', id: g.code, gift: { credits: 2000 } },
        ],
        order: { ...THREE_LINE_ORDER, source_id: `order-${v.code}` },
        customer: { source_id: `buyer-${v.code}`, name: 'Ann Buyer' },
        metadata: { channel: 'web' },
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(r.redemptions).toHaveLength(2);
      const parent = r.parent_redemption;
      expect(parent.id).toMatch(/^r_/);
      expect(parent.related_object_type).toBe('redemption');
      expect(parent.related_redemptions.map((x: any) => x.id)).toEqual(r.redemptions.map((x: any) => x.id));
      for (const child of r.redemptions) {
        expect(child).toMatchObject({ object: 'redemption', result: 'SUCCESS', status: 'SUCCEEDED' });
        expect(child.redemption).toBe(parent.id);
        expect(child.metadata).toEqual({ channel: 'web' });
        expect(child.customer.source_id).toBe(`buyer-${v.code}`);
      }
      expect(r.redemptions.map((x: any) => x.voucher.code)).toEqual([v.code, g.code]);
      expect(r.redemptions[1].amount).toBe(2000);
      // 100.00 less 15.00 less 20.00 of gift credits.
      expect(r.order).toMatchObject({
        amount: 10000,
        discount_amount: 3500,
        total_discount_amount: 3500,
        total_amount: 6500,
        status: 'PAID',
        source_id: `order-${v.code}`,
      });
      // The order is stored, paid, with the stack's discount.
      expect(r.order.id).toMatch(/^ord_/);
      const stored: any = await h.sdk.orders.get(r.order.id);
      expect(stored).toMatchObject({
        id: r.order.id,
        source_id: `order-${v.code}`,
        status: 'PAID',
        amount: 10000,
        total_discount_amount: 3500,
        total_amount: 6500,
        customer_id: r.redemptions[0].customer_id,
      });
      expect((await getVoucher(t, v.code)).redemption.redeemed_quantity).toBe(1);
      const gift = await getVoucher(t, g.code);
      expect(gift.gift.balance).toBe(3000);
      expect(gift.redemption.redeemed_quantity).toBe(1);

      const events = (await deliveredFor(h, requestId)).filter((e) => e.type === 'redemption.succeeded');
      expect(events).toHaveLength(3);
      expect(new Set(events.map((e) => e.event.group_id))).toEqual(new Set([requestId]));
      expect(events.map((e) => e.data.redemption.id).sort()).toEqual(
        [parent.id, ...r.redemptions.map((x: any) => x.id)].sort(),
      );
      const checked = await delivered(h, 'redemption.succeeded');
      const ofChild = checked.find((e) => e.data.redemption.id === r.redemptions[0].id);
      expect(ofChild.data.voucher.code).toBe(v.code);
      expect(ofChild.data.customer.source_id).toBe(`buyer-${v.code}`);
      expect(ofChild.data.promotion_tier).toBeNull();
      expect(ofChild.data.promotion_stack).toBeNull();
      expect(ofChild.data.redemption.redemption).toBe(parent.id);
      expect(ofChild.event.entity_id).toBe(r.redemptions[0].id);
      const ofParent = checked.find((e) => e.data.redemption.id === parent.id);
      expect(ofParent.data.voucher).toBeNull();
      expect(ofParent.data.order.total_amount).toBe(6500);
    });

    it('redeem (legacy): one voucher, answered as that redemption; get, list and getForVoucher show it', async () => {
      const v = await createVoucher(t, { discount: { type: 'PERCENT', percent_off: 10 } });
      const r: any = await h.sdk.redemptions.redeem(v.code, {
        order: THREE_LINE_ORDER,
        customer: { source_id: `legacy-${v.code}` },
      } as any);
      expect(r).toMatchObject({
        object: 'redemption',
        result: 'SUCCESS',
        status: 'SUCCEEDED',
        redemption: null,
      });
      expect(r.voucher.code).toBe(v.code);
      expect(r.order.discount_amount).toBe(1000);
      expect(r.order.total_amount).toBe(9000);

      const got: any = await h.sdk.redemptions.get(r.id);
      expect(got).toEqual(r);
      const listed: any = await h.sdk.redemptions.list({ customer: r.customer_id } as any);
      expect(listed).toMatchObject({ object: 'list', data_ref: 'redemptions', total: 1 });
      expect(listed.redemptions.map((x: any) => x.id)).toEqual([r.id]);
      const forVoucher: any = await h.sdk.redemptions.getForVoucher(v.code);
      expect(forVoucher).toMatchObject({
        object: 'list',
        data_ref: 'redemption_entries',
        redeemed_quantity: 1,
        quantity: null,
        total: 1,
      });
      expect(forVoucher.redemption_entries[0].id).toBe(r.id);
      const [ev] = await delivered(h, 'redemption.succeeded', r.id);
      expect(ev.data.redemption.order.total_amount).toBe(9000);
    });

    it('list filters by voucher, result and creation time, newest first, in pages', async () => {
      const v = await createVoucher(t, {
        discount: { type: 'AMOUNT', amount_off: 100 },
        redemption: { quantity: 2 },
      });
      const ids: string[] = [];
      for (let i = 0; i < 2; i++) {
        t.clock.advance(1000);
        ids.push(((await h.sdk.redemptions.redeem(v.code, {} as any)) as any).id);
      }
      t.clock.advance(1000);
      const refused = await send(t, 'POST', `/v1/vouchers/${v.code}/redemption`, { body: {} });
      expect(refused.body.key).toBe('quantity_exceeded');
      const all: any = await h.sdk.redemptions.list({ voucher: v.code } as any);
      expect(all.redemptions.map((x: any) => x.id)).toEqual([refused.body.resource_id, ids[1], ids[0]]);
      const failed: any = await h.sdk.redemptions.list({ voucher: v.code, result: 'FAILURE' } as any);
      expect(failed.redemptions.map((x: any) => x.id)).toEqual([refused.body.resource_id]);
      expect(failed.redemptions[0]).toMatchObject({
        result: 'FAILURE',
        status: 'FAILED',
        failure_code: 'quantity_exceeded',
      });
      const page2: any = await h.sdk.redemptions.list({ voucher: v.code, limit: 2, page: 2 } as any);
      expect(page2.redemptions.map((x: any) => x.id)).toEqual([ids[0]]);
      expect(page2.total).toBe(3);
      const firstAt = (await h.sdk.redemptions.get(ids[0]!)) as any;
      const after: any = await send(
        t,
        'GET',
        `/v1/redemptions?voucher=${v.code}&created_at[after]=${encodeURIComponent(firstAt.date)}&order=created_at`,
      );
      expect(after.body.redemptions.map((x: any) => x.id)).toEqual([ids[1], refused.body.resource_id]);
    });

    it('rollback: the use and the gift credits come back, the redemption is ROLLED_BACK, redemption.rollback.succeeded is sent', async () => {
      const g = await createStandaloneGiftCard(t, 10000, { redemption: { quantity: 1 } });
      const r: any = await h.sdk.redemptions.redeem(g.code, {
        order: THREE_LINE_ORDER,
        gift: { credits: 4000 },
        customer: { source_id: `rb-${g.code}` },
      } as any);
      expect((await getVoucher(t, g.code)).gift.balance).toBe(6000);
      const rb: any = await h.sdk.redemptions.rollback(r.id, { reason: 'Customer changed their mind' });
      expect(rb).toMatchObject({
        object: 'redemption_rollback',
        redemption: r.id,
        reason: 'Customer changed their mind',
        result: 'SUCCESS',
        status: 'SUCCEEDED',
        amount: -4000,
      });
      expect(rb.id).toMatch(/^rr_/);
      expect(rb.order.status).toBe('CANCELED');
      expect(((await h.sdk.orders.get(r.order.id)) as any).status).toBe('CANCELED');
      const after = await getVoucher(t, g.code);
      expect(after.gift.balance).toBe(10000);
      expect(after.redemption.redeemed_quantity).toBe(0);
      expect(((await h.sdk.redemptions.get(r.id)) as any).status).toBe('ROLLED_BACK');
      // The use came back: the one-use card can be redeemed again.
      const again: any = await h.sdk.redemptions.redeem(g.code, {
        order: THREE_LINE_ORDER,
        gift: { credits: 1000 },
      } as any);
      expect(again.result).toBe('SUCCESS');

      const [ev] = await delivered(h, 'redemption.rollback.succeeded', rb.id);
      expect(ev.data.redemption_rollback.id).toBe(rb.id);
      expect(ev.data.redemption.id).toBe(r.id);
      expect(ev.data.voucher.code).toBe(g.code);
      expect(ev.data.order.status).toBe('CANCELED');
    });

    it('rollback again: already_rolled_back, stored as rrf_ with redemption.rollback.failed', async () => {
      const v = await createVoucher(t, { discount: { type: 'AMOUNT', amount_off: 100 } });
      const r: any = await h.sdk.redemptions.redeem(v.code, {} as any);
      await h.sdk.redemptions.rollback(r.id);
      const again = await send(t, 'POST', `/v1/redemptions/${r.id}/rollback`, { body: {} });
      expect(again.status).toBe(400);
      expect(again.body).toMatchObject({ key: 'already_rolled_back', resource_type: 'redemption_rollback' });
      expect(again.body.resource_id).toMatch(/^rrf_/);
      const stored: any = await h.sdk.redemptions.get(again.body.resource_id);
      expect(stored).toMatchObject({
        object: 'redemption_rollback',
        result: 'FAILURE',
        status: 'FAILED',
        failure_code: 'already_rolled_back',
        redemption: r.id,
      });
      expect((await getVoucher(t, v.code)).redemption.redeemed_quantity).toBe(0);
      const [ev] = await delivered(h, 'redemption.rollback.failed', again.body.resource_id);
      expect(ev.data.redemption.id).toBe(r.id);
      expect(ev.data.redemption_rollback.failure_code).toBe('already_rolled_back');
    });

    it('rollbackStackable: every child and the parent roll back; the single rollback refuses a parent and a child', async () => {
      const a = await createVoucher(t, {
        discount: { type: 'AMOUNT', amount_off: 1000 },
        redemption: { quantity: 1 },
      });
      const g = await createStandaloneGiftCard(t, 3000);
      const r: any = await h.sdk.redemptions.redeemStackable({
        redeemables: [
          { object: 'voucher', id: a.code },
          { object: 'voucher', id: g.code },
        ],
        order: THREE_LINE_ORDER,
      } as any);
      const parentId = r.parent_redemption.id;
      const single = await send(t, 'POST', `/v1/redemptions/${parentId}/rollback`, { body: {} });
      expect([single.status, single.body.key]).toEqual([400, 'invalid_redemption']);
      const child = await send(t, 'POST', `/v1/redemptions/${r.redemptions[0].id}/rollback`, { body: {} });
      expect([child.status, child.body.key]).toEqual([400, 'invalid_redemption_parent']);
      const notStack = await send(t, 'POST', `/v1/redemptions/${r.redemptions[0].id}/rollbacks`, {
        body: {},
      });
      expect([notStack.status, notStack.body.key]).toEqual([400, 'invalid_redemption_parent']);

      const rb: any = await h.sdk.redemptions.rollbackStackable(parentId, {} as any);
      const requestId = lastRequestId(h.sdk);
      expect(rb.rollbacks).toHaveLength(2);
      expect(rb.rollbacks.map((x: any) => x.redemption)).toEqual(r.redemptions.map((x: any) => x.id));
      expect(rb.parent_rollback.redemption).toBe(parentId);
      for (const x of rb.rollbacks) expect(x.parent_rollback_id).toBe(rb.parent_rollback.id);
      expect(rb.rollbacks[1].amount).toBe(-3000);
      expect((await getVoucher(t, a.code)).redemption.redeemed_quantity).toBe(0);
      expect((await getVoucher(t, g.code)).gift.balance).toBe(3000);
      for (const id of [parentId, ...r.redemptions.map((x: any) => x.id)])
        expect(((await h.sdk.redemptions.get(id)) as any).status).toBe('ROLLED_BACK');
      const events = (await deliveredFor(h, requestId)).filter(
        (e) => e.type === 'redemption.rollback.succeeded',
      );
      expect(events).toHaveLength(3);
      expect(await delivered(h, 'redemption.rollback.succeeded', rb.parent_rollback.id)).toHaveLength(1);
    });

    it('client side: redeemStackable and redeem with client keys, channel CLIENT_API on the events', async () => {
      const v = await createVoucher(t, { discount: { type: 'AMOUNT', amount_off: 500 } });
      const w = await createVoucher(t, { discount: { type: 'AMOUNT', amount_off: 700 } });
      const r: any = await h.client.redeemStackable({
        redeemables: [{ object: 'voucher', id: v.code }],
        order: THREE_LINE_ORDER,
        customer: { source_id: `client-${v.code}` },
      } as any);
      expect(r.redemptions[0]).toMatchObject({ result: 'SUCCESS', status: 'SUCCEEDED' });
      expect(r.order.total_amount).toBe(9500);
      const one: any = await h.client.redeem(w.code, {
        order: THREE_LINE_ORDER,
        customer: { source_id: `client-${v.code}` },
      } as any);
      expect(one).toMatchObject({ object: 'redemption', result: 'SUCCESS' });
      expect(one.voucher.code).toBe(w.code);
      expect(one.customer_id).toBe(r.redemptions[0].customer_id);
      for (const id of [r.redemptions[0].id, one.id]) {
        const [ev] = await delivered(h, 'redemption.succeeded', id);
        expect(ev.event.event_source).toEqual({
          channel: 'CLIENT_API',
          user: null,
          api_key: { name: h.clientKey.name, app_id: h.clientKey.client_app_id },
        });
      }
    });

    it('a repeated request (same order source_id and redeemables) is answered as the first and spends nothing', async () => {
      const v = await createVoucher(t, {
        discount: { type: 'AMOUNT', amount_off: 100 },
        redemption: { quantity: 5 },
      });
      const body = {
        redeemables: [{ object: 'voucher', id: v.code }],
        order: { ...THREE_LINE_ORDER, source_id: `idem-${v.code}` },
      };
      const first = await send(t, 'POST', '/v1/redemptions', { body: body });
      const second = await send(t, 'POST', '/v1/redemptions', { body: body });
      expect(second.status).toBe(200);
      expect(second.body).toEqual(first.body);
      expect((await getVoucher(t, v.code)).redemption.redeemed_quantity).toBe(1);
      // Another order, or another set of redeemables, is a new redemption.
      const other = await send(t, 'POST', '/v1/redemptions', {
        body: {
          ...body,
          order: { ...THREE_LINE_ORDER, source_id: `idem2-${v.code}` },
        },
      });
      expect(other.body.redemptions[0].id).not.toBe(first.body.redemptions[0].id);
      expect((await getVoucher(t, v.code)).redemption.redeemed_quantity).toBe(2);
      expect(await delivered(h, 'redemption.succeeded', first.body.redemptions[0].id)).toHaveLength(1);
    });
  });
}
