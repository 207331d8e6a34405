import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { createGiftCard as giftCard } from '../helpers/factories.js';
import { delivered, type Harness, harness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`gift-card balance and transactions (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t);
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    it('SDK balance.create adds and removes credits; each movement is a signed, valid event', async () => {
      const card = await giftCard(t, 'GIFT-ADD', 5000);
      const added = await h.sdk.vouchers.balance.create('GIFT-ADD', {
        amount: 2500,
        source_id: 'topup-1',
        reason: 'birthday',
      } as any);
      expect(added).toEqual({
        amount: 2500,
        total: 7500,
        balance: 7500,
        type: 'gift_voucher',
        operation_type: 'MANUAL',
        object: 'balance',
        related_object: { type: 'voucher', id: card.id },
      });
      expect(schemaErrors('vouchers.json', 'VouchersBalanceUpdateResponseBody', added)).toBeNull();
      const addRequest = lastRequestId(h.sdk);
      const removed = await h.sdk.vouchers.balance.create('GIFT-ADD', { amount: -1000 });
      expect(removed).toMatchObject({ amount: -1000, total: 6500, balance: 6500 });
      const voucher = await h.sdk.vouchers.get('GIFT-ADD');
      expect(voucher.gift).toMatchObject({ amount: 6500, balance: 6500, subtracted_amount: 1000 });

      const balanceAdded = await delivered(h, 'voucher.gift.balance_added', card.id);
      expect(balanceAdded).toHaveLength(1);
      expect(balanceAdded[0].event.group_id).toBe(addRequest);
      expect(balanceAdded[0].data).toMatchObject({
        voucher: { id: card.id, code: 'GIFT-ADD', gift: { amount: 7500, balance: 7500 } },
        balance: added,
        campaign: { id: card.campaign_id, object: 'campaign' },
        transaction: { type: 'CREDITS_ADDITION', source: 'API', source_id: 'topup-1', reason: 'birthday' },
      });
      const created = await delivered(h, 'voucher.gift.transaction.created', card.id);
      expect(created.map((e) => e.data.transaction.type)).toEqual(['CREDITS_ADDITION', 'CREDITS_REMOVAL']);
      expect(created[1].data).toMatchObject({
        voucher: { id: card.id, gift: { balance: 6500 } },
        balance: { amount: -1000, balance: 6500, total: 6500 },
        transaction: { details: { balance: { amount: -1000, balance: 6500, operation_type: 'MANUAL' } } },
        order: null,
        redemption: null,
        rollback: null,
      });
    });

    it('a standalone gift card redeemed for an order without source_id: the two keys with no value are null', async () => {
      const made = await send(t, 'POST', '/v1/vouchers', {
        body: { code: 'GIFT-ALONE', type: 'GIFT_VOUCHER', gift: { amount: 3000 } },
      });
      expect(made.status, made.raw).toBe(200);
      expect(made.body.campaign_id ?? null).toBeNull();
      const r = await send(t, 'POST', '/v1/redemptions', {
        body: {
          redeemables: [{ object: 'voucher', id: 'GIFT-ALONE', gift: { credits: 1200 } }],
          order: { amount: 2000 },
        },
      });
      expect(r.status, r.raw).toBe(200);
      // `delivered` checks each delivery against webhooks.json, which allows null at exactly these two keys.
      const [tx] = await delivered(h, 'voucher.gift.transaction.created', made.body.id);
      expect(tx.data.transaction).toMatchObject({
        type: 'CREDITS_REDEMPTION',
        campaign_id: null,
        details: { order: { id: r.body.order.id, source_id: null } },
      });
      expect(tx.data.campaign).toBeNull();
    });

    it('SDK listTransactions: newest first, paged by starting_after_id; order=id oldest first', async () => {
      const card = await giftCard(t, 'GIFT-LIST', 1000);
      for (const amount of [100, 200, -300, 400])
        await h.sdk.vouchers.balance.create('GIFT-LIST', { amount });
      const page1 = await h.sdk.vouchers.listTransactions('GIFT-LIST', { limit: 3 });
      expect(page1).toMatchObject({ object: 'list', data_ref: 'data', has_more: true });
      expect(page1.data.map((x: any) => x.details.balance.amount)).toEqual([400, -300, 200]);
      expect(page1.more_starting_after).toBe(page1.data[2]!.id);
      expect(schemaErrors('vouchers.json', 'VouchersTransactionsListResponseBody', page1)).toBeNull();
      const page2 = await h.sdk.vouchers.listTransactions('GIFT-LIST', {
        limit: 3,
        starting_after_id: page1.more_starting_after,
      });
      expect(page2.data.map((x: any) => x.details.balance.amount)).toEqual([100]);
      expect(page2.has_more).toBe(false);
      const oldest = await send(t, 'GET', '/v1/vouchers/GIFT-LIST/transactions?order=id&limit=2');
      expect(oldest.body.data.map((x: any) => [x.type, x.details.balance.balance])).toEqual([
        ['CREDITS_ADDITION', 1100],
        ['CREDITS_ADDITION', 1300],
      ]);
      expect(oldest.body.data[0]).toMatchObject({
        voucher_id: card.id,
        campaign_id: card.campaign_id,
        related_transaction_id: null,
      });
    });

    it('refuses removing more than the balance, a zero or fractional amount, a non-gift voucher; writes nothing', async () => {
      await giftCard(t, 'GIFT-SHORT', 500);
      await send(t, 'POST', '/v1/vouchers', {
        body: {
          code: 'DISC-1',
          type: 'DISCOUNT_VOUCHER',
          discount: { type: 'AMOUNT', amount_off: 100 },
        },
      });
      const before = await tableContents(t);
      const short = await send(t, 'POST', '/v1/vouchers/GIFT-SHORT/balance', { body: { amount: -501 } });
      expectError(short, 400, 'gift_amount_exceeded', /balance of 500; 501 cannot be removed/);
      expectError(
        await send(t, 'POST', '/v1/vouchers/GIFT-SHORT/balance', { body: { amount: 0 } }),
        400,
        'invalid_payload',
        /amount/,
      );
      expectError(
        await send(t, 'POST', '/v1/vouchers/GIFT-SHORT/balance', { body: { amount: 1.5 } }),
        400,
        'invalid_payload',
        /amount/,
      );
      expectError(
        await send(t, 'POST', '/v1/vouchers/GIFT-SHORT/balance', { body: {} }),
        400,
        'invalid_payload',
        /amount/,
      );
      expectError(
        await send(t, 'POST', '/v1/vouchers/DISC-1/balance', { body: { amount: 100 } }),
        400,
        'invalid_payload',
        /GIFT_VOUCHER/,
      );
      expectError(
        await send(t, 'POST', '/v1/vouchers/NOPE/balance', { body: { amount: 100 } }),
        404,
        'not_found',
        /voucher/,
      );
      expectError(await send(t, 'GET', '/v1/vouchers/NOPE/transactions'), 404, 'not_found', /voucher/);
      expectError(
        await send(t, 'GET', '/v1/vouchers/GIFT-SHORT/transactions?starting_after_id=vtx_x'),
        400,
        'invalid_query_params',
      );
      expect(await tableContents(t)).toEqual(before);
      const all = await send(t, 'POST', '/v1/vouchers/GIFT-SHORT/balance', { body: { amount: -500 } });
      expect(all.body).toMatchObject({ balance: 0, total: 0 });
    });
  });
}
