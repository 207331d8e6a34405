import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered, webhookSchemaErrors } from '../helpers/events.js';
import { buildCampaign } from '../helpers/factories.js';
import { CAMPAIGN_EVENTS, delivered, allDelivered, type Harness, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`vouchers through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: CAMPAIGN_EVENTS }, (made) => {
      h = made;
      t = made.t;
    });

    it('create: each voucher type, with or without a code (the SDK posts to /v1/vouchers/), delivers voucher.created', async () => {
      const discount: any = await h.sdk.vouchers.create({
        code: 'WELCOME-10',
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ORDER' },
        redemption: { quantity: 10 },
        metadata: { test: true },
        additional_info: 'Inactive until enabled',
        start_date: '2026-01-01T00:00:00.000Z',
        validity_timeframe: { interval: 'P2D', duration: 'PT1H' },
        active: false,
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(schemaErrors('vouchers.json', 'VouchersCreateResponseBody', discount)).toBeNull();
      expect(discount).toMatchObject({
        code: 'WELCOME-10',
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ORDER' },
        active: false,
        metadata: { test: true },
        redemption: {
          quantity: 10,
          redeemed_quantity: 0,
          object: 'list',
          url: '/v1/vouchers/WELCOME-10/redemptions?page=1&limit=10',
        },
        publish: { object: 'list', count: 0, url: '/v1/vouchers/WELCOME-10/publications?page=1&limit=10' },
        is_referral_code: false,
        object: 'voucher',
      });
      expect(discount.id).toMatch(/^v_/);
      expect(discount.assets.qr.url).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(discount.assets.barcode.url.split(',')[1], 'base64').toString()).toMatch(/^<svg /);
      const [ev] = await delivered(h, 'voucher.created', discount.id);
      expect(ev.data).toEqual(asDelivered('voucher.created', { voucher: discount }));
      expect(ev.event.group_id).toBe(requestId);

      // No code: the SDK sends POST /v1/vouchers/ (trailing slash); the code comes from code_config.
      const gift: any = await h.sdk.vouchers.create({
        type: 'GIFT_VOUCHER',
        gift: { amount: 10000, effect: 'APPLY_TO_ORDER' },
        code_config: { pattern: 'GIFT-####-##', charset: '0123456789' },
      } as any);
      expect(gift.code).toMatch(/^GIFT-\d{4}-\d{2}$/);
      expect(gift.gift).toEqual({
        amount: 10000,
        subtracted_amount: 0,
        balance: 10000,
        effect: 'APPLY_TO_ORDER',
      });
      expect(gift.redemption).toMatchObject({ redeemed_quantity: 0, redeemed_amount: 0 });
      expect(gift.redemption.quantity).toBeUndefined();

      const card: any = await h.sdk.vouchers.create({
        type: 'LOYALTY_CARD',
        loyalty_card: { points: 50 },
      } as any);
      expect(card.code).toMatch(/^[0-9A-Za-z]{8}$/);
      expect(card.loyalty_card).toEqual({
        points: 50,
        balance: 50,
        pending_points: 0,
        expired_points: 0,
        subtracted_points: 0,
      });
      for (const v of [gift, card]) {
        expect(schemaErrors('vouchers.json', 'VouchersCreateResponseBody', v)).toBeNull();
        expect((await delivered(h, 'voucher.created', v.id)).map((e) => e.data)).toEqual([
          asDelivered('voucher.created', { voucher: v }),
        ]);
      }
    });

    it('create in a campaign: inherits the template and delivers voucher.created and campaign.vouchers.added', async () => {
      const c: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      const v: any = await h.sdk.vouchers.create({ code: 'IN-CAMP-1', campaign_id: c.id } as any);
      expect(v).toMatchObject({
        campaign: c.name,
        campaign_id: c.id,
        category: 'Spring',
        discount: c.voucher.discount,
        start_date: c.start_date,
        expiration_date: c.expiration_date,
        validity_day_of_week: [5, 6, 0],
        redemption: { quantity: 1 },
      });
      const added: any = await h.sdk.campaigns.addVoucher(c.id, { metadata: { batch: 2 } });
      expect(added.code).toMatch(/^SP-[A-Z2-9]{6}$/);
      expect(added.metadata).toEqual({ batch: 2 });
      const certain: any = await h.sdk.campaigns.addCertainVoucher(c.id, 'CERTAIN-1', {
        additional_info: 'hi',
      });
      expect(certain).toMatchObject({ code: 'CERTAIN-1', campaign_id: c.id, additional_info: 'hi' });
      const [created] = await delivered(h, 'voucher.created', certain.id);
      expect(created.data.voucher).toEqual(asDelivered('voucher.created', { voucher: certain }).voucher);
      expect(webhookSchemaErrors('SimpleCampaign', created.data.campaign)).toBeNull();
      expect(created.data.campaign.id).toBe(c.id);
      const adds = await delivered(h, 'campaign.vouchers.added', c.id);
      expect(adds.map((e) => [e.data.count, e.data.async_action_id])).toEqual([
        [1, null],
        [1, null],
        [1, null],
      ]);
      expect(adds[2].data.campaign.id).toBe(c.id);
      expect((await h.sdk.campaigns.get(c.id)).vouchers_count).toBe(3);
      const wrongType = await send(t, 'POST', '/v1/vouchers/WRONG-1', {
        body: {
          campaign_id: c.id,
          type: 'GIFT_VOUCHER',
        },
      });
      expect(wrongType.status).toBe(400);
    });

    it('get, list with filters, update, enable, disable', async () => {
      const c: any = await h.sdk.campaigns.create(buildCampaign('GIFT_VOUCHERS') as any);
      const v: any = await h.sdk.vouchers.create({ code: 'LIST-1', campaign_id: c.id } as any);
      await h.sdk.vouchers.create({
        code: 'LIST-2',
        type: 'DISCOUNT_VOUCHER',
        category: 'Other',
        discount: { type: 'AMOUNT', amount_off: 5 },
      } as any);
      expect(await h.sdk.vouchers.get('LIST-1')).toEqual(v);
      const byCampaign: any = await h.sdk.vouchers.list({ campaign: c.name } as any);
      expect(byCampaign).toMatchObject({ object: 'list', data_ref: 'vouchers', total: 1 });
      expect(byCampaign.vouchers[0]).toEqual(v);
      expect(schemaErrors('vouchers.json', 'VouchersListResponseBody', byCampaign)).toBeNull();
      const byCategory: any = await h.sdk.vouchers.list({ category: 'Other' } as any);
      expect(byCategory.vouchers.map((x: any) => x.code)).toEqual(['LIST-2']);
      expect((await h.sdk.vouchers.list({ customer: 'cust_nobody' } as any)).total).toBe(0);

      const updated: any = await h.sdk.vouchers.update({
        ...v,
        gift: { amount: 8000 },
        metadata: { note: 'raised' },
        expiration_date: '2026-03-15T00:00:00.000Z',
      });
      expect(updated.gift).toMatchObject({ amount: 8000, balance: 8000 });
      expect(updated).toMatchObject({
        metadata: { note: 'raised' },
        expiration_date: '2026-03-15T00:00:00.000Z',
      });
      expect(updated.updated_at).toBeDefined();
      const [u] = await delivered(h, 'voucher.updated', v.id);
      expect(u.data.voucher).toEqual(asDelivered('voucher.updated', { voucher: updated }).voucher);

      const off: any = await h.sdk.vouchers.disable('LIST-1');
      expect(off.active).toBe(false);
      const on: any = await h.sdk.vouchers.enable('LIST-1');
      expect(on.active).toBe(true);
      expect((await delivered(h, 'voucher.disabled', v.id)).map((e) => e.data.voucher)).toEqual([
        asDelivered('voucher.disabled', { voucher: off }).voucher,
      ]);
      expect((await delivered(h, 'voucher.enabled', v.id)).map((e) => e.data.voucher)).toEqual([
        asDelivered('voucher.enabled', { voucher: on }).voucher,
      ]);

      // A PUT that flips active fires voucher.updated and then voucher.disabled, in one request.
      const before = (await allDelivered(h)).length;
      const flipped: any = await h.sdk.vouchers.update({ code: 'LIST-1', active: false } as any);
      const requestId = lastRequestId(h.sdk);
      const events = (await allDelivered(h)).slice(before);
      // Deliveries run concurrently, so their arrival order is not the recording order.
      expect(events.map((e) => e.type).sort()).toEqual(['voucher.disabled', 'voucher.updated']);
      for (const e of events) {
        expect(e.data.voucher).toEqual(asDelivered(e.type, { voucher: flipped }).voucher);
        expect(e.event.group_id).toBe(requestId);
      }
    });

    it('delete: to the bin by default (code stays taken, restorable), for good with force; voucher.deleted', async () => {
      const v: any = await h.sdk.vouchers.create({
        code: 'BIN-1',
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'FIXED', fixed_amount: 500 },
      } as any);
      await h.sdk.vouchers.delete('BIN-1');
      expect((await send(t, 'GET', '/v1/vouchers/BIN-1')).status).toBe(404);
      expect(
        (
          await send(t, 'POST', '/v1/vouchers/BIN-1', {
            body: { discount: { type: 'FIXED', fixed_amount: 1 } },
          })
        ).status,
      ).toBe(409);
      const [ev] = await delivered(h, 'voucher.deleted', v.id);
      expect(ev.data).toEqual(asDelivered('voucher.deleted', { voucher: v }));
      const restored = await send(t, 'POST', '/v1/vouchers/BIN-1/restore');
      expect(restored.status).toBe(200);
      expect(restored.body.code).toBe('BIN-1');
      await h.sdk.vouchers.delete('BIN-1', { force: true });
      expect((await send(t, 'POST', '/v1/vouchers/BIN-1/restore')).status).toBe(404);
      const reuse = await send(t, 'POST', '/v1/vouchers/BIN-1', {
        body: {
          discount: { type: 'FIXED', fixed_amount: 1 },
        },
      });
      expect(reuse.status).toBe(200);
      expect(reuse.body.id).not.toBe(v.id);
    });

    it('bad input: 409 duplicate code, 400 type change or invalid discount, 404 unknown; nothing written', async () => {
      await h.sdk.vouchers.create({
        code: 'DUP-1',
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'PERCENT', percent_off: 5 },
      } as any);
      const eventsBefore = (await allDelivered(h)).length;
      const total = (await send(t, 'GET', '/v1/vouchers?limit=1')).body.total;
      const dup = await send(t, 'POST', '/v1/vouchers/DUP-1', {
        body: {
          discount: { type: 'PERCENT', percent_off: 5 },
        },
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({
        key: 'duplicate_found',
        resource_type: 'voucher',
        resource_id: 'DUP-1',
      });
      const percent = await send(t, 'POST', '/v1/vouchers/BAD-1', {
        body: {
          discount: { type: 'PERCENT', percent_off: 120 },
        },
      });
      expect(percent.status).toBe(400);
      expect(percent.body.key).toBe('invalid_payload');
      const noGift = await send(t, 'POST', '/v1/vouchers/BAD-2', { body: { type: 'GIFT_VOUCHER' } });
      expect(noGift.status).toBe(400);
      const change = await send(t, 'PUT', '/v1/vouchers/DUP-1', {
        body: { type: 'GIFT_VOUCHER', metadata: { x: 1 } },
      });
      expect(change.status).toBe(400);
      expect(change.body.details).toMatch(/type cannot change/);
      expect((await send(t, 'GET', '/v1/vouchers/DUP-1')).body.metadata).toEqual({});
      const unknown = await send(t, 'GET', '/v1/vouchers/NOPE');
      expect(unknown.status).toBe(404);
      expect(unknown.body).toMatchObject({ key: 'not_found', resource_type: 'voucher', resource_id: 'NOPE' });
      for (const [method, url] of [
        ['PUT', '/v1/vouchers/NOPE'],
        ['DELETE', '/v1/vouchers/NOPE'],
        ['POST', '/v1/vouchers/NOPE/enable'],
        ['POST', '/v1/vouchers/NOPE/disable'],
        ['POST', '/v1/vouchers/X/'],
      ] as const) {
        const r = await send(t, method, url, {
          body: method === 'DELETE' ? undefined : { campaign_id: 'camp_nope' },
        });
        expect(r.status, `${method} ${url}`).toBe(404);
      }
      expect((await send(t, 'GET', '/v1/vouchers?limit=1')).body.total).toBe(total);
      expect((await allDelivered(h)).length).toBe(eventsBefore);
    });
  });
}
