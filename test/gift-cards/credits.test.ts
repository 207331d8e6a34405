import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/platform/db/transaction.js';
import type { Caller } from '../../src/projects/index.js';
import { refundGiftCredits, spendGiftCredits } from '../../src/vouchers/index.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { createGiftCard as giftCard } from '../helpers/factories.js';
import { delivered, type Harness, harness } from '../helpers/harness.js';

/** A SimpleRedemption as the redemptions context passes it. */
const redemptionOf = (id: string) => ({
  id,
  date: '2026-01-01T00:00:00.000Z',
  metadata: {},
  status: 'SUCCEEDED',
  result: 'SUCCESS',
  object: 'redemption',
});

async function ledger(t: TestApp, voucherId: string) {
  const r = await sql<{ n: number | string; s: number | string | null }>`
    select count(*) as n, sum(amount) as s from voucher_transactions where voucher_id = ${voucherId}`.execute(
    t.vs.ctx.db.kysely,
  );
  return { count: Number(r.rows[0]!.n), sum: Number(r.rows[0]!.s ?? 0) };
}

for (const dialect of DIALECTS) {
  describe(`gift credits spent and refunded inside a caller's transaction (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    let caller: Caller;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t);
      caller = {
        projectId: t.projectId,
        requestId: 'v-00000000000000abcd',
        source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: KEYS.appId } },
      };
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    it('spendGiftCredits writes CREDITS_REDEMPTION with the order and redemption; refundGiftCredits CREDITS_REFUND', async () => {
      const card = await giftCard(t, 'GIFT-SPEND', 20_000);
      const order = await h.sdk.orders.create({ source_id: 'spend-order', amount: 5000 });
      const spent = await transact(t.vs.ctx, (tx) =>
        spendGiftCredits(tx, caller, {
          voucherId: card.id,
          amount: 1500,
          orderId: order.id,
          redemption: redemptionOf('r_spend'),
        }),
      );
      expect(spent).toMatchObject({
        amount: 1500,
        balance: 18_500,
        transaction: { type: 'CREDITS_REDEMPTION' },
      });
      const refunded = await transact(t.vs.ctx, (tx) =>
        refundGiftCredits(tx, caller, {
          voucherId: card.id,
          amount: 1500,
          orderId: order.id,
          redemption: redemptionOf('r_spend'),
          rollback: { ...redemptionOf('rr_spend'), status: 'SUCCEEDED' },
        }),
      );
      expect(refunded).toMatchObject({ amount: 1500, balance: 20_000 });
      expect((await h.sdk.vouchers.get('GIFT-SPEND')).gift).toMatchObject({
        amount: 20_000,
        balance: 20_000,
      });

      const events = await delivered(h, 'voucher.gift.transaction.created', card.id);
      expect(events.map((e) => e.event.group_id)).toEqual([caller.requestId, caller.requestId]);
      expect(events[0].data).toMatchObject({
        transaction: {
          type: 'CREDITS_REDEMPTION',
          source: null,
          details: {
            balance: { amount: -1500, balance: 18_500, total: 20_000 },
            order: { id: order.id, source_id: 'spend-order' },
            redemption: { id: 'r_spend' },
          },
        },
        balance: { amount: -1500, balance: 18_500 },
        order: { id: order.id, source_id: 'spend-order', amount: 5000, object: 'order' },
        redemption: { id: 'r_spend' },
        rollback: null,
      });
      expect(events[1].data).toMatchObject({
        transaction: { type: 'CREDITS_REFUND', details: { rollback: { id: 'rr_spend' } } },
        rollback: { id: 'rr_spend' },
      });
      expect(await delivered(h, 'voucher.gift.balance_added', card.id)).toEqual([]);
      const listed = await h.sdk.vouchers.listTransactions('GIFT-SPEND');
      expect(listed.data.map((x: any) => x.type)).toEqual(['CREDITS_REFUND', 'CREDITS_REDEMPTION']);
    });

    it('spending more than the balance is refused (null) and writes nothing; 0 writes nothing', async () => {
      const card = await giftCard(t, 'GIFT-LOW', 700);
      const before = await tableContents(t);
      const refused = await transact(t.vs.ctx, (tx) =>
        spendGiftCredits(tx, caller, { voucherId: card.id, amount: 701 }),
      );
      expect(refused).toBeNull();
      const zero = await transact(t.vs.ctx, (tx) =>
        spendGiftCredits(tx, caller, { voucherId: card.id, amount: 0 }),
      );
      expect(zero).toEqual({ amount: 0, balance: 700, transaction: null });
      expect(await tableContents(t)).toEqual(before);
    });

    it('50 parallel spends of 1,000 from 20,000 spend exactly 20,000; the ledger sums to it', async () => {
      const card = await giftCard(t, 'GIFT-RACE', 20_000);
      const results = await Promise.all(
        Array.from({ length: 50 }, () =>
          transact(t.vs.ctx, (tx) => spendGiftCredits(tx, caller, { voucherId: card.id, amount: 1000 })),
        ),
      );
      expect(results.filter((r) => r !== null)).toHaveLength(20);
      expect((await h.sdk.vouchers.get('GIFT-RACE')).gift).toMatchObject({ amount: 20_000, balance: 0 });
      expect(await ledger(t, card.id)).toEqual({ count: 20, sum: -20_000 });
      const balances = results.flatMap((r) => (r ? [r.balance] : [])).sort((a, b) => a - b);
      expect(balances).toEqual(Array.from({ length: 20 }, (_, k) => k * 1000));
    });

    it('50 parallel removals of 1,000 through the API never take the balance below zero', async () => {
      const card = await giftCard(t, 'GIFT-RACE-API', 20_000);
      const answers = await Promise.all(
        Array.from({ length: 50 }, () =>
          t.vs.app.inject({
            method: 'POST',
            url: '/v1/vouchers/GIFT-RACE-API/balance',
            headers: t.appKey,
            payload: { amount: -1000 },
          }),
        ),
      );
      const statuses = answers.map((a) => a.statusCode);
      expect(statuses.filter((s) => s === 200)).toHaveLength(20);
      expect(statuses.filter((s) => s === 400)).toHaveLength(30);
      for (const a of answers.filter((x) => x.statusCode === 400))
        expect(a.json().key).toBe('gift_amount_exceeded');
      expect((await h.sdk.vouchers.get('GIFT-RACE-API')).gift).toMatchObject({ amount: 0, balance: 0 });
      expect(await ledger(t, card.id)).toEqual({ count: 20, sum: -20_000 });
    });
  });
}
