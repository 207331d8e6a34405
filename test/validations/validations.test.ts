import { beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { type ClientHarness, settledContents, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

const DAY = 86_400_000;

/**
 * 100.00 in three lines: A 2 × 25.00, B 1 × 30.00, C 1 × 20.00, naming catalogue products and a SKU by id
 * (made in each database before the tests: a validation, like a redemption, looks the ids up).
 */
let ORDER: { amount: number; items: Record<string, unknown>[] };
let PRODUCT_B = '';

async function catalogue(t: TestApp) {
  const made = async (url: string, body: Record<string, unknown>) => {
    const r = await send(t, 'POST', url, { body });
    expect(r.status, r.raw).toBe(200);
    return r.body.id as string;
  };
  const a = await made('/v1/products', { name: 'A', source_id: 'prod-a', price: 2500 });
  PRODUCT_B = await made('/v1/products', { name: 'B', source_id: 'prod-b', price: 3000 });
  const c = await made('/v1/products', { name: 'C', source_id: 'prod-c' });
  const skuC = await made(`/v1/products/${c}/skus`, { sku: 'C1', source_id: 'sku-c', price: 2000 });
  ORDER = {
    amount: 10000,
    items: [
      { product_id: a, quantity: 2, price: 2500 },
      { product_id: PRODUCT_B, quantity: 1, price: 3000 },
      { sku_id: skuC, quantity: 1, amount: 2000 },
    ],
  };
}

let seq = 0;
const code = (tag: string) => `${tag}-${++seq}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

for (const dialect of DIALECTS) {
  describe(`validations through @voucherify/sdk (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;
    withHarness(dialect, { client: true }, (made) => {
      h = made;
      t = made.t;
    });
    beforeAll(() => catalogue(t));

    async function voucher(body: Record<string, unknown>): Promise<any> {
      const r = await send(t, 'POST', '/v1/vouchers', {
        body: { code: code('V'), type: 'DISCOUNT_VOUCHER', ...body },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      return r.body;
    }

    it("validateStackable: an AMOUNT voucher on the order, in Voucherify's answer shape; nothing is written or delivered", async () => {
      const v = await voucher({ discount: { type: 'AMOUNT', amount_off: 1500 }, metadata: { tier: 'gold' } });
      const before = await settledContents(h);
      const r: any = await h.sdk.validations.validateStackable({
        redeemables: [{ object: 'voucher', id: v.code }],
        order: ORDER,
        customer: { source_id: 'never-seen-before' },
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(r.valid).toBe(true);
      expect(r.tracking_id).toBe('never-seen-before');
      expect(r.redeemables).toHaveLength(1);
      expect(r.redeemables[0]).toMatchObject({
        status: 'APPLICABLE',
        id: v.code,
        object: 'voucher',
        result: { discount: { type: 'AMOUNT', amount_off: 1500, effect: 'APPLY_TO_ORDER' } },
        metadata: { tier: 'gold' },
        applicable_to: { object: 'list', data: [], total: 0, data_ref: 'data' },
        order: { amount: 10000, discount_amount: 1500, total_amount: 8500, applied_discount_amount: 1500 },
      });
      expect(r.order).toMatchObject({
        amount: 10000,
        initial_amount: 10000,
        discount_amount: 1500,
        items_discount_amount: 0,
        total_discount_amount: 1500,
        total_amount: 8500,
        applied_discount_amount: 1500,
        total_applied_discount_amount: 1500,
        object: 'order',
      });
      expect(r.order.items.map((i: any) => [i.amount, i.discount_amount, i.subtotal_amount])).toEqual([
        [5000, 0, 5000],
        [3000, 0, 3000],
        [2000, 0, 2000],
      ]);
      expect(r.inapplicable_redeemables).toBeUndefined();
      expect(r.stacking_rules).toMatchObject({ redeemables_limit: 30, redeemables_application_mode: 'ALL' });
      // A validation creates no customer, changes no voucher and records no event.
      expect(await settledContents(h)).toEqual(before);
      expect(h.receiver.bodies().filter((b) => b.event.group_id === requestId)).toEqual([]);
    });

    it('the order is completed from the catalogue and checked, as a redemption does', async () => {
      const v = await voucher({ discount: { type: 'PERCENT', percent_off: 10 } });
      // No price on the line: B's catalogue price, 30.00, times 2.
      const r = await send(t, 'POST', '/v1/validations', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
          order: { items: [{ product_id: PRODUCT_B, quantity: 2 }] },
        },
      });
      expect(r.status, r.raw).toBe(200);
      expect(r.body.order).toMatchObject({ amount: 6000, discount_amount: 600, total_amount: 5400 });
      expect(r.body.order.items[0]).toMatchObject({ product_id: PRODUCT_B, price: 3000, amount: 6000 });
      const unknown = await send(t, 'POST', '/v1/validations', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
          order: { items: [{ product_id: 'prod_nope', quantity: 1 }] },
        },
      });
      expectError(unknown, 404, 'not_found', /prod_nope/);
      const negative = await send(t, 'POST', '/v1/validations', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
          order: { items: [{ product_id: PRODUCT_B, quantity: -1 }] },
        },
      });
      expectError(negative, 400, 'invalid_payload', /order\.items\.0\.quantity/);
    });

    it('a stack of PERCENT with amount_limit, AMOUNT on items and a free UNIT adds up to the cent', async () => {
      const percent = await voucher({ discount: { type: 'PERCENT', percent_off: 10, amount_limit: 800 } });
      const items = await voucher({
        discount: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ITEMS' },
      });
      const unit = await voucher({
        discount: { type: 'UNIT', unit_off: 1, unit_type: PRODUCT_B, effect: 'ADD_NEW_ITEMS' },
      });
      const r: any = await h.sdk.validations.validateStackable({
        redeemables: [percent, items, unit].map((v) => ({ object: 'voucher', id: v.code })),
        order: ORDER,
      } as any);
      expect(r.valid).toBe(true);
      expect(r.redeemables.map((x: any) => x.status)).toEqual(['APPLICABLE', 'APPLICABLE', 'APPLICABLE']);
      // 10 % of 100.00 capped at 8.00; then 10.00 off each line (3 lines); then B's added unit free (30.00).
      expect(r.redeemables.map((x: any) => x.order.total_applied_discount_amount)).toEqual([800, 3000, 3000]);
      expect(r.order).toMatchObject({
        amount: 13000,
        initial_amount: 10000,
        discount_amount: 800,
        items_discount_amount: 6000,
        total_discount_amount: 6800,
        total_amount: 6200,
      });
      expect(r.order.items[1]).toMatchObject({
        quantity: 2,
        initial_quantity: 1,
        applied_quantity: 1,
        amount: 6000,
        discount_amount: 4000,
        subtotal_amount: 2000,
      });
    });

    it('inapplicable redeemables carry their error keys; with one inapplicable the others are SKIPPED and nothing applies', async () => {
      const now = t.clock.now();
      const good = await voucher({ discount: { type: 'AMOUNT', amount_off: 100 } });
      const off = await voucher({ discount: { type: 'AMOUNT', amount_off: 100 }, active: false });
      const expired = await voucher({
        discount: { type: 'AMOUNT', amount_off: 100 },
        expiration_date: new Date(now - DAY).toISOString(),
      });
      const early = await voucher({
        discount: { type: 'AMOUNT', amount_off: 100 },
        start_date: new Date(now + DAY).toISOString(),
      });
      const otherDay = (new Date(now).getUTCDay() + 3) % 7;
      const notToday = await voucher({
        discount: { type: 'AMOUNT', amount_off: 100 },
        validity_day_of_week: [otherDay],
      });
      const gift = await send(t, 'POST', '/v1/vouchers', {
        body: {
          code: code('G'),
          type: 'GIFT_VOUCHER',
          gift: { amount: 500 },
        },
      });
      const r: any = await h.sdk.validations.validateStackable({
        redeemables: [
          { object: 'voucher', id: good.code },
          { object: 'voucher', id: 'NO-SUCH-CODE' },
          { object: 'voucher', id: off.code },
          { object: 'voucher', id: expired.code },
          { object: 'voucher', id: early.code },
          { object: 'voucher', id: notToday.code },
          { object: 'voucher', id: gift.body.code, gift: { credits: 600 } },
          { object: 'promotion_tier', id: 'promo_nothing' },
        ],
        order: ORDER,
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(r.valid).toBe(false);
      expect(r.redeemables.map((x: any) => x.status)).toEqual(['SKIPPED', ...Array(7).fill('INAPPLICABLE')]);
      expect(r.skipped_redeemables.map((x: any) => [x.id, x.result.details.key])).toEqual([
        [good.code, 'preceding_validation_failed'],
      ]);
      expect(r.inapplicable_redeemables.map((x: any) => x.result.error.key)).toEqual([
        'not_found',
        'voucher_disabled',
        'voucher_expired',
        'voucher_not_active',
        'voucher_not_active_now',
        'gift_amount_exceeded',
        'not_found',
      ]);
      expect(r.inapplicable_redeemables[0].result).toEqual({
        error: {
          code: 404,
          key: 'not_found',
          message: 'Resource not found',
          details: 'Cannot find voucher with id NO-SUCH-CODE',
          request_id: requestId,
          resource_id: 'NO-SUCH-CODE',
          resource_type: 'voucher',
        },
        details: { key: 'not_found', message: 'Resource not found' },
      });
      expect(r.inapplicable_redeemables[6].result.error.resource_type).toBe('promotion_tier');
      expect(r.order).toMatchObject({ amount: 10000, total_discount_amount: 0, total_amount: 10000 });
    });

    it('validity follows the injected clock and the project time zone', async () => {
      const start = t.clock.now();
      const v = await voucher({
        discount: { type: 'AMOUNT', amount_off: 100 },
        start_date: new Date(start).toISOString(),
        validity_timeframe: { interval: 'P2D', duration: 'PT1H' },
      });
      const check = async () => ((await h.sdk.validations.validateVoucher(v.code, {})) as any).valid;
      expect(await check()).toBe(true);
      t.clock.advance(2 * 3_600_000);
      expect(await check()).toBe(false);
      t.clock.advance(2 * DAY - 2 * 3_600_000 + 60_000);
      expect(await check()).toBe(true);
      // validity_day_of_week is read in the project's time zone. At noon UTC it is already the next day in
      // Pacific/Kiritimati (UTC+14).
      const noon = new Date(t.clock.now());
      noon.setUTCHours(12, 0, 0, 0);
      if (noon.getTime() < t.clock.now()) noon.setUTCDate(noon.getUTCDate() + 1);
      t.clock.advance(noon.getTime() - t.clock.now());
      const nextDay = (noon.getUTCDay() + 1) % 7;
      const local = await voucher({
        discount: { type: 'AMOUNT', amount_off: 100 },
        validity_day_of_week: [nextDay],
      });
      const inZone = async (timezone: string) => {
        const put = await t.vs.app.inject({
          method: 'PUT',
          url: `/management/v1/projects/${t.projectId}`,
          headers: t.mgmt,
          payload: { timezone },
        });
        expect(put.statusCode, put.body).toBe(200);
        return (await h.sdk.validations.validateVoucher(local.code, {})) as any;
      };
      try {
        expect((await inZone('UTC')).error.key).toBe('voucher_not_active_now');
        expect((await inZone('Pacific/Kiritimati')).valid).toBe(true);
      } finally {
        await inZone('UTC');
      }
    });

    it('a loyalty card validates only for its holder', async () => {
      const c: any = await h.sdk.campaigns.create({
        name: `Loyal ${code('L')}`,
        campaign_type: 'LOYALTY_PROGRAM',
        type: 'AUTO_UPDATE',
        voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } },
      } as any);
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: c.id },
        customer: { source_id: `holder-${c.id}` },
      } as any);
      const card = pub.voucher.code;
      const as = async (customer?: Record<string, string>) =>
        (await h.sdk.validations.validateStackable({
          redeemables: [{ object: 'voucher', id: card }],
          ...(customer ? { customer } : {}),
        } as any)) as any;
      expect((await as({ source_id: `holder-${c.id}` })).valid).toBe(true);
      expect((await as({ id: pub.customer_id })).redeemables[0].result).toEqual({
        loyalty_card: { points: 0 },
      });
      expect((await as({ source_id: 'someone-else' })).inapplicable_redeemables[0].result.error.key).toBe(
        'invalid_customer',
      );
      expect((await as()).inapplicable_redeemables[0].result.error.key).toBe('missing_customer');
    });

    it('gift cards give their credits, up to what the order still costs', async () => {
      const gift = await send(t, 'POST', '/v1/vouchers', {
        body: {
          code: code('G'),
          type: 'GIFT_VOUCHER',
          gift: { amount: 20000 },
        },
      });
      const r: any = await h.sdk.validations.validateStackable({
        redeemables: [{ object: 'voucher', id: gift.body.code }],
        order: ORDER,
      } as any);
      expect(r.redeemables[0].result).toEqual({ gift: { credits: 10000 } });
      expect(r.order).toMatchObject({ total_discount_amount: 10000, total_amount: 0 });
      const some: any = await h.sdk.validations.validateStackable({
        redeemables: [{ object: 'voucher', id: gift.body.code, gift: { credits: 2500 } }],
        order: ORDER,
      } as any);
      expect([some.redeemables[0].result.gift.credits, some.order.total_amount]).toEqual([2500, 7500]);
    });

    it('at most five redeemables apply; the rest are SKIPPED and the validation stays valid', async () => {
      const six = [];
      for (let i = 0; i < 6; i++) six.push(await voucher({ discount: { type: 'AMOUNT', amount_off: 100 } }));
      const r: any = await h.sdk.validations.validateStackable({
        redeemables: six.map((v) => ({ object: 'voucher', id: v.code })),
        order: ORDER,
      } as any);
      expect(r.valid).toBe(true);
      expect(r.redeemables.map((x: any) => x.status)).toEqual([...Array(5).fill('APPLICABLE'), 'SKIPPED']);
      expect(r.skipped_redeemables[0].result.details.key).toBe('applicable_redeemables_limit_exceeded');
      expect(r.order.total_discount_amount).toBe(500);
    });

    it('validateVoucher (legacy): the discount on the order, valid: false with the error, 404 for an unknown code', async () => {
      const v = await voucher({ discount: { type: 'PERCENT', percent_off: 12.5, effect: 'APPLY_TO_ORDER' } });
      const ok: any = await h.sdk.validations.validateVoucher(v.code, { order: { amount: 9999 } });
      expect(ok).toMatchObject({
        valid: true,
        code: v.code,
        discount: { type: 'PERCENT', percent_off: 12.5 },
        order: { amount: 9999, discount_amount: 1250, total_discount_amount: 1250, total_amount: 8749 },
        applicable_to: { data: [], total: 0 },
      });
      await h.sdk.vouchers.disable(v.code);
      const no: any = await h.sdk.validations.validateVoucher(v.code, { order: { amount: 9999 } });
      expect(no).toMatchObject({ valid: false, code: v.code, error: { code: 400, key: 'voucher_disabled' } });
      expect(no.order).toBeUndefined();
      const missing = await send(t, 'POST', '/v1/vouchers/NO-SUCH-CODE/validate', { body: {} });
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        key: 'not_found',
        resource_type: 'voucher',
        resource_id: 'NO-SUCH-CODE',
      });
    });

    it('client-side validateStackable answers the same with client keys', async () => {
      const v = await voucher({ discount: { type: 'AMOUNT', amount_off: 700 } });
      const r: any = await h.client.validateStackable({
        redeemables: [{ object: 'voucher', id: v.code }],
        order: { amount: 5000 },
      } as any);
      expect(r).toMatchObject({
        valid: true,
        order: { amount: 5000, discount_amount: 700, total_amount: 4300 },
      });
      const anonymous = await send(t, 'POST', '/client/v1/validations', {
        body: {
          redeemables: [{ object: 'voucher', id: v.code }],
        },
      });
      expect(anonymous.status).toBe(401);
    });

    it('bad input: too many or repeated redeemables, unknown customer or order, a session; nothing is written', async () => {
      const v = await voucher({ discount: { type: 'AMOUNT', amount_off: 100 } });
      const one = { object: 'voucher', id: v.code };
      const before = await settledContents(h);
      const cases: [unknown, number, string, string?][] = [
        [{ redeemables: [] }, 400, 'invalid_payload'],
        [
          { redeemables: Array.from({ length: 31 }, (_, i) => ({ object: 'voucher', id: `C${i}` })) },
          400,
          'invalid_payload',
        ],
        [{ redeemables: [one, one] }, 400, 'invalid_payload'],
        [{ redeemables: [one], customer: { id: 'cust_nobody' } }, 404, 'not_found', 'customer'],
        [{ redeemables: [one], order: { id: 'ord_nothing' } }, 404, 'not_found', 'order'],
        [{ redeemables: [one], session: { type: 'LOCK' } }, 400, 'invalid_payload'],
        [{ redeemables: [one], order: { amount: -1 } }, 400, 'invalid_payload'],
        [{ redeemables: [one], order: { amount: 10.5 } }, 400, 'invalid_payload'],
      ];
      for (const [body, status, key, resourceType] of cases) {
        const r = await send(t, 'POST', '/v1/validations', { body: body });
        expect([r.status, r.body.key], JSON.stringify(body).slice(0, 200)).toEqual([status, key]);
        if (resourceType) expect(r.body.resource_type).toBe(resourceType);
      }
      expect(await settledContents(h)).toEqual(before);
    });
  });
}
