import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { ISO_MS, schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

const ASSIGNMENT_EVENTS = [
  'campaign.reward.assignment.created',
  'campaign.reward.assignment.updated',
  'campaign.reward.assignment.deleted',
];

/** A campaign body without the factory's March dates and weekdays (the tests run at any date). */
const undated = (type: string, overrides: Record<string, unknown> = {}) =>
  buildCampaign(type, {
    start_date: undefined,
    expiration_date: undefined,
    validity_day_of_week: undefined,
    ...overrides,
  });

for (const dialect of DIALECTS) {
  describe(`rewards and reward assignments through @voucherify/sdk (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: ASSIGNMENT_EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    const campaign = async (type: string, overrides: Record<string, unknown> = {}) => {
      const c: any = await h.sdk.campaigns.create(undated(type, overrides) as any);
      await t.vs.jobs.drain();
      return c;
    };

    it('creates, reads, lists, updates and deletes rewards of the three types', async () => {
      const coupons = await campaign('DISCOUNT_COUPONS');
      const gifts = await campaign('GIFT_VOUCHERS');
      const product: any = await send(t, 'POST', '/v1/products', {
        body: { name: 'Comic book', price: 1500 },
      });
      const digital: any = await h.sdk.rewards.create({
        name: 'A coupon',
        type: 'CAMPAIGN',
        parameters: { campaign: { id: coupons.id } },
        metadata: { kind: 'coupon' },
      } as any);
      expect(digital).toEqual({
        id: expect.stringMatching(/^rew_/),
        name: 'A coupon',
        type: 'CAMPAIGN',
        parameters: { campaign: { id: coupons.id, type: 'DISCOUNT_COUPONS' } },
        stock: null,
        redeemed: null,
        attributes: {},
        created_at: expect.stringMatching(ISO_MS),
        updated_at: null,
        metadata: { kind: 'coupon' },
        object: 'reward',
      });
      expect(schemaErrors('rewards.json', 'Reward', digital)).toBeNull();
      const credits: any = await h.sdk.rewards.create({
        name: 'Ten euros',
        parameters: { campaign: { id: gifts.name, balance: 1000 } },
      } as any);
      expect(credits.parameters).toEqual({
        campaign: { id: gifts.id, balance: 1000, type: 'GIFT_VOUCHERS' },
      });
      t.clock.advance(1000);
      const coin: any = await h.sdk.rewards.create({
        name: '100 points = 20.00',
        type: 'COIN',
        parameters: { coin: { exchange_ratio: 20, points_ratio: 100 } },
      } as any);
      expect(coin).toMatchObject({
        type: 'COIN',
        parameters: { coin: { exchange_ratio: 20, points_ratio: 100 } },
      });
      t.clock.advance(1000);
      const material: any = await h.sdk.rewards.create({
        name: 'Comic book',
        type: 'MATERIAL',
        parameters: { product: { id: product.body.id } },
        stock: 2,
        attributes: { image_url: 'https://example.com/c.png', description: 'Issue 1' },
      } as any);
      expect(material).toMatchObject({
        type: 'MATERIAL',
        parameters: { product: { id: product.body.id, sku_id: null } },
        stock: 2,
        redeemed: 0,
        attributes: { image_url: 'https://example.com/c.png', description: 'Issue 1' },
      });

      expect(await h.sdk.rewards.get(material.id)).toEqual(material);
      const list: any = await h.sdk.rewards.list({ limit: 2 });
      expect(list).toMatchObject({ object: 'list', data_ref: 'data', total: 4 });
      expect(list.data.map((r: any) => r.id)).toEqual([material.id, coin.id]);

      t.clock.advance(1000);
      const updated: any = await h.sdk.rewards.update({
        id: material.id,
        name: 'Comic book #2',
        stock: 5,
      } as any);
      expect(updated).toMatchObject({ name: 'Comic book #2', stock: 5, redeemed: 0 });
      expect(updated.updated_at).toMatch(ISO_MS);
      expect(await h.sdk.rewards.get(material.id)).toEqual(updated);

      await h.sdk.rewards.delete(coin.id);
      const gone = await send(t, 'GET', `/v1/rewards/${coin.id}`);
      expectError(gone, 404, 'not_found');
      expect(gone.body).toMatchObject({ resource_id: coin.id, resource_type: 'reward' });
    });

    it('refuses bad rewards naming the field, writing nothing', async () => {
      const coupons = await campaign('DISCOUNT_COUPONS');
      const gifts = await campaign('GIFT_VOUCHERS');
      const before = await rowCounts(t);
      const bad = async (body: unknown, status: number, key: string, details?: RegExp) => {
        const r = await send(t, 'POST', '/v1/rewards', { body });
        expectError(r, status, key);
        if (details) expect(r.body.details).toMatch(details);
      };
      await bad({ name: 'x', parameters: { campaign: { id: 'camp_unknown' } } }, 404, 'not_found');
      await bad({ name: 'x', parameters: {} }, 400, 'invalid_payload', /campaign, coin or product/);
      await bad(
        { name: 'x', parameters: { campaign: { id: coupons.id }, coin: { exchange_ratio: 1 } } },
        400,
        'invalid_payload',
        /parameters.campaign and parameters.coin/,
      );
      await bad(
        { name: 'x', type: 'COIN', parameters: { campaign: { id: coupons.id } } },
        400,
        'invalid_payload',
        /type COIN/,
      );
      await bad(
        { name: 'x', parameters: { campaign: { id: gifts.id } } },
        400,
        'invalid_balance',
        /GIFT_VOUCHERS/,
      );
      await bad({ parameters: { campaign: { id: coupons.id } } }, 400, 'invalid_payload', /name/);
      await bad({ name: 'x', parameters: { product: { id: 'prod_nope' } } }, 404, 'not_found');
      await bad(
        { name: 'x', parameters: { coin: { exchange_ratio: 0.125 } } },
        400,
        'invalid_payload',
        /two decimals/,
      );
      expect(await rowCounts(t)).toEqual(before);
    });

    it('assigns rewards to a loyalty campaign in both route families, with their events', async () => {
      const loyalty = await campaign('LOYALTY_PROGRAM');
      const coupons = await campaign('DISCOUNT_COUPONS');
      const a: any = await h.sdk.rewards.create({
        name: 'A',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const b: any = await h.sdk.rewards.create({
        name: 'B',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const c: any = await h.sdk.rewards.create({
        name: 'C',
        parameters: { coin: { exchange_ratio: 1 } },
      } as any);

      const asgm: any = await h.sdk.rewards.createAssignment(a.id, {
        campaign: loyalty.id,
        parameters: { loyalty: { points: 39 } },
      });
      const requestId = lastRequestId(h.sdk);
      expect(asgm).toEqual({
        id: expect.stringMatching(/^rewa_/),
        reward_id: a.id,
        related_object_id: loyalty.id,
        related_object_type: 'campaign',
        parameters: { loyalty: { points: 39, auto_redeem: false } },
        created_at: expect.stringMatching(ISO_MS),
        updated_at: null,
        object: 'reward_assignment',
      });
      const [created] = await deliveredFor(h, requestId);
      expect(created.type).toBe('campaign.reward.assignment.created');
      expect(created.event.entity_id).toBe(asgm.id);
      expect(created.data.campaign).toMatchObject({ id: loyalty.id, campaign_type: 'LOYALTY_PROGRAM' });
      expect(created.data.reward).toEqual(a);
      expect(created.data.reward_assignment).toEqual(asgm);

      const pair: any[] = await h.sdk.loyalties.createRewardAssignments(loyalty.id, [
        { reward: b.id, parameters: { loyalty: { points: 2 } } },
        { reward: c.id },
      ] as any);
      const pairRequest = lastRequestId(h.sdk);
      expect(pair.map((x) => x.reward_id)).toEqual([b.id, c.id]);
      expect(pair[1].parameters).toBeUndefined();
      const pairEvents = await deliveredFor(h, pairRequest);
      expect(pairEvents.map((e) => e.event.entity_id).sort()).toEqual(pair.map((x) => x.id).sort());

      expect(await h.sdk.rewards.getAssignment(a.id, asgm.id)).toEqual(asgm);
      expect(await h.sdk.loyalties.getRewardAssignment(loyalty.id, pair[0].id)).toEqual(pair[0]);
      expect((await h.sdk.rewards.listAssignments(a.id)).data).toEqual([asgm]);
      const inCampaign: any = await h.sdk.loyalties.listRewardAssignments(loyalty.id);
      expect(inCampaign.total).toBe(3);

      t.clock.advance(1000);
      const repriced: any = await h.sdk.rewards.updateAssignment(a.id, {
        id: asgm.id,
        parameters: { loyalty: { points: 35 } },
      });
      expect(repriced.parameters.loyalty.points).toBe(35);
      expect(repriced.updated_at).toMatch(ISO_MS);
      const [upd] = await delivered(h, 'campaign.reward.assignment.updated', asgm.id);
      expect(upd.data.reward_assignment).toEqual(repriced);
      const viaCampaign: any = await h.sdk.loyalties.updateRewardAssignment(loyalty.id, {
        id: pair[0].id,
        parameters: { loyalty: { points: 3, auto_redeem: true } },
      } as any);
      expect(viaCampaign.parameters.loyalty).toEqual({ points: 3, auto_redeem: true });

      await h.sdk.rewards.deleteAssignment(a.id, asgm.id);
      const [del] = await delivered(h, 'campaign.reward.assignment.deleted', asgm.id);
      expect(del.data.reward_assignment).toEqual(repriced);
      await h.sdk.loyalties.deleteRewardAssignment(loyalty.id, pair[1].id);
      expect(await delivered(h, 'campaign.reward.assignment.deleted', pair[1].id)).toHaveLength(1);
      expect((await h.sdk.loyalties.listRewardAssignments(loyalty.id)).total).toBe(1);

      // A reward still assigned cannot be deleted; once unassigned it can.
      const inUse = await send(t, 'DELETE', `/v1/rewards/${b.id}`);
      expectError(inUse, 400, 'resource_in_use');
      expect(inUse.body.details).toContain(pair[0].id);
      await h.sdk.rewards.delete(a.id);
    });

    it('refuses bad assignments naming the field, writing nothing', async () => {
      const loyalty = await campaign('LOYALTY_PROGRAM');
      const coupons = await campaign('DISCOUNT_COUPONS');
      const r: any = await h.sdk.rewards.create({
        name: 'R',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const s: any = await h.sdk.rewards.create({
        name: 'S',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const first: any = await h.sdk.rewards.createAssignment(r.id, {
        campaign: loyalty.id,
        parameters: { loyalty: { points: 10, auto_redeem: true } },
      } as any);
      const before = await rowCounts(t);
      const post = (path: string, body: unknown) => send(t, 'POST', path, { body });

      const other = await post(`/v1/rewards/${s.id}/assignments`, {
        campaign: coupons.id,
        parameters: { loyalty: { points: 5 } },
      });
      expectError(other, 400, 'invalid_payload');
      expect(other.body.details).toMatch(/^campaign names campaign .* DISCOUNT_COUPONS/);

      const twice = await post(`/v1/rewards/${s.id}/assignments`, {
        campaign: loyalty.id,
        parameters: { loyalty: { points: 5, auto_redeem: true } },
      });
      expectError(twice, 400, 'invalid_payload');
      expect(twice.body.details).toContain('parameters.loyalty.auto_redeem');
      expect(twice.body.details).toContain(first.id);

      const dup = await post(`/v1/rewards/${r.id}/assignments`, {
        campaign: loyalty.id,
        parameters: { loyalty: { points: 5 } },
      });
      expectError(dup, 409, 'duplicate_found');
      expect(dup.body.resource_id).toBe(first.id);

      const noPrice = await post(`/v1/rewards/${s.id}/assignments`, { campaign: loyalty.id });
      expectError(noPrice, 400, 'missing_param');
      expect(noPrice.body.details).toBe("Parameter 'parameters.loyalty' is required");

      const unknown = await post('/v1/rewards/rew_nope/assignments', {
        campaign: loyalty.id,
        parameters: { loyalty: { points: 5 } },
      });
      expectError(unknown, 404, 'not_found');

      // The array form is all or nothing: its second item is refused, so its first is not kept either.
      const batch = await post(`/v1/loyalties/${loyalty.id}/rewards`, [
        { reward: s.id, parameters: { loyalty: { points: 1 } } },
        { reward: s.id, parameters: { loyalty: { points: 2 } } },
      ]);
      expectError(batch, 400, 'invalid_payload');
      expect(batch.body.details).toContain('[1].reward');

      const second = await send(t, 'PUT', `/v1/loyalties/${loyalty.id}/rewards/rewa_nope`, {
        body: { parameters: { loyalty: { points: 1 } } },
      });
      expectError(second, 404, 'not_found');
      expect(second.body.resource_type).toBe('reward_assignment');
      expect(await rowCounts(t)).toEqual(before);
    });
  });
}
