import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import {
  THREE_LINE_ORDER,
  createStandaloneGiftCard,
  createVoucher,
  getVoucher,
  uniqueCode,
} from '../helpers/factories.js';
import { type ClientHarness, delivered, harness, settledContents } from '../helpers/harness.js';
import { send } from '../helpers/request.js';

const DAY = 86_400_000;

/**
 * Each reason a redemption is refused, with Voucherify's key: the answer is 400 (404 for an unknown voucher)
 * naming the stored failure (`rf_…`), the failure is listed with its `failure_code`, `redemption.failed` is
 * delivered, and nothing the attempt would have spent is spent.
 */
for (const dialect of DIALECTS) {
  describe(`refused redemptions (${dialect.name})`, () => {
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

    /** Redeems `c` alone and checks the refusal end to end; returns the error body. */
    async function refused(c: string, key: string, body: Record<string, unknown> = {}, status = 400) {
      const r = await send(t, 'POST', '/v1/redemptions', {
        body: {
          redeemables: [{ object: 'voucher', id: c }],
          ...body,
        },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(status);
      expect(r.body).toMatchObject({ code: status, key, resource_type: 'redemption' });
      expect(r.body.resource_id).toMatch(/^rf_/);
      const stored = await send(t, 'GET', `/v1/redemptions/${r.body.resource_id}`);
      expect(stored.body).toMatchObject({
        id: r.body.resource_id,
        object: 'redemption',
        result: 'FAILURE',
        status: 'FAILED',
        failure_code: key,
      });
      const [ev] = await delivered(h, 'redemption.failed', r.body.resource_id);
      expect(ev.data.redemption).toMatchObject({
        id: r.body.resource_id,
        result: 'FAILURE',
        failure_code: key,
      });
      expect(ev.data.promotion_tier).toBeNull();
      return r.body;
    }

    const discount = { type: 'AMOUNT', amount_off: 500 };

    it('voucher_disabled: the voucher, or its campaign, is disabled', async () => {
      const v = await createVoucher(t, { discount });
      await send(t, 'POST', `/v1/vouchers/${v.code}/disable`);
      await refused(v.code, 'voucher_disabled');
      const c = await send(t, 'POST', '/v1/campaigns', {
        body: {
          name: uniqueCode('camp'),
          campaign_type: 'DISCOUNT_COUPONS',
          voucher: { type: 'DISCOUNT_VOUCHER', discount },
        },
      });
      const cv = await send(t, 'POST', `/v1/campaigns/${c.body.id}/vouchers/${uniqueCode('CV')}`, {
        body: {},
      });
      await send(t, 'POST', `/v1/campaigns/${c.body.id}/disable`);
      const err = await refused(cv.body.code, 'voucher_disabled');
      const [ev] = await delivered(h, 'redemption.failed', err.resource_id);
      expect(ev.data.campaign.id).toBe(c.body.id);
      expect(ev.data.voucher.code).toBe(cv.body.code);
    });

    it('voucher_not_active, voucher_expired and voucher_not_active_now', async () => {
      const now = t.clock.now();
      const later = await createVoucher(t, { discount, start_date: new Date(now + DAY).toISOString() });
      await refused(later.code, 'voucher_not_active');
      const gone = await createVoucher(t, {
        discount,
        start_date: new Date(now - 3 * DAY).toISOString(),
        expiration_date: new Date(now - DAY).toISOString(),
      });
      await refused(gone.code, 'voucher_expired');
      const today = new Date(now).getUTCDay();
      const notToday = await createVoucher(t, {
        discount,
        validity_day_of_week: [0, 1, 2, 3, 4, 5, 6].filter((d) => d !== today),
      });
      await refused(notToday.code, 'voucher_not_active_now');
    });

    it('quantity_exceeded: the last use is gone; the voucher keeps its count', async () => {
      const v = await createVoucher(t, { discount, redemption: { quantity: 1 } });
      expect((await send(t, 'POST', `/v1/vouchers/${v.code}/redemption`, { body: {} })).status).toBe(200);
      await refused(v.code, 'quantity_exceeded');
      expect((await getVoucher(t, v.code)).redemption.redeemed_quantity).toBe(1);
    });

    it('gift_amount_exceeded: more credits than the balance, or an empty card; nothing is spent', async () => {
      const g = await createStandaloneGiftCard(t, 1000);
      await refused(g.code, 'gift_amount_exceeded', {
        redeemables: [{ object: 'voucher', id: g.code, gift: { credits: 1001 } }],
        order: THREE_LINE_ORDER,
      });
      const after = await getVoucher(t, g.code);
      expect(after.gift.balance).toBe(1000);
      expect(after.redemption.redeemed_quantity).toBe(0);
      expect(
        (await send(t, 'POST', `/v1/vouchers/${g.code}/redemption`, { body: { order: THREE_LINE_ORDER } }))
          .status,
      ).toBe(200);
      expect((await getVoucher(t, g.code)).gift.balance).toBe(0);
      await refused(g.code, 'gift_amount_exceeded', { order: THREE_LINE_ORDER });
    });

    async function ruled(rules: Record<string, unknown>, message?: string) {
      const v = await createVoucher(t, { discount });
      const rule = await send(t, 'POST', '/v1/validation-rules', {
        body: {
          name: uniqueCode('rule'),
          rules,
          ...(message ? { error: { message } } : {}),
        },
      });
      expect(rule.status).toBe(200);
      const a = await send(t, 'POST', `/v1/validation-rules/${rule.body.id}/assignments`, {
        body: { voucher: v.id },
      });
      expect(a.status).toBe(200);
      return v;
    }

    it("order_rules_violated, with the rule's own message in error.message", async () => {
      const v = await ruled(
        { '1': { name: 'order.amount', conditions: { $more_than: [50000] } }, logic: '1' },
        'Orders over 500.00 only',
      );
      const err = await refused(v.code, 'order_rules_violated', { order: THREE_LINE_ORDER });
      expect(err.error).toEqual({ message: 'Orders over 500.00 only' });
      const ok = await send(t, 'POST', '/v1/redemptions', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
          order: { amount: 60000 },
        },
      });
      expect(ok.status).toBe(200);
    });

    it('customer_rules_violated: the customer does not match', async () => {
      const v = await ruled({
        '1': { name: 'customer.metadata', property: 'tier', conditions: { $is: ['vip'] } },
        logic: '1',
      });
      const plain = await send(t, 'POST', '/v1/customers', {
        body: {
          source_id: uniqueCode('plain'),
          metadata: { tier: 'basic' },
        },
      });
      const err = await refused(v.code, 'customer_rules_violated', { customer: { id: plain.body.id } });
      const [ev] = await delivered(h, 'redemption.failed', err.resource_id);
      expect(ev.data.customer.id).toBe(plain.body.id);
    });

    it('missing_customer and invalid_customer: a loyalty card needs its holder', async () => {
      const card = await createVoucher(t, { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } });
      const holder = { source_id: uniqueCode('holder') };
      const pub = await send(t, 'POST', '/v1/publications', {
        body: { voucher: card.code, customer: holder },
      });
      expect(pub.status, JSON.stringify(pub.body)).toBe(200);
      await refused(card.code, 'missing_customer');
      const other = await send(t, 'POST', '/v1/customers', { body: { source_id: uniqueCode('other') } });
      const err = await refused(card.code, 'invalid_customer', { customer: { id: other.body.id } });
      const [ev] = await delivered(h, 'redemption.failed', err.resource_id);
      expect(ev.data.holder.source_id).toBe(holder.source_id);
    });

    it('missing_order_items: an item discount needs order items', async () => {
      const v = await createVoucher(t, {
        discount: { type: 'AMOUNT', amount_off: 100, effect: 'APPLY_TO_ITEMS' },
      });
      await refused(v.code, 'missing_order_items', { order: { amount: 5000 } });
      const ok = await send(t, 'POST', '/v1/redemptions', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
          order: THREE_LINE_ORDER,
        },
      });
      expect(ok.status).toBe(200);
    });

    it('resource_not_found: an unknown code is a 404 naming the stored failure', async () => {
      const err = await refused('NO-SUCH-CODE', 'resource_not_found', {}, 404);
      expect(err.details).toContain('NO-SUCH-CODE');
    });

    it('a stack with one refused redeemable redeems none: no child, no spent use or credit, one failure', async () => {
      const a = await createVoucher(t, { discount, redemption: { quantity: 5 } });
      const g = await createStandaloneGiftCard(t, 5000);
      const off = await createVoucher(t, { discount });
      await send(t, 'POST', `/v1/vouchers/${off.code}/disable`);
      const before = await settledContents(h);
      const r = await send(t, 'POST', '/v1/redemptions', {
        body: {
          redeemables: [
            { object: 'voucher', id: a.code },
            { object: 'voucher', id: g.code, gift: { credits: 1000 } },
            { object: 'voucher', id: off.code },
          ],
          order: { ...THREE_LINE_ORDER, source_id: uniqueCode('ord') },
          customer: { source_id: uniqueCode('new-buyer') },
        },
      });
      expect([r.status, r.body.key]).toEqual([400, 'voucher_disabled']);
      const after = await settledContents(h);
      // Only the failure, its event and that event's send-out (and its delivery) were written.
      const added = (table: string) =>
        after[table]!.filter((row: string) => !before[table]!.includes(row)).map((row: string) =>
          JSON.parse(row),
        );
      expect(added('redemptions').map((x: any) => x.id)).toEqual([r.body.resource_id]);
      expect(added('events').map((x: any) => x.type)).toEqual(['redemption.failed']);
      expect(added('customers')).toEqual([]);
      expect(after.vouchers).toEqual(before.vouchers);
      expect(added('sendouts')).toHaveLength(1);
    });
  });
}
