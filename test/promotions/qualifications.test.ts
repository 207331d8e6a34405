import { beforeAll, describe, expect, it } from 'vitest';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { buildRule } from '../helpers/factories.js';
import { type ClientHarness, settledContents, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';

/**
 * Qualifications through @voucherify/sdk (`qualifications.checkEligibility`, and the client side's
 * `qualifications`): which of the customer's vouchers and which promotion tiers and stacks apply to an
 * order, by scenario, sorted and paged as Voucherify does, and nothing written.
 */

const amountOff = (amount_off: number, effect = 'APPLY_TO_ORDER') => ({ type: 'AMOUNT', amount_off, effect });
const ORDER = {
  amount: 10000,
  items: [{ source_id: 'sku-q', related_object: 'sku', quantity: 1, price: 10000 }],
};

for (const dialect of DIALECTS) {
  describe(`qualifications through @voucherify/sdk (${dialect.name})`, () => {
    let h: ClientHarness;
    withHarness(dialect, { client: true }, (x) => (h = x));

    const customer = { source_id: 'qualifying-buyer' };
    const ids: Record<string, string> = {};
    const step = () => h.t.clock.advance(1000);

    beforeAll(async () => {
      for (const [name, amount] of [
        ['wallet-small', 300],
        ['wallet-big', 2500],
      ] as const) {
        const code = `Q-${name}-${dialect.name}`.toUpperCase();
        const v = await send(h.t, 'POST', '/v1/vouchers', {
          body: { code, type: 'DISCOUNT_VOUCHER', discount: amountOff(amount) },
        });
        expect(v.status, v.raw).toBe(200);
        const pub = await send(h.t, 'POST', '/v1/publications', { body: { voucher: code, customer } });
        expect(pub.status, pub.raw).toBe(200);
        ids[name] = code;
        step();
      }
      const loose = await send(h.t, 'POST', '/v1/vouchers', {
        body: {
          code: `Q-NOT-HELD-${dialect.name}`.toUpperCase(),
          type: 'DISCOUNT_VOUCHER',
          discount: amountOff(9000),
        },
      });
      expect(loose.status).toBe(200);
      const p: any = await h.sdk.promotions.create({ name: 'Qualifying', campaign_type: 'PROMOTION' } as any);
      ids.campaign = p.id;
      const tier = async (name: string, body: Record<string, unknown>) => {
        const t: any = await h.sdk.promotions.tiers.create(p.id, { name, ...body } as any);
        ids[name] = t.id;
        step();
      };
      await tier('tier-1000', { action: { discount: amountOff(1000) } });
      await tier('tier-items-400', { action: { discount: amountOff(400, 'APPLY_TO_ITEMS') } });
      await tier('tier-rich-only', { action: { discount: amountOff(5000) } });
      await tier('tier-off', { action: { discount: amountOff(7000) }, active: false });
      const rule: any = await h.sdk.validationRules.create(
        buildRule({
          rules: { '1': { name: 'order.amount', conditions: { $more_than: [100000] } }, logic: '1' },
        }) as any,
      );
      await h.sdk.validationRules.createAssignment(rule.id, { promotion_tier: ids['tier-rich-only'] } as any);
      const stack: any = await h.sdk.promotions.stack.createInCampaign(p.id, {
        name: 'Both',
        tiers: { ids: [ids['tier-1000']!, ids['tier-items-400']!] },
      });
      ids.stack = stack.id;
    });

    const check = (body: Record<string, unknown>) =>
      h.sdk.qualifications.checkEligibility({ customer, order: ORDER, ...body } as any) as Promise<any>;
    const idsOf = (r: any) => r.redeemables.data.map((x: any) => x.id);

    it('ALL: the wallet, the tiers that apply and the stacks, newest first; a held voucher only', async () => {
      const r = await check({ scenario: 'ALL', options: { limit: 50 } });
      expect(idsOf(r)).toEqual([
        ids.stack,
        ids['tier-items-400'],
        ids['tier-1000'],
        ids['wallet-big'],
        ids['wallet-small'],
      ]);
      expect(r.redeemables).toMatchObject({ object: 'list', data_ref: 'data', total: 5, has_more: false });
      expect(r.tracking_id).toBe(customer.source_id);
      expect(r.order).toMatchObject({ amount: 10000, total_amount: 10000 });
      expect(r.stacking_rules.applicable_redeemables_limit).toBe(5);
      const [stack, items] = r.redeemables.data;
      expect(stack).toMatchObject({
        object: 'promotion_stack',
        name: 'Both',
        order: { total_discount_amount: 1400 },
      });
      expect(stack.redeemables.map((x: any) => x.id)).toEqual([ids['tier-1000'], ids['tier-items-400']]);
      expect(items).toMatchObject({
        object: 'promotion_tier',
        name: 'tier-items-400',
        campaign_id: ids.campaign,
        campaign_name: 'Qualifying',
        result: { discount: amountOff(400, 'APPLY_TO_ITEMS') },
        order: { items_discount_amount: 400 },
      });
      expect(items.created_at).toMatch(/^\d{4}-/);
    });

    it('scenarios: CUSTOMER_WALLET, PROMOTION_STACKS, PRODUCTS, PRODUCTS_DISCOUNT, AUDIENCE_ONLY', async () => {
      expect(idsOf(await check({ scenario: 'CUSTOMER_WALLET' }))).toEqual([
        ids['wallet-big'],
        ids['wallet-small'],
      ]);
      expect(idsOf(await check({ scenario: 'PROMOTION_STACKS' }))).toEqual([ids.stack]);
      expect(idsOf(await check({ scenario: 'PRODUCTS' }))).toEqual([ids['tier-items-400']]);
      expect(idsOf(await check({ scenario: 'PRODUCTS_DISCOUNT' }))).toEqual([ids['tier-items-400']]);
      // The audience is all that counts: the tier whose rule wants a larger order qualifies too.
      const audience = await check({ scenario: 'AUDIENCE_ONLY', options: { limit: 50 } });
      expect(idsOf(audience)).toContain(ids['tier-rich-only']);
      expect(idsOf(audience)).not.toContain(ids['tier-off']);
      // Without a customer there is no wallet.
      const anonymous: any = await h.sdk.qualifications.checkEligibility({
        scenario: 'CUSTOMER_WALLET',
        order: ORDER,
      } as any);
      expect(anonymous.redeemables.data).toEqual([]);
    });

    it('sorting BEST_DEAL and LEAST_DEAL; pages by starting_after; filters', async () => {
      const best = await check({ options: { sorting_rule: 'BEST_DEAL', limit: 50 } });
      expect(idsOf(best)).toEqual([
        ids['wallet-big'],
        ids.stack,
        ids['tier-1000'],
        ids['tier-items-400'],
        ids['wallet-small'],
      ]);
      const least = await check({ options: { sorting_rule: 'LEAST_DEAL', limit: 50 } });
      expect(idsOf(least)).toEqual([...idsOf(best)].reverse());

      const first = await check({ options: { limit: 2 } });
      expect(idsOf(first)).toEqual([ids.stack, ids['tier-items-400']]);
      expect(first.redeemables.has_more).toBe(true);
      expect(first.redeemables.more_starting_after).toBe(first.redeemables.data[1].created_at);
      const second = await check({
        options: { limit: 2, starting_after: first.redeemables.more_starting_after },
      });
      expect(idsOf(second)).toEqual([ids['tier-1000'], ids['wallet-big']]);
      const third = await check({
        options: { limit: 2, starting_after: second.redeemables.more_starting_after },
      });
      expect(idsOf(third)).toEqual([ids['wallet-small']]);
      expect(third.redeemables.has_more).toBe(false);
      expect(third.redeemables.more_starting_after).toBeUndefined();

      const tiersOnly = await check({
        options: { limit: 50, filters: { resource_type: { conditions: { $in: ['promotion_tier'] } } } },
      });
      expect(idsOf(tiersOnly)).toEqual([ids['tier-items-400'], ids['tier-1000']]);
      expectError(
        await send(h.t, 'POST', '/v1/qualifications', { body: { options: { filters: { colour: {} } } } }),
        400,
        'invalid_payload',
        { details: /options\.filters\.colour/ },
      );
    });

    it('writes nothing, with an unknown customer too; the client side answers the same', async () => {
      const before = await settledContents(h);
      const stranger: any = await h.sdk.qualifications.checkEligibility({
        customer: { source_id: 'never-seen' },
        order: ORDER,
      } as any);
      expect(idsOf(stranger)).toEqual([ids.stack, ids['tier-items-400'], ids['tier-1000']]);
      const client: any = await h.client.qualifications({
        customer,
        order: ORDER,
        scenario: 'CUSTOMER_WALLET',
      } as any);
      expect(idsOf(client)).toEqual([ids['wallet-big'], ids['wallet-small']]);
      expect(await settledContents(h)).toEqual(before);
      expect(await tableContents(h.t)).toEqual(before);
    });
  });
}
