import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

/** A campaign body without the factory's March dates and weekdays (the tests run at any date). */
const undated = (type: string, overrides: Record<string, unknown> = {}) =>
  buildCampaign(type, {
    start_date: undefined,
    expiration_date: undefined,
    validity_day_of_week: undefined,
    ...overrides,
  });

const LOYALTY_CARD = {
  type: 'LOYALTY_CARD',
  loyalty_card: { points: 0 },
  code_config: { pattern: 'BUY-#######' },
};

for (const dialect of DIALECTS) {
  describe(`buying rewards with loyalty points through @voucherify/sdk (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    let n = 0;
    const unique = (p: string) => `${p}-${++n}-${Math.random().toString(36).slice(2, 6)}`;

    async function setup() {
      const program: any = await h.sdk.loyalties.create(
        undated('LOYALTY_PROGRAM', { voucher: LOYALTY_CARD }) as any,
      );
      const coupons: any = await h.sdk.campaigns.create(undated('DISCOUNT_COUPONS') as any);
      await t.vs.jobs.drain();
      const card: any = await h.sdk.loyalties.createMember(program.id, {
        customer: { source_id: unique('member') },
      } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 500 } as any);
      return { program, coupons, card };
    }

    const balanceOf = async (code: string) =>
      ((await send(t, 'GET', `/v1/loyalties/members/${code}`)).body as any).loyalty_card.balance;

    it('a coupon reward: points spent, a code published, customer.rewarded, redemption.succeeded, transaction.created', async () => {
      const { program, coupons, card } = await setup();
      const reward: any = await h.sdk.rewards.create({
        name: '15% off',
        parameters: { campaign: { id: coupons.id } },
        stock: 3,
      } as any);
      const [asgm]: any[] = await h.sdk.loyalties.createRewardAssignments(program.id, [
        { reward: reward.id, parameters: { loyalty: { points: 120 } } },
      ] as any);

      const r: any = await h.sdk.loyalties.redeemReward(program.id, card.code, { reward: { id: reward.id } });
      const requestId = lastRequestId(h.sdk);
      expect(r).toMatchObject({
        id: expect.stringMatching(/^r_/),
        object: 'redemption',
        amount: 120,
        result: 'SUCCESS',
        status: 'SUCCEEDED',
        customer_id: card.holder_id,
        related_object_type: 'voucher',
        related_object_id: card.id,
        voucher: { id: card.id, loyalty_card: { balance: 380 } },
        loyalty_card: { points: 120 },
        reward: {
          id: reward.id,
          object: 'reward',
          type: 'CAMPAIGN',
          assignment_id: asgm.id,
          customer: { id: card.holder_id },
          voucher: { campaign_id: coupons.id, holder_id: card.holder_id },
        },
      });
      expect(await balanceOf(card.code)).toBe(380);
      expect((await h.sdk.rewards.get(reward.id)).redeemed).toBe(1);

      const events = await deliveredFor(h, requestId);
      // The coupon campaign has no free code: it generates one (campaign.vouchers.added) and publishes it.
      expect(events.map((e) => e.type)).toEqual([
        'campaign.vouchers.added',
        'customer.rewarded',
        'publication.succeeded',
        'redemption.succeeded',
        'voucher.loyalty_card.transaction.created',
        'voucher.published',
      ]);
      const rewarded = events[1]!;
      expect(rewarded.data.customer).toMatchObject({ id: card.holder_id });
      expect(rewarded.data.voucher).toMatchObject({ id: card.id, loyalty_card: { balance: 380 } });
      expect(rewarded.data.campaign).toMatchObject({ id: program.id });
      expect(rewarded.data.redemption).toMatchObject({ id: r.id, amount: 120, result: 'SUCCESS' });
      expect(rewarded.data.reward).toMatchObject(r.reward);
      expect(rewarded.data.balance).toMatchObject({ points: -120, balance: 380 });
      expect(rewarded.data.referral_tier).toBeNull();
      const tx = events.find((e) => e.type === 'voucher.loyalty_card.transaction.created')!;
      expect(tx.data.transaction).toMatchObject({ type: 'POINTS_REDEMPTION' });
      expect(tx.data.reward).toMatchObject({ id: reward.id });
      expect(tx.data.redemption).toMatchObject({ id: r.id });

      // The rollback gives the points and the unit back.
      await h.sdk.redemptions.rollback(r.id);
      expect(await balanceOf(card.code)).toBe(500);
      expect((await h.sdk.rewards.get(reward.id)).redeemed).toBe(0);
      const refunds = await delivered(h, 'voucher.loyalty_card.transaction.created', card.id);
      expect(refunds.map((e) => e.data.transaction.type)).toContain('POINTS_REFUND');
    });

    it('pay with points: the order is paid by the points it needs, or by the points asked', async () => {
      const { program, card } = await setup();
      const coin: any = await h.sdk.rewards.create({
        name: '100 points = 20.00',
        parameters: { coin: { exchange_ratio: 20, points_ratio: 100 } },
      } as any);
      await h.sdk.rewards.createAssignment(coin.id, { campaign: program.id } as any);
      const whole: any = await send(t, 'POST', `/v1/loyalties/members/${card.code}/redemption`, {
        body: { reward: { id: coin.id }, order: { amount: 4550 } },
      });
      expect(whole.status, whole.raw).toBe(200);
      // 45.50 needs 227.5 points: 228 are taken, and pay all of it.
      expect(whole.body).toMatchObject({
        amount: 228,
        loyalty_card: { points: 228 },
        order: { status: 'PAID', amount: 4550, discount_amount: 4550, total_amount: 0 },
      });
      expect(await balanceOf(card.code)).toBe(272);
      const part: any = await h.sdk.loyalties.redeemReward(program.id, card.code, {
        reward: { id: coin.id, points: 100 },
        order: { amount: 10000 },
      } as any);
      expect(part).toMatchObject({ amount: 100, order: { discount_amount: 2000, total_amount: 8000 } });
      expect(await balanceOf(card.code)).toBe(172);
      const order = await send(t, 'GET', `/v1/orders/${part.order.id}`);
      expect(order.body).toMatchObject({ status: 'PAID', total_amount: 8000 });
    });

    it('refusals: missing_reward, missing_order, points exceeded, out of stock; nothing is spent', async () => {
      const { program, coupons, card } = await setup();
      const dear: any = await h.sdk.rewards.create({
        name: 'Dear',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const last: any = await h.sdk.rewards.create({
        name: 'Last one',
        parameters: { campaign: { id: coupons.id } },
        stock: 0,
      } as any);
      const coin: any = await h.sdk.rewards.create({
        name: 'Coin',
        parameters: { coin: { exchange_ratio: 1 } },
      } as any);
      await h.sdk.loyalties.createRewardAssignments(program.id, [
        { reward: dear.id, parameters: { loyalty: { points: 501 } } },
        { reward: last.id, parameters: { loyalty: { points: 1 } } },
        { reward: coin.id },
      ] as any);
      const before = await rowCounts(t);
      const buy = (body: unknown) =>
        send(t, 'POST', `/v1/loyalties/${program.id}/members/${card.code}/redemption`, { body });
      expectError(await buy({}), 400, 'missing_reward');
      expectError(await buy({ reward: { id: coin.id } }), 400, 'missing_order');
      expectError(await buy({ reward: { id: dear.id } }), 400, 'loyalty_card_points_exceeded');
      expectError(await buy({ reward: { id: last.id } }), 400, 'reward_out_of_stock');
      expectError(await buy({ reward: { id: 'rew_nope' } }), 404, 'not_found');
      expectError(
        await send(t, 'POST', '/v1/loyalties/members/NOPE-123/redemption', {
          body: { reward: { id: dear.id } },
        }),
        404,
        'not_found',
      );
      expect(await rowCounts(t)).toEqual(before);
      expect(await balanceOf(card.code)).toBe(500);
    });

    it('a gift-credits reward and a points reward put their balance on the member’s cards', async () => {
      const { program, card } = await setup();
      const gifts: any = await h.sdk.campaigns.create(
        undated('GIFT_VOUCHERS', { voucher: { type: 'GIFT_VOUCHER', gift: { amount: 0 } } }) as any,
      );
      const other: any = await h.sdk.loyalties.create(
        undated('LOYALTY_PROGRAM', {
          voucher: { ...LOYALTY_CARD, code_config: { pattern: 'OTH-#######' } },
        }) as any,
      );
      await t.vs.jobs.drain();
      const credits: any = await h.sdk.rewards.create({
        name: 'Ten euros',
        parameters: { campaign: { id: gifts.id, balance: 1000 } },
      } as any);
      const points: any = await h.sdk.rewards.create({
        name: '50 points elsewhere',
        parameters: { campaign: { id: other.id, balance: 50 } },
      } as any);
      await h.sdk.loyalties.createRewardAssignments(program.id, [
        { reward: credits.id, parameters: { loyalty: { points: 100 } } },
        { reward: points.id, parameters: { loyalty: { points: 10 } } },
      ] as any);
      const g: any = await h.sdk.loyalties.redeemReward(program.id, card.code, {
        reward: { id: credits.id },
      });
      expect(g.reward.voucher).toMatchObject({ type: 'GIFT_VOUCHER', gift: { balance: 1000 } });
      const types = (await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type);
      expect(types).toContain('voucher.gift.balance_added');
      const p: any = await h.sdk.loyalties.redeemReward(program.id, card.code, { reward: { id: points.id } });
      expect(p.reward.voucher).toMatchObject({
        type: 'LOYALTY_CARD',
        campaign_id: other.id,
        loyalty_card: { balance: 50 },
      });
      const ptypes = (await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type);
      expect(ptypes).toContain('voucher.loyalty_card.points_added');
      expect(await balanceOf(card.code)).toBe(390);
    });
  });
}
