import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { deliveries, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';

/** A program body without the factory's March dates and weekdays (the tests run at any date). */
const program = () =>
  buildCampaign('LOYALTY_PROGRAM', {
    start_date: null,
    expiration_date: null,
    validity_day_of_week: null,
    voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 }, code_config: { pattern: 'PL-######' } },
  });

const undated = (type: string) =>
  buildCampaign(type, { start_date: undefined, expiration_date: undefined, validity_day_of_week: undefined });

for (const dialect of DIALECTS) {
  describe(`the lists of a loyalty program, its members and its tiers (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    let n = 0;
    const unique = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 6)}`;
    const ok = async (method: 'GET' | 'POST', url: string, body?: unknown) => {
      const r = await send(t, method, url, body === undefined ? {} : { body });
      expect(r.status, `${method} ${url}: ${r.raw.slice(0, 400)}`).toBe(200);
      return r.body as any;
    };
    const member = async (campaignId: string) =>
      (await h.sdk.loyalties.createMember(campaignId, {
        customer: { source_id: unique('m') },
      } as any)) as any;

    /** Nothing is written by a read: the counts of every table before and after. */
    async function writesNothing(work: () => Promise<unknown>) {
      const before = await rowCounts(t);
      await work();
      expect(await rowCounts(t)).toEqual(before);
    }

    it('GET /v1/loyalties/{campaignId}/transactions: every card of the program, newest first, cursor-paged', async () => {
      const campaign: any = await h.sdk.loyalties.create(program() as any);
      const other: any = await h.sdk.loyalties.create(program() as any);
      const [a, b, elsewhere] = [
        await member(campaign.id),
        await member(campaign.id),
        await member(other.id),
      ];
      // One millisecond for all of them: a card's own movements keep their order within it.
      await h.sdk.loyalties.addOrRemoveCardBalance(a.code, { points: 100 } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(b.code, { points: 40 } as any);
      t.clock.advance(1000);
      await h.sdk.loyalties.addOrRemoveCardBalance(a.code, { points: -30 } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(a.code, { points: 5 } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(elsewhere.code, { points: 7 } as any);

      const all = await ok('GET', `/v1/loyalties/${campaign.id}/transactions?limit=100`);
      expect(schemaErrors('loyalties.json', 'LoyaltiesTransactionsListResponseBody', all)).toBeNull();
      expect(all).toMatchObject({ object: 'list', data_ref: 'data', total: 4, has_more: false });
      expect(all.more_starting_after).toBeUndefined();
      expect(all.data.map((x: any) => [x.voucher_id, x.details.balance.points])).toEqual([
        [a.id, 5],
        [a.id, -30],
        ...[
          [a.id, 100],
          [b.id, 40],
        ].sort(([x], [y]) => (x! < y! ? 1 : -1)),
      ]);
      expect(all.data.every((x: any) => x.campaign_id === campaign.id)).toBe(true);
      // A card's own list holds the same objects.
      const own = await ok('GET', `/v1/loyalties/members/${a.code}/transactions`);
      expect(all.data.filter((x: any) => x.voucher_id === a.id)).toEqual(own.data);

      // Pages of 2 walk the same list; `order=id` walks it oldest first.
      const first = await ok('GET', `/v1/loyalties/${campaign.id}/transactions?limit=2`);
      expect(first).toMatchObject({ has_more: true, more_starting_after: all.data[1].id, total: 4 });
      const second = await ok(
        'GET',
        `/v1/loyalties/${campaign.id}/transactions?limit=2&starting_after_id=${first.more_starting_after}`,
      );
      expect([...first.data, ...second.data]).toEqual(all.data);
      expect(second.has_more).toBe(false);
      const oldest = await ok('GET', `/v1/loyalties/${campaign.name}/transactions?order=id&limit=100`);
      expect(oldest.data).toEqual([...all.data].reverse());
      const empty = await ok(
        'GET',
        `/v1/loyalties/${(await h.sdk.loyalties.create(program() as any)).id}/transactions`,
      );
      expect(empty).toEqual({ object: 'list', data_ref: 'data', data: [], total: 0, has_more: false });
    });

    it('the program transactions list refuses what it cannot read, writing nothing', async () => {
      const campaign: any = await h.sdk.loyalties.create(program() as any);
      const coupons: any = await h.sdk.campaigns.create(undated('DISCOUNT_COUPONS') as any);
      const elsewhere = await member((await h.sdk.loyalties.create(program() as any)).id);
      await h.sdk.loyalties.addOrRemoveCardBalance(elsewhere.code, { points: 3 } as any);
      const foreign = (await ok('GET', `/v1/loyalties/members/${elsewhere.code}/transactions`)).data[0].id;
      await writesNothing(async () => {
        const base = `/v1/loyalties/${campaign.id}/transactions`;
        expectError(
          await send(t, 'GET', '/v1/loyalties/camp_nope/transactions'),
          404,
          'not_found',
          /camp_nope/,
        );
        expectError(await send(t, 'GET', `/v1/loyalties/${coupons.id}/transactions`), 400, 'invalid_payload');
        for (const q of ['limit=0', 'limit=101', 'limit=x', 'order=created_at'])
          expectError(await send(t, 'GET', `${base}?${q}`), 400, 'invalid_query_params');
        expectError(
          await send(t, 'GET', `${base}?starting_after_id=${foreign}`),
          400,
          'invalid_query_params',
          /starting_after_id/,
        );
      });
    });

    it('GET /v1/loyalties/members/{memberId}/rewards: the program rewards with their price, affordable_only by balance', async () => {
      const campaign: any = await h.sdk.loyalties.create(program() as any);
      const coupons: any = await h.sdk.campaigns.create(undated('DISCOUNT_COUPONS') as any);
      await t.vs.jobs.drain();
      const cheap: any = await h.sdk.rewards.create({
        name: 'Cheap',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const dear: any = await h.sdk.rewards.create({
        name: 'Dear',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const coin: any = await h.sdk.rewards.create({
        name: 'Pay with points',
        parameters: { coin: { exchange_ratio: 1, points_ratio: 10 } },
      } as any);
      const unassigned: any = await h.sdk.rewards.create({
        name: 'Elsewhere',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const [c, d, k] = (await h.sdk.loyalties.createRewardAssignments(campaign.id, [
        { reward: cheap.id, parameters: { loyalty: { points: 50 } } },
        { reward: dear.id, parameters: { loyalty: { points: 500 } } },
        { reward: coin.id },
      ] as any)) as any[];
      const card = await member(campaign.id);

      const all: any = await h.sdk.loyalties.listMemberRewards(card.code);
      expect(schemaErrors('loyalties.json', 'LoyaltiesMembersRewardsListResponseBody', all)).toBeNull();
      expect(all).toMatchObject({ object: 'list', data_ref: 'data', total: 3 });
      expect(all.data.map((x: any) => x.assignment.id).sort()).toEqual([c.id, d.id, k.id].sort());
      const cheapEntry = all.data.find((x: any) => x.reward.id === cheap.id);
      expect(cheapEntry).toEqual({
        reward: await ok('GET', `/v1/rewards/${cheap.id}`),
        assignment: await ok('GET', `/v1/loyalties/${campaign.id}/rewards/${c.id}`),
        object: 'loyalty_reward',
      });
      expect(all.data.map((x: any) => x.reward.id)).not.toContain(unassigned.id);

      const affordable = async () =>
        ((await h.sdk.loyalties.listMemberRewards(card.code, { affordable_only: true })) as any).data
          .map((x: any) => x.reward.name)
          .sort();
      expect(await affordable()).toEqual([]);
      await h.sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 50 } as any);
      expect(await affordable()).toEqual(['Cheap', 'Pay with points']);
      await h.sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 450 } as any);
      expect(await affordable()).toEqual(['Cheap', 'Dear', 'Pay with points']);
      const paged = await ok(
        'GET',
        `/v1/loyalties/members/${card.code}/rewards?affordable_only=false&limit=2&page=2`,
      );
      expect(paged).toMatchObject({ total: 3, data: [expect.anything()] });

      await writesNothing(async () => {
        expectError(await send(t, 'GET', '/v1/loyalties/members/NOPE-1/rewards'), 404, 'not_found', /NOPE-1/);
        for (const q of ['limit=0', 'page=0', 'affordable_only=maybe'])
          expectError(
            await send(t, 'GET', `/v1/loyalties/members/${card.code}/rewards?${q}`),
            400,
            'invalid_query_params',
          );
      });
    });

    it('a tier: its earning rules with its mappings applied, and its rewards', async () => {
      const campaign: any = await h.sdk.loyalties.create(program() as any);
      const rules = (await h.sdk.loyalties.createEarningRule(campaign.id, [
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 7 }, source: { banner: 'fixed' } },
        {
          event: 'order.paid',
          loyalty: {
            type: 'PROPORTIONAL',
            calculation_type: 'ORDER_AMOUNT',
            order: { amount: { every: 1000, points: 3 } },
          },
          source: { banner: 'proportional' },
        },
        {
          event: 'order.paid',
          loyalty: {
            type: 'PROPORTIONAL',
            calculation_type: 'ORDER_AMOUNT',
            order: { amount: { every: 1000, points: 1 } },
          },
          source: { banner: 'half steps' },
        },
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 2 }, source: { banner: 'custom' } },
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 4 }, source: { banner: 'plain' } },
      ] as any)) as any[];
      const [fixed, proportional, halves, custom, plain] = rules;
      const [gold, silver] = (await h.sdk.loyalties.createTiers(campaign.id, [
        {
          name: 'Gold',
          points: { from: 100 },
          earning_rules: {
            [fixed.id]: { type: 'MULTIPLY', multiplier: 1.5 },
            [proportional.id]: { type: 'MULTIPLY', multiplier: 2 },
            [halves.id]: { type: 'MULTIPLY', multiplier: 1.5 },
            [custom.id]: { type: 'CUSTOM', points: 40 },
          },
        },
        { name: 'Silver', points: { from: 0, to: 99 } },
      ] as any)) as any[];

      const list: any = await h.sdk.loyalties.listLoyaltyTierEarningRules(campaign.id, gold.id);
      expect(schemaErrors('loyalties.json', 'LoyaltiesTiersEarningRulesListResponseBody', list)).toBeNull();
      expect(list).toMatchObject({ object: 'list', data_ref: 'data', total: 5 });
      const byId = new Map<string, any>(list.data.map((r: any) => [r.id, r]));
      expect(byId.get(fixed.id)).toMatchObject({
        loyalty: { type: 'FIXED', points: 10 },
        mapping: { type: 'MULTIPLY', multiplier: 1.5 },
      });
      expect(byId.get(proportional.id).loyalty).toEqual({
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 6 } },
      });
      // 1.5 points per step is no integer: the step stays, the mapping says the multiplier.
      expect(byId.get(halves.id)).toMatchObject({
        loyalty: { order: { amount: { every: 1000, points: 1 } } },
        mapping: { type: 'MULTIPLY', multiplier: 1.5 },
      });
      expect(byId.get(custom.id).loyalty).toEqual({ type: 'FIXED', points: 40 });
      expect(byId.get(plain.id)).toEqual(
        await ok('GET', `/v1/loyalties/${campaign.id}/earning-rules/${plain.id}`),
      );
      const unmapped: any = await h.sdk.loyalties.listLoyaltyTierEarningRules(campaign.id, silver.id);
      expect(unmapped.data).toEqual(
        (await ok('GET', `/v1/loyalties/${campaign.id}/earning-rules?limit=100`)).data,
      );
      const page = await ok(
        'GET',
        `/v1/loyalties/${campaign.id}/tiers/${gold.id}/earning-rules?limit=3&page=2`,
      );
      expect(page).toMatchObject({ total: 5, data: [expect.anything(), expect.anything()] });

      // What the table says is what a member of the tier earns: 12.00 paid at Gold.
      const card = await member(campaign.id);
      await h.sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 100 } as any);
      await h.sdk.orders.create({ status: 'PAID', amount: 1200, customer: { id: card.holder_id } } as any);
      const txs = await ok('GET', `/v1/loyalties/members/${card.code}/transactions?limit=100`);
      const earned = txs.data
        .filter((x: any) => x.type === 'POINTS_ACCRUAL')
        .map((x: any) => x.details.balance.points);
      expect(earned.sort((x: number, y: number) => x - y)).toEqual([1, 4, 6, 10, 40]);

      const coupons: any = await h.sdk.campaigns.create(undated('DISCOUNT_COUPONS') as any);
      await t.vs.jobs.drain();
      const reward: any = await h.sdk.rewards.create({
        name: 'Tier reward',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const [asgm] = (await h.sdk.loyalties.createRewardAssignments(campaign.id, [
        { reward: reward.id, parameters: { loyalty: { points: 30 } } },
      ] as any)) as any[];
      const tierRewards: any = await h.sdk.loyalties.listLoyaltyTierRewards(campaign.id, gold.id);
      expect(schemaErrors('loyalties.json', 'LoyaltiesTiersRewardsListResponseBody', tierRewards)).toBeNull();
      expect(tierRewards).toEqual({
        object: 'list',
        data_ref: 'data',
        data: [
          {
            reward: await ok('GET', `/v1/rewards/${reward.id}`),
            assignment: await ok('GET', `/v1/loyalties/${campaign.id}/rewards/${asgm.id}`),
            object: 'loyalty_tier_reward',
          },
        ],
        total: 1,
      });

      const other: any = await h.sdk.loyalties.create(program() as any);
      await writesNothing(async () => {
        for (const tail of ['earning-rules', 'rewards']) {
          expectError(
            await send(t, 'GET', `/v1/loyalties/camp_nope/tiers/${gold.id}/${tail}`),
            404,
            'not_found',
          );
          expectError(
            await send(t, 'GET', `/v1/loyalties/${campaign.id}/tiers/ltr_nope/${tail}`),
            404,
            'not_found',
          );
          expectError(
            await send(t, 'GET', `/v1/loyalties/${other.id}/tiers/${gold.id}/${tail}`),
            404,
            'not_found',
          );
        }
        expectError(
          await send(t, 'GET', `/v1/loyalties/${campaign.id}/tiers/${gold.id}/earning-rules?limit=0`),
          400,
          'invalid_query_params',
        );
      });
    });

    it('fires none of the events: reading the lists delivers nothing', async () => {
      const before = (await deliveries(h)).length;
      const campaign: any = await h.sdk.loyalties.create(program() as any);
      const card = await member(campaign.id);
      const after = (await deliveries(h)).length;
      await ok('GET', `/v1/loyalties/${campaign.id}/transactions`);
      await ok('GET', `/v1/loyalties/${campaign.id}/pending-points`);
      await ok('GET', `/v1/loyalties/${campaign.id}/members/${card.code}/pending-points`);
      await ok('GET', `/v1/loyalties/members/${card.code}/rewards?affordable_only=true`);
      expect(after).toBeGreaterThan(before);
      expect((await deliveries(h)).length).toBe(after);
    });
  });
}
