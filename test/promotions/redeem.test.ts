import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { buildRule } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

/**
 * Promotion tiers and stacks as redeemables, through @voucherify/sdk: validated and redeemed beside vouchers
 * (a stack applies its tiers in its order), checked like a voucher (active, dates, validity windows, the
 * validation rules assigned to the tier), the legacy tier redemption and promotion validation, and the
 * redemption.* events filling `promotion_tier` and `promotion_stack`.
 */

const amountOff = (amount_off: number) => ({ type: 'AMOUNT', amount_off, effect: 'APPLY_TO_ORDER' });
const ORDER = {
  amount: 10000,
  items: [{ source_id: 'sku-a', related_object: 'sku', quantity: 2, price: 5000 }],
};

let n = 0;
const uniq = (tag: string) => `${tag}-${++n}-${Math.random().toString(36).slice(2, 7)}`;

async function promotion(h: Harness, tiers: Record<string, unknown>[]): Promise<any> {
  return h.sdk.promotions.create({
    name: uniq('Promotion'),
    campaign_type: 'PROMOTION',
    promotion: { tiers },
  } as any);
}

async function voucher(h: Harness, amount: number): Promise<any> {
  const r = await send(h.t, 'POST', '/v1/vouchers', {
    body: { code: uniq('V').toUpperCase(), type: 'DISCOUNT_VOUCHER', discount: amountOff(amount) },
  });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

for (const dialect of DIALECTS) {
  describe(`promotion tiers and stacks as redeemables (${dialect.name})`, () => {
    let h: Harness;
    withHarness(dialect, {}, (x) => (h = x));

    it('a stack of two tiers and a voucher: four redemption.succeeded, the tiers with promotion_tier and promotion_stack', async () => {
      const p = await promotion(h, [
        { name: 'Ten off', action: { discount: amountOff(1000) } },
        { name: 'Half off the rest', action: { discount: { type: 'PERCENT', percent_off: 50 } } },
      ]);
      const [ten, half] = p.promotion.tiers;
      // The stack applies half first, then ten: its own order, not the tiers' hierarchy.
      const stack: any = await h.sdk.promotions.stack.createInCampaign(p.id, {
        name: 'Half then ten',
        tiers: { ids: [half.id, ten.id] },
      });
      const v = await voucher(h, 500);
      const body = {
        redeemables: [
          { object: 'promotion_stack', id: stack.id },
          { object: 'voucher', id: v.code },
        ],
        order: { ...ORDER, source_id: uniq('order') },
        customer: { source_id: uniq('buyer') },
      };

      const validation: any = await h.sdk.validations.validateStackable(body as any);
      expect(validation.valid).toBe(true);
      expect(validation.redeemables.map((r: any) => [r.object, r.id, r.status])).toEqual([
        ['promotion_stack', stack.id, 'APPLICABLE'],
        ['voucher', v.code, 'APPLICABLE'],
      ]);
      expect(validation.redeemables[0].redeemables.map((r: any) => r.id)).toEqual([half.id, ten.id]);
      expect(validation.redeemables[0].order.total_applied_discount_amount).toBe(6000);
      // 100.00: half off is 50.00, then 10.00, then the voucher's 5.00.
      expect(validation.order).toMatchObject({
        amount: 10000,
        total_discount_amount: 6500,
        total_amount: 3500,
      });

      const r: any = await h.sdk.redemptions.redeemStackable(body as any);
      const requestId = lastRequestId(h.sdk);
      expect(r.redemptions.map((x: any) => x.related_object_type)).toEqual([
        'promotion_tier',
        'promotion_tier',
        'voucher',
      ]);
      expect(r.redemptions[0].promotion_tier).toMatchObject({ id: half.id, name: 'Half off the rest' });
      expect(r.order).toMatchObject({ total_discount_amount: 6500, total_amount: 3500, status: 'PAID' });

      const events = (await deliveredFor(h, requestId)).filter((b) => b.type === 'redemption.succeeded');
      expect(events).toHaveLength(4);
      const byId = new Map(events.map((b) => [b.event.entity_id, b.data]));
      const [first, second, third] = r.redemptions.map((x: any) => byId.get(x.id));
      for (const [d, tier] of [
        [first, half],
        [second, ten],
      ]) {
        expect(d.promotion_tier).toMatchObject({ id: tier.id, name: tier.name, campaign: { id: p.id } });
        expect(d.promotion_stack).toMatchObject({
          id: stack.id,
          name: 'Half then ten',
          campaign: { id: p.id },
          tiers: { ids: [half.id, ten.id], hierarchy_mode: 'MANUAL' },
        });
        expect(d.campaign.id).toBe(p.id);
        expect(d.voucher).toBeNull();
      }
      expect(third.promotion_tier).toBeNull();
      expect(third.voucher.code).toBe(v.code);
      expect(byId.get(r.parent_redemption.id)).toBeDefined();

      // The tiers' summaries count the redemption.
      const after: any = await h.sdk.promotions.tiers.get(half.id);
      expect(after.summary).toEqual({
        redemptions: { total_redeemed: 1 },
        orders: { total_amount: 10000, total_discount_amount: 5000 },
      });

      // A rollback of the stack takes the redemption out of the tiers' summaries again.
      const rb = await send(h.t, 'POST', `/v1/redemptions/${r.parent_redemption.id}/rollbacks`, { body: {} });
      expect(rb.status, rb.raw).toBe(200);
      // The rollbacks of the tiers' redemptions name their tiers, as the redemptions did.
      const rolledBack = (await deliveredFor(h, rb.requestId)).filter(
        (e) => e.type === 'redemption.rollback.succeeded' && e.data.promotion_tier,
      );
      expect(rolledBack.map((e) => e.data.promotion_tier.id).sort()).toEqual([half.id, ten.id].sort());
      for (const e of rolledBack) expect(e.data.campaign.id).toBe(p.id);
      expect(((await h.sdk.promotions.tiers.get(half.id)) as any).summary).toEqual({
        redemptions: { total_redeemed: 0 },
        orders: { total_amount: 0, total_discount_amount: 0 },
      });
    });

    it("a redemption.count rule assigned to a tier counts that tier's redemptions: once per customer", async () => {
      const p = await promotion(h, [{ name: 'Once each', action: { discount: amountOff(100) } }]);
      const [tier] = p.promotion.tiers;
      const rule: any = await h.sdk.validationRules.create(
        buildRule({
          rules: {
            '1': { name: 'redemption.count.per_customer', conditions: { $less_than_equal: [1] } },
            logic: '1',
          },
        }) as any,
      );
      await h.sdk.validationRules.createAssignment(rule.id, { promotion_tier: tier.id } as any);
      const body = (c: string) => ({
        redeemables: [{ object: 'promotion_tier', id: tier.id }],
        order: ORDER,
        customer: { source_id: c },
      });
      const buyer = uniq('once');
      const once = await send(h.t, 'POST', '/v1/redemptions', { body: body(buyer) });
      expect(once.status, once.raw).toBe(200);
      const again = await send(h.t, 'POST', '/v1/redemptions', { body: body(buyer) });
      expect(again.status, again.raw).toBe(400);
      expect((await send(h.t, 'POST', '/v1/redemptions', { body: body(uniq('other')) })).status).toBe(200);
    });

    it('a tier is checked like a voucher: promotion_inactive, promotion_not_active_now, its validation rules', async () => {
      const now = h.t.clock.now();
      const p = await promotion(h, [
        { name: 'Off', action: { discount: amountOff(100) }, active: false },
        {
          name: 'Later',
          action: { discount: amountOff(100) },
          start_date: new Date(now + 86_400_000).toISOString(),
        },
        { name: 'Ruled', action: { discount: amountOff(100) } },
        { name: 'Fine', action: { discount: amountOff(100) } },
      ]);
      const [off, later, ruled, fine] = p.promotion.tiers;
      const rule: any = await h.sdk.validationRules.create(
        buildRule({
          rules: { '1': { name: 'order.amount', conditions: { $more_than: [50000] } }, logic: '1' },
        }) as any,
      );
      const assignment: any = await h.sdk.validationRules.createAssignment(rule.id, {
        promotion_tier: ruled.id,
      } as any);
      const [assigned] = await delivered(h, 'business_validation_rule.assignment.created', assignment.id);
      expect(assigned.data.promotion_tier).toMatchObject({ id: ruled.id, name: 'Ruled' });
      expect(assigned.data.campaign.id).toBe(p.id);
      const shown: any = await h.sdk.promotions.tiers.get(ruled.id);
      expect(shown.validation_rule_assignments.data.map((a: any) => a.id)).toEqual([assignment.id]);

      const judged = async (id: string) => {
        const v: any = await h.sdk.validations.validateStackable({
          redeemables: [{ object: 'promotion_tier', id }],
          order: ORDER,
        } as any);
        return v.redeemables[0];
      };
      expect((await judged(off.id)).result.error).toMatchObject({
        key: 'promotion_inactive',
        resource_type: 'promotion_tier',
      });
      expect((await judged(later.id)).result.error.key).toBe('promotion_not_active_now');
      expect((await judged(ruled.id)).result.error).toMatchObject({ key: 'order_rules_violated' });
      expect((await judged(fine.id)).status).toBe('APPLICABLE');
      expect((await judged('promo_missing')).result.error).toMatchObject({
        code: 404,
        resource_type: 'promotion_tier',
      });

      // Disabling the campaign makes every tier inactive; a redemption is refused and stored as failed.
      await h.sdk.campaigns.disable(p.id);
      const refused = await send(h.t, 'POST', '/v1/redemptions', {
        body: { redeemables: [{ object: 'promotion_tier', id: fine.id }], order: ORDER },
      });
      expectError(refused, 400, 'promotion_inactive');
      const [failed] = await delivered(h, 'redemption.failed', refused.body.resource_id);
      expect(failed.data.promotion_tier).toMatchObject({ id: fine.id });
      expect(failed.data.redemption.failure_code).toBe('promotion_inactive');
      await h.sdk.campaigns.enable(p.id);
      // A day later the late tier applies.
      h.t.clock.advance(2 * 86_400_000);
      expect((await judged(later.id)).status).toBe('APPLICABLE');
    });

    it('legacy: promotions.validate lists the tiers that apply; tiers.redeem redeems one', async () => {
      const p = await promotion(h, [
        { name: 'Big orders', action: { discount: amountOff(2000) } },
        {
          name: 'Items only',
          action: { discount: { type: 'AMOUNT', amount_off: 100, effect: 'APPLY_TO_ITEMS' } },
        },
      ]);
      const [big, items] = p.promotion.tiers;
      const v: any = await h.sdk.promotions.validate({
        order: ORDER,
        customer: { source_id: uniq('c') },
      } as any);
      expect(v.valid).toBe(true);
      const mine = v.promotions.filter((x: any) => x.campaign_id === p.id);
      expect(mine.map((x: any) => [x.id, x.discount_amount, x.hierarchy])).toEqual([
        [big.id, 2000, 1],
        [items.id, 100, 2],
      ]);
      expect(mine[0]).toMatchObject({
        object: 'promotion_tier',
        name: 'Big orders',
        order: { total_amount: 8000 },
      });
      const none: any = await h.sdk.promotions.validate({} as any);
      expect(none.promotions.map((x: any) => x.id)).not.toContain(items.id);

      const r: any = await h.sdk.promotions.tiers.redeem(big.id, {
        order: { ...ORDER, source_id: uniq('o') },
      } as any);
      expect(r).toMatchObject({
        object: 'redemption',
        result: 'SUCCESS',
        related_object_type: 'promotion_tier',
        related_object_id: big.id,
        promotion_tier: { id: big.id },
        order: { total_discount_amount: 2000 },
      });
      const [ev] = await delivered(h, 'redemption.succeeded', r.id);
      expect(ev.data.promotion_tier.id).toBe(big.id);
      expect(ev.data.promotion_stack).toBeNull();
      expectError(
        await send(h.t, 'POST', '/v1/promotions/tiers/promo_none/redemption', { body: {} }),
        404,
        'resource_not_found',
      );
    });
  });
}
