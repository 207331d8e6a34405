import { describe, expect, it } from 'vitest';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { delivered, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';

/**
 * Promotion tiers and stacks through @voucherify/sdk (raw HTTP for tier enable and disable, which the SDK
 * lacks), with a receiver subscribed to every event: what the SDK gets back, and the seven
 * campaign.promotion_* events, signed and with `data` valid against webhooks.json (checked by `delivered`).
 */

const discount = (amount_off: number): any => ({ type: 'AMOUNT', amount_off, effect: 'APPLY_TO_ORDER' });

let n = 0;
const promotionBody = (tiers: unknown[] = []) => ({
  name: `Promotion ${++n} ${Date.now()}`,
  campaign_type: 'PROMOTION',
  promotion: { tiers },
});

for (const dialect of DIALECTS) {
  describe(`promotion tiers and stacks through @voucherify/sdk (${dialect.name})`, () => {
    let h: Harness;
    withHarness(dialect, {}, (x) => (h = x));

    it('promotions.create with inline tiers: campaign.created, then one promotion_tier.created per tier', async () => {
      const c: any = await h.sdk.promotions.create(
        promotionBody([
          { name: 'Ten off', banner: '10.00 off', action: { discount: discount(1000) }, metadata: { a: 1 } },
          { name: 'Five off', banner: '5.00 off', action: { discount: discount(500) } },
        ]) as any,
      );
      expect(c.campaign_type).toBe('PROMOTION');
      expect(c.promotion.tiers.map((t: any) => [t.name, t.hierarchy])).toEqual([
        ['Ten off', 1],
        ['Five off', 2],
      ]);
      const [ten] = c.promotion.tiers;
      expect(ten.id).toMatch(/^promo_/);
      expect(ten).toMatchObject({
        object: 'promotion_tier',
        banner: '10.00 off',
        action: { discount: discount(1000) },
        metadata: { a: 1 },
        campaign: { id: c.id, active: true, object: 'campaign' },
        campaign_id: c.id,
        active: true,
        summary: {
          redemptions: { total_redeemed: 0 },
          orders: { total_amount: 0, total_discount_amount: 0 },
        },
        validation_rule_assignments: { object: 'list', data: [], total: 0 },
      });
      const created = await delivered(h, 'campaign.promotion_tier.created');
      const mine = created.filter((b) => b.data.campaign.id === c.id);
      expect(mine.map((b) => b.data.promotion_tier.name).sort()).toEqual(['Five off', 'Ten off']);
      expect(mine[0].data.campaign).toMatchObject({ id: c.id, campaign_type: 'PROMOTION' });
      // The campaign as GET and the list show it carries its tiers too.
      expect(((await h.sdk.campaigns.get(c.id)) as any).promotion).toEqual(c.promotion);
      const listed: any = await h.sdk.campaigns.list({ campaign_type: 'PROMOTION', limit: 100 } as any);
      expect(listed.campaigns.find((x: any) => x.id === c.id).promotion.total).toBe(2);
      // campaign.created first, in the same request.
      const [campaignCreated] = await delivered(h, 'campaign.created', c.id);
      expect(campaignCreated.event.group_id).toBe(mine[0].event.group_id);
    });

    it('tiers: create, get, list, listAll, update, enable, disable and delete, each firing its event', async () => {
      const c: any = await h.sdk.promotions.create(promotionBody() as any);
      const tier: any = await h.sdk.promotions.tiers.create(c.id, {
        name: 'Weekend',
        banner: 'Weekend deal',
        action: { discount: { type: 'PERCENT', percent_off: 10 } },
        metadata: { k: 'v' },
        start_date: '2020-01-01T00:00:00.000Z',
        validity_day_of_week: [0, 6],
        category: 'Weekend',
      } as any);
      expect(tier).toMatchObject({
        name: 'Weekend',
        hierarchy: 1,
        start_date: '2020-01-01T00:00:00.000Z',
        validity_day_of_week: [0, 6],
        category: 'Weekend',
        action: { discount: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ORDER' } },
      });
      expect(await h.sdk.promotions.tiers.get(tier.id)).toEqual(tier);
      const second: any = await h.sdk.promotions.tiers.create(c.id, {
        name: 'Second',
        action: { discount: discount(100) },
      });
      expect(second.hierarchy).toBe(2);

      const inCampaign: any = await h.sdk.promotions.tiers.list(c.id);
      expect(inCampaign).toMatchObject({ object: 'list', data_ref: 'tiers', total: 2, has_more: false });
      expect(inCampaign.tiers.map((t: any) => t.id)).toEqual([tier.id, second.id]);
      const all: any = await h.sdk.promotions.tiers.listAll({ limit: 100 });
      expect(all.tiers.map((t: any) => t.id)).toEqual(expect.arrayContaining([tier.id, second.id]));
      const paged: any = await h.sdk.promotions.tiers.listAll({ limit: 1, page: 1 });
      expect(paged.tiers).toHaveLength(1);
      expect(paged.has_more).toBe(true);

      const updated: any = await h.sdk.promotions.tiers.update({
        id: tier.id,
        name: 'Weekend plus',
        action: { discount: discount(700) },
        metadata: { k: 'w' },
      });
      expect(updated).toMatchObject({
        id: tier.id,
        name: 'Weekend plus',
        metadata: { k: 'w' },
        banner: 'Weekend deal',
      });
      expect(updated.updated_at).toBeDefined();

      const disabled = await send(h.t, 'POST', `/v1/promotions/tiers/${tier.id}/disable`);
      expect(disabled.status).toBe(200);
      expect(disabled.body.active).toBe(false);
      const notAvailable: any = await h.sdk.promotions.tiers.listAll({
        is_available: true,
        limit: 100,
      } as any);
      expect(notAvailable.tiers.map((t: any) => t.id)).not.toContain(tier.id);
      const enabled = await send(h.t, 'POST', `/v1/promotions/tiers/${tier.id}/enable`);
      expect(enabled.body.active).toBe(true);

      // A rule assigned to the tier is unassigned when the tier goes.
      const rule: any = await h.sdk.validationRules.create(buildRule() as any);
      const assignment: any = await h.sdk.validationRules.createAssignment(rule.id, {
        promotion_tier: second.id,
      } as any);
      await h.sdk.promotions.tiers.delete(second.id);
      const [unassigned] = await delivered(h, 'business_validation_rule.assignment.deleted', assignment.id);
      expect(unassigned.data.promotion_tier).toMatchObject({ id: second.id, name: 'Second' });
      expect(((await h.sdk.validationRules.get(rule.id)) as any).assignments_count).toBe(0);
      expectError(await send(h.t, 'GET', `/v1/promotions/tiers/${second.id}`), 404, 'not_found', {
        resource_type: 'promotion_tier',
      });

      for (const [type, id] of [
        ['campaign.promotion_tier.created', tier.id],
        ['campaign.promotion_tier.updated', tier.id],
        ['campaign.promotion_tier.disabled', tier.id],
        ['campaign.promotion_tier.enabled', tier.id],
        ['campaign.promotion_tier.deleted', second.id],
      ]) {
        const [b] = await delivered(h, type!, id);
        expect(b, type).toBeDefined();
        expect(b.data.campaign.id).toBe(c.id);
        expect(b.data.promotion_tier.id).toBe(id);
      }
      const [d] = await delivered(h, 'campaign.promotion_tier.disabled', tier.id);
      expect(d.data.promotion_tier.active).toBe(false);
      const [gone] = await delivered(h, 'campaign.promotion_tier.deleted', second.id);
      expect(gone.data.promotion_tier.name).toBe('Second');
    });

    it('stacks: createInCampaign, get, list, listInCampaign, update and delete; created and updated events', async () => {
      const c: any = await h.sdk.promotions.create(
        promotionBody([
          { name: 'A', action: { discount: discount(100) } },
          { name: 'B', action: { discount: discount(200) } },
        ]) as any,
      );
      const [a, b] = c.promotion.tiers.map((t: any) => t.id);
      const stack: any = await h.sdk.promotions.stack.createInCampaign(c.id, {
        name: 'A then B',
        tiers: { ids: [a, b], hierarchy_mode: 'MANUAL' },
      });
      expect(stack.id).toMatch(/^stack_/);
      expect(stack).toMatchObject({
        name: 'A then B',
        tiers: { ids: [a, b], hierarchy_mode: 'MANUAL' },
        campaign_id: c.id,
        object: 'promotion_stack',
        category_id: null,
        categories: [],
      });
      expect(await h.sdk.promotions.stack.get(c.id, stack.id)).toEqual(stack);
      const inCampaign: any = await h.sdk.promotions.stack.listInCampaign(c.id);
      expect(inCampaign).toMatchObject({ object: 'list', data_ref: 'data', total: 1 });
      expect(inCampaign.data[0].id).toBe(stack.id);
      const all: any = await h.sdk.promotions.stack.list({ limit: 100 });
      expect(all.data.map((s: any) => s.id)).toContain(stack.id);

      const updated: any = await h.sdk.promotions.stack.update(c.id, stack.id, {
        name: 'B then A',
        tiers: { ids: [b, a] },
      });
      expect(updated).toMatchObject({ name: 'B then A', tiers: { ids: [b, a], hierarchy_mode: 'MANUAL' } });
      expect(updated.updated_at).toBeDefined();

      const [created] = await delivered(h, 'campaign.promotion_stack.created', stack.id);
      expect(created.data).toMatchObject({
        campaign: { id: c.id },
        promotion_stack: { id: stack.id, name: 'A then B' },
      });
      const [upd] = await delivered(h, 'campaign.promotion_stack.updated', stack.id);
      expect(upd.data.promotion_stack.tiers.ids).toEqual([b, a]);

      await h.sdk.promotions.stack.delete(c.id, stack.id);
      expectError(await send(h.t, 'GET', `/v1/promotions/${c.id}/stacks/${stack.id}`), 404, 'not_found', {
        resource_type: 'promotion_stack',
      });
    });

    it('bad input is a 400 naming the field (or a 404 naming the tier), and nothing is written', async () => {
      const coupons: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      const p1: any = await h.sdk.promotions.create(
        promotionBody([{ name: 'P1', action: { discount: discount(100) } }]) as any,
      );
      const p2: any = await h.sdk.promotions.create(
        promotionBody([{ name: 'P2', action: { discount: discount(100) } }]) as any,
      );
      const t1 = p1.promotion.tiers[0].id;
      const t2 = p2.promotion.tiers[0].id;
      await h.t.vs.dispatcher!.drain();
      const before = await tableContents(h.t);

      const wrongCampaign = await send(h.t, 'POST', `/v1/promotions/${coupons.id}/tiers`, {
        body: { name: 'X', action: { discount: discount(100) } },
      });
      expectError(wrongCampaign, 400, 'invalid_payload', { details: /campaignId.*DISCOUNT_COUPONS/ });
      const twoCampaigns = await send(h.t, 'POST', `/v1/promotions/${p1.id}/stacks`, {
        body: { name: 'Mixed', tiers: { ids: [t1, t2] } },
      });
      expectError(twoCampaigns, 400, 'invalid_payload', { details: /tiers\.ids\.1/ });
      const tooMany = await send(h.t, 'POST', `/v1/promotions/${p1.id}/stacks`, {
        body: { name: 'Big', tiers: { ids: Array.from({ length: 31 }, (_, k) => `promo_${k}`) } },
      });
      expectError(tooMany, 400, 'invalid_payload', { details: /tiers\/ids|tiers\.ids/ });
      const unknown = await send(h.t, 'POST', `/v1/promotions/${p1.id}/stacks`, {
        body: { name: 'Unknown', tiers: { ids: [t1, 'promo_nope'] } },
      });
      expectError(unknown, 404, 'not_found', { resource_type: 'promotion_tier', resource_id: 'promo_nope' });
      const noDiscount = await send(h.t, 'POST', `/v1/promotions/${p1.id}/tiers`, { body: { name: 'Y' } });
      expectError(noDiscount, 400, 'invalid_payload', { details: /action\.discount/ });
      // An inline tier that fails leaves no campaign behind.
      const inline = await send(h.t, 'POST', '/v1/campaigns', {
        body: promotionBody([
          { name: 'ok', action: { discount: discount(1) } },
          { name: 'bad', action: {} },
        ]),
      });
      expectError(inline, 400, 'invalid_payload', { details: /promotion\.tiers\.1\./ });
      const tooManyInline = await send(h.t, 'POST', '/v1/campaigns', {
        body: promotionBody(
          Array.from({ length: 31 }, (_, k) => ({ name: `t${k}`, action: { discount: discount(1) } })),
        ),
      });
      expectError(tooManyInline, 400, 'invalid_payload', { details: /promotion\.tiers lists 31/ });
      const badDiscount = await send(h.t, 'PUT', `/v1/promotions/tiers/${t1}`, {
        body: { action: { discount: { type: 'PERCENT', percent_off: 400 } } },
      });
      expectError(badDiscount, 400, 'invalid_payload', { details: /action\.discount/ });

      await h.t.vs.dispatcher!.drain();
      expect(await tableContents(h.t)).toEqual(before);
    });
  });
}
