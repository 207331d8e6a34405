import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

/**
 * The earning rules of `customer.loyalty.tier.*` apply whatever moved the member's points into or out of a
 * tier: a balance change (add or remove), a transfer, an expiration, a pending-points activation, and an
 * accrual whose points set off a chain of tier changes (at most three of them apply their rules).
 */

const DAY = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

const EVENTS = [
  'customer.rewarded.loyalty_points',
  'voucher.loyalty_card.transaction.created',
  'voucher.loyalty_card.points_added',
  'voucher.loyalty_card.points_expired',
  'voucher.loyalty_card.pending_points.added',
  'voucher.loyalty_card.pending_points.activated',
];

const TIERS = [
  { name: 'Bronze', points: { from: 0, to: 99 } },
  { name: 'Silver', points: { from: 100, to: 999 } },
  { name: 'Gold', points: { from: 1000 } },
];

const tierRule = (
  event: string,
  tier: { id: string },
  points: number,
  extra: Record<string, unknown> = {},
) => ({
  event: `customer.loyalty.tier.${event}`,
  loyalty_tier: { id: tier.id },
  loyalty: { type: 'FIXED', points },
  ...extra,
});

for (const dialect of DIALECTS) {
  describe(`tier rules on every points movement (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    let seq = 0;
    /** A program with the tiers (Bronze, Silver, Gold unless told), and the rules `rulesOf(tiers)` makes. */
    const program = async (
      rulesOf: (tiers: Record<string, any>) => Record<string, unknown>[],
      tierInput: Record<string, unknown>[] = TIERS,
    ) => {
      const campaign: any = await h.sdk.loyalties.create(
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
          voucher: {
            type: 'LOYALTY_CARD',
            loyalty_card: { points: 0 },
            code_config: { pattern: 'TT-######' },
          },
        }) as any,
      );
      const created: any[] = await h.sdk.loyalties.createTiers(campaign.id, tierInput as any);
      const tiers = Object.fromEntries(created.map((tier) => [tier.name, tier]));
      const rules: any[] = await h.sdk.loyalties.createEarningRule(campaign.id, rulesOf(tiers) as any);
      return { campaign, tiers, rules };
    };
    /** A new customer's card of the program (its `customer` is the customer's reference). */
    const member = async (campaignId: string, metadata?: Record<string, unknown>) => {
      const customer = { source_id: `tt-${++seq}-${Math.random().toString(36).slice(2, 8)}` };
      if (metadata) await h.sdk.customers.create({ ...customer, metadata } as any);
      const m: any = await h.sdk.loyalties.createMember(campaignId, { customer } as any);
      return { ...m, customer };
    };
    const card = async (code: string) => ((await h.sdk.loyalties.getMember(null, code)) as any).loyalty_card;
    const transactions = async (code: string) =>
      ((await h.sdk.loyalties.listCardTransactions(code, null, { order: 'id' } as any)) as any).data as any[];
    const rewardedOf = (events: any[]) => events.filter((e) => e.type === 'customer.rewarded.loyalty_points');

    it('a balance addition into a tier applies its joined and upgraded rules, with their transactions and events', async () => {
      const { campaign, rules, tiers } = await program((tiers) => [
        tierRule('joined', tiers.Silver, 10),
        tierRule('upgraded', tiers.Silver, 20),
        tierRule('left', tiers.Bronze, 1),
        // Another tier's rules, and a downgrade: none applies.
        tierRule('joined', tiers.Gold, 1000),
        tierRule('downgraded', tiers.Silver, 1000),
      ]);
      const m = await member(campaign.id);
      const answer: any = await h.sdk.loyalties.addOrRemoveCardBalance(m.code, { points: 100 } as any);
      const requestId = lastRequestId(h.sdk);
      // The answer is the addition's own balance; the rules' points come after it.
      expect(answer).toMatchObject({ points: 100, balance: 100 });
      expect(await card(m.code)).toMatchObject({ points: 131, balance: 131 });

      const list = await transactions(m.code);
      expect(list.map((x) => [x.type, x.details.balance.points, x.details.balance.balance])).toEqual([
        ['POINTS_ADDITION', 100, 100],
        ['POINTS_ACCRUAL', 1, 101],
        ['POINTS_ACCRUAL', 10, 111],
        ['POINTS_ACCRUAL', 20, 131],
      ]);
      expect(list.slice(1).map((x) => [x.details.earning_rule.id, x.details.event.type])).toEqual([
        [rules[2].id, 'customer.loyalty.tier.left'],
        [rules[0].id, 'customer.loyalty.tier.joined'],
        [rules[1].id, 'customer.loyalty.tier.upgraded'],
      ]);

      const events = await deliveredFor(h, requestId);
      expect(events.map((e) => e.type)).toEqual([
        'customer.rewarded.loyalty_points',
        'customer.rewarded.loyalty_points',
        'customer.rewarded.loyalty_points',
        'voucher.loyalty_card.points_added',
        'voucher.loyalty_card.transaction.created',
        'voucher.loyalty_card.transaction.created',
        'voucher.loyalty_card.transaction.created',
        'voucher.loyalty_card.transaction.created',
      ]);
      const joined = rewardedOf(events).find((e) => e.data.earning_rule.id === rules[0].id);
      expect(joined.data).toMatchObject({
        customer: { id: m.holder_id },
        voucher: { id: m.id },
        balance: { points: 10, balance: 111, operation_type: 'AUTOMATIC' },
        event: { type: 'customer.loyalty.tier.joined', group_id: requestId },
        order: null,
      });
      const accruals = events.filter(
        (e) =>
          e.type === 'voucher.loyalty_card.transaction.created' &&
          e.data.transaction.type === 'POINTS_ACCRUAL',
      );
      expect(accruals.map((e) => e.data.earning_rule.id).sort()).toEqual(
        [rules[0].id, rules[1].id, rules[2].id].sort(),
      );
      expect(accruals.map((e) => e.data.holder_loyalty_tier.id)).toEqual([
        tiers.Silver.id,
        tiers.Silver.id,
        tiers.Silver.id,
      ]);
    });

    it('a removal out of a tier applies the downgraded rule of the new tier', async () => {
      const { campaign, rules, tiers } = await program((tiers) => [
        tierRule('downgraded', tiers.Bronze, 5),
        tierRule('left', tiers.Silver, 2),
      ]);
      const m = await member(campaign.id);
      await h.sdk.loyalties.addOrRemoveCardBalance(m.code, { points: 150 } as any);
      expect(await card(m.code)).toMatchObject({ balance: 150 });
      await h.sdk.loyalties.addOrRemoveCardBalance(m.code, { points: -100 } as any);
      const requestId = lastRequestId(h.sdk);
      expect(await card(m.code)).toMatchObject({ balance: 57, points: 57 });
      const list = await transactions(m.code);
      expect(list.map((x) => [x.type, x.details.balance.points])).toEqual([
        ['POINTS_ADDITION', 150],
        ['POINTS_REMOVAL', -100],
        ['POINTS_ACCRUAL', 2],
        ['POINTS_ACCRUAL', 5],
      ]);
      const rewarded = rewardedOf(await deliveredFor(h, requestId));
      expect(rewarded.map((e) => [e.data.earning_rule.id, e.data.event.type]).sort()).toEqual(
        [
          [rules[0].id, 'customer.loyalty.tier.downgraded'],
          [rules[1].id, 'customer.loyalty.tier.left'],
        ].sort(),
      );
      expect(rewarded.find((e) => e.data.earning_rule.id === rules[0].id).data.loyalty_tier).toMatchObject({
        id: tiers.Bronze.id,
      });
    });

    it('a transfer applies the rules of the target it upgrades and of the source it downgrades', async () => {
      const { campaign, rules } = await program((tiers) => [
        tierRule('upgraded', tiers.Silver, 7),
        tierRule('downgraded', tiers.Bronze, 3),
      ]);
      const campaignId = campaign.id;
      const [source, target] = [await member(campaignId), await member(campaignId)];
      await h.sdk.loyalties.addOrRemoveCardBalance(source.code, { points: 150 } as any);
      expect(await card(source.code)).toMatchObject({ balance: 157 });

      const answer: any = await h.sdk.loyalties.transferPoints(campaignId, target.code, [
        { code: source.code, points: 100, source_id: 'tt-merge', reason: 'merge' },
      ] as any);
      const requestId = lastRequestId(h.sdk);
      // The answer is the target after everything the transfer set off.
      expect(answer.loyalty_card).toMatchObject({ balance: 107 });
      expect(await card(target.code)).toMatchObject({ balance: 107, points: 107 });
      expect(await card(source.code)).toMatchObject({ balance: 60 });
      expect((await transactions(target.code)).map((x) => [x.type, x.details.balance.points])).toEqual([
        ['POINTS_TRANSFER_IN', 100],
        ['POINTS_ACCRUAL', 7],
      ]);
      expect((await transactions(source.code)).map((x) => [x.type, x.details.balance.points])).toEqual([
        ['POINTS_ADDITION', 150],
        ['POINTS_ACCRUAL', 7],
        ['POINTS_TRANSFER_OUT', -100],
        ['POINTS_ACCRUAL', 3],
      ]);
      const rewarded = rewardedOf(await deliveredFor(h, requestId));
      expect(rewarded.map((e) => [e.data.voucher.id, e.data.earning_rule.id]).sort()).toEqual(
        [
          [target.id, rules[0].id],
          [source.id, rules[1].id],
        ].sort(),
      );
    });

    it('an expiration (clock and job) that downgrades applies the rule, with channel INTERNAL', async () => {
      const { campaign, rules, tiers } = await program((tiers) => [tierRule('downgraded', tiers.Bronze, 3)]);
      const m = await member(campaign.id);
      const today = Math.floor(t.clock.now() / DAY) * DAY;
      await h.sdk.loyalties.addOrRemoveCardBalance(m.code, {
        points: 80,
        expiration_type: 'NON_EXPIRING',
      } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(m.code, {
        points: 50,
        expiration_type: 'CUSTOM_DATE',
        expiration_date: dayString(today + DAY),
      } as any);
      const soonRequest = lastRequestId(h.sdk);
      t.clock.set(today + 2 * DAY + 60_000);
      await t.vs.jobs.drain();
      expect(await card(m.code)).toMatchObject({ balance: 83, expired_points: 50 });
      expect((await transactions(m.code)).map((x) => [x.type, x.details.balance.points])).toEqual([
        ['POINTS_ADDITION', 80],
        ['POINTS_ADDITION', 50],
        ['POINTS_EXPIRATION', -50],
        ['POINTS_ACCRUAL', 3],
      ]);
      const [rewarded, ...more] = (await delivered(h, 'customer.rewarded.loyalty_points')).filter(
        (e) => e.data.voucher.id === m.id,
      );
      expect(more).toEqual([]);
      expect(rewarded.data).toMatchObject({
        earning_rule: { id: rules[0].id },
        loyalty_tier: { id: tiers.Bronze.id },
        balance: { points: 3, balance: 83 },
        event: { type: 'customer.loyalty.tier.downgraded', group_id: soonRequest },
      });
      expect(rewarded.event.event_source).toEqual({ channel: 'INTERNAL', user: null, api_key: null });
      // The job runs again: nothing more expires, nothing more accrues.
      await t.vs.jobs.drain();
      expect(await card(m.code)).toMatchObject({ balance: 83 });
    });

    it('a pending-points activation (route and job) that upgrades applies the rule', async () => {
      const { campaign, rules } = await program((tiers) => [
        {
          event: 'order.paid',
          loyalty: { type: 'FIXED', points: 100 },
          pending_points: { period_type: 'DAY', period_value: 1 },
        },
        tierRule('upgraded', tiers.Silver, 9),
      ]);
      const campaignId = campaign.id;
      const paid = async () => {
        const m = await member(campaignId);
        await h.sdk.orders.create({ status: 'PAID', customer: m.customer, amount: 1000 } as any);
        expect(await card(m.code)).toMatchObject({ balance: 0, pending_points: 100 });
        return m;
      };
      const byRoute = await paid();
      const byJob = await paid();

      const base = `/v1/loyalties/members/${byRoute.code}/pending-points`;
      const [entry] = (await send(t, 'GET', base)).body.data;
      const activated = await send(t, 'POST', `${base}/${entry.id}/activate`, { body: {} });
      expect(activated.status, activated.raw).toBe(200);
      expect(await card(byRoute.code)).toMatchObject({ balance: 109, pending_points: 0 });

      t.clock.advance(2 * DAY);
      await t.vs.jobs.drain();
      expect(await card(byJob.code)).toMatchObject({ balance: 109, pending_points: 0 });
      for (const m of [byRoute, byJob])
        expect((await transactions(m.code)).map((x) => [x.type, x.details.balance.points])).toEqual([
          ['PENDING_POINTS_ACTIVATION', 100],
          ['POINTS_ACCRUAL', 9],
        ]);
      const [rewarded] = (await delivered(h, 'customer.rewarded.loyalty_points')).filter(
        (e) => e.data.voucher.id === byJob.id,
      );
      expect(rewarded.data).toMatchObject({
        earning_rule: { id: rules[1].id },
        event: { type: 'customer.loyalty.tier.upgraded' },
      });
      expect(rewarded.event.event_source.channel).toBe('INTERNAL');
    });

    it('a tier rule whose validation rule fails accrues nothing', async () => {
      const vip = await h.sdk.validationRules.create(
        buildRule({
          rules: {
            '1': { name: 'customer.metadata', property: 'vip', conditions: { $is: ['yes'] } },
            logic: '1',
          },
        }) as any,
      );
      const { campaign } = await program((tiers) => [
        tierRule('joined', tiers.Silver, 50, { validation_rule_id: vip.id }),
      ]);
      const plain = await member(campaign.id);
      const vipMember = await member(campaign.id, { vip: 'yes' });
      for (const m of [plain, vipMember])
        await h.sdk.loyalties.addOrRemoveCardBalance(m.code, { points: 100 } as any);
      expect(await card(plain.code)).toMatchObject({ balance: 100 });
      expect((await transactions(plain.code)).map((x) => x.type)).toEqual(['POINTS_ADDITION']);
      expect(await card(vipMember.code)).toMatchObject({ balance: 150 });
    });

    it('tier changes set off by tier rules apply their rules at most three in a row', async () => {
      const steps = [0, 1, 2, 3, 4].map((i) => ({
        name: `T${i}`,
        points: { from: i * 10, ...(i < 4 ? { to: i * 10 + 9 } : {}) },
      }));
      // Each tier's joined rule lifts the member into the next tier; a paid order earns 10 points.
      const { campaign } = await program(
        (tiers) => [
          { event: 'order.paid', loyalty: { type: 'FIXED', points: 10 } },
          ...steps.map((s) => tierRule('joined', tiers[s.name], 10)),
        ],
        steps,
      );
      const m = await member(campaign.id);
      await h.sdk.loyalties.addOrRemoveCardBalance(m.code, { points: 10 } as any);
      // T1's rule (the change the addition made), then T2's and T3's; T4's is a fourth change in a row.
      expect(await card(m.code)).toMatchObject({ balance: 40 });
      expect((await transactions(m.code)).map((x) => x.type)).toEqual([
        'POINTS_ADDITION',
        'POINTS_ACCRUAL',
        'POINTS_ACCRUAL',
        'POINTS_ACCRUAL',
      ]);
      // An accrual that changes the tier starts the same chain, bounded the same way.
      const buyer = await member(campaign.id);
      await h.sdk.orders.create({ status: 'PAID', customer: buyer.customer, amount: 1000 } as any);
      expect(await card(buyer.code)).toMatchObject({ balance: 40 });
      expect(
        (await transactions(buyer.code)).map((x) => [x.details.event.type, x.details.balance.balance]),
      ).toEqual([
        ['customer.order.paid', 10],
        ['customer.loyalty.tier.joined', 20],
        ['customer.loyalty.tier.joined', 30],
        ['customer.loyalty.tier.joined', 40],
      ]);
    });
  });
}
