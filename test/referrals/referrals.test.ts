import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { ISO_MS } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

const TIER_EVENTS = [
  'campaign.referral_tier.created',
  'campaign.referral_tier.updated',
  'campaign.referral_tier.deleted',
];
const EVENTS = [
  ...TIER_EVENTS,
  'customer.rewarded',
  'redemption.succeeded',
  'redemption.failed',
  'publication.succeeded',
  'voucher.published',
  'voucher.gift.transaction.created',
  'voucher.gift.balance_added',
];

/** A campaign body without the factory's March dates and weekdays (the tests run at any date). */
const undated = (type: string, overrides: Record<string, unknown> = {}) =>
  buildCampaign(type, {
    start_date: undefined,
    expiration_date: undefined,
    validity_day_of_week: undefined,
    ...overrides,
  });

const ORDER = { amount: 10000, items: [{ source_id: 'sku-1', quantity: 1, price: 10000, amount: 10000 }] };

for (const dialect of DIALECTS) {
  describe(`referral programs: tiers, referrers rewarded, holders (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    const campaign = async (type: string, overrides: Record<string, unknown> = {}) => {
      const c: any = await h.sdk.campaigns.create(undated(type, overrides) as any);
      await t.vs.jobs.drain();
      return c;
    };
    const customer = (tag: string) => ({ source_id: `${tag}-${Math.random().toString(36).slice(2, 8)}` });

    /** A referral program, a coupon reward, and a referral code published to a new referrer. */
    async function program() {
      const referral = await campaign('REFERRAL_PROGRAM');
      const coupons = await campaign('DISCOUNT_COUPONS');
      const reward: any = await h.sdk.rewards.create({
        name: 'A coupon for the referrer',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const referrer = customer('referrer');
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: referral.name },
        customer: referrer,
      } as any);
      return {
        referral,
        coupons,
        reward,
        referrer,
        code: pub.voucher.code as string,
        referrerId: pub.customer_id,
      };
    }

    const tier = async (campaignId: string, body: unknown) =>
      send(t, 'POST', `/v1/referrals/${campaignId}/tiers`, { body });

    const redeem = (code: string, who: { source_id: string }, source?: string) =>
      h.sdk.redemptions.redeemStackable({
        redeemables: [{ object: 'voucher', id: code }],
        customer: who,
        order: { ...ORDER, ...(source ? { source_id: source } : {}) },
      } as any) as Promise<any>;

    it('creates, lists, reads, updates and deletes referral tiers, each with its event', async () => {
      const { referral, reward } = await program();
      const made = await tier(referral.id, {
        banner: 'Bring two friends',
        criteria: { type: 'MIN_REFEREES', min_referees: 2 },
        rewards: [{ id: reward.id }],
      });
      expect(made.status).toBe(200);
      const created = made.body;
      expect(created).toEqual({
        id: expect.stringMatching(/^reft_/),
        campaign_id: referral.id,
        banner: 'Bring two friends',
        parameters: { event_type: 'redemption', segment: null, custom_event: null, distribution: null },
        criteria: { type: 'MIN_REFEREES', min_referees: 2 },
        rewards: [{ id: reward.id }],
        metadata: {},
        created_at: expect.stringMatching(ISO_MS),
        updated_at: null,
        object: 'referral_tier',
      });
      const [ev] = await deliveredFor(h, made.headers['x-request-id'] as string);
      expect(ev.type).toBe('campaign.referral_tier.created');
      expect(ev.data.campaign).toMatchObject({ id: referral.id, campaign_type: 'REFERRAL_PROGRAM' });
      expect(ev.data.referral_tier).toEqual(created);

      const list = await send(t, 'GET', `/v1/referrals/${referral.id}/tiers`);
      expect(list.body).toEqual({ object: 'list', data_ref: 'data', data: [created], total: 1 });
      expect((await send(t, 'GET', `/v1/referrals/${referral.id}/tiers/${created.id}`)).body).toEqual(
        created,
      );

      t.clock.advance(1000);
      const put = await send(t, 'PUT', `/v1/referrals/${referral.id}/tiers/${created.id}`, {
        body: { criteria: { type: 'EACH_REFEREE' }, banner: 'Every friend counts' },
      });
      expect(put.body).toMatchObject({
        banner: 'Every friend counts',
        criteria: { type: 'EACH_REFEREE', min_referees: null },
        updated_at: expect.stringMatching(ISO_MS),
      });
      const [upd] = await delivered(h, 'campaign.referral_tier.updated', created.id);
      expect(upd.data.referral_tier).toEqual(put.body);

      const del = await send(t, 'DELETE', `/v1/referrals/${referral.id}/tiers/${created.id}`);
      expect(del.status).toBe(204);
      const [gone] = await delivered(h, 'campaign.referral_tier.deleted', created.id);
      expect(gone.data.referral_tier).toEqual(put.body);
      expectError(await send(t, 'GET', `/v1/referrals/${referral.id}/tiers/${created.id}`), 404, 'not_found');
    });

    it('refuses bad tiers naming the field, writing nothing', async () => {
      const { referral, coupons, reward } = await program();
      const coin: any = await h.sdk.rewards.create({
        name: 'Coin',
        parameters: { coin: { exchange_ratio: 1 } },
      } as any);
      const before = await rowCounts(t);
      const each = { type: 'EACH_REFEREE' };
      expectError(
        await tier(referral.id, { criteria: each, rewards: [] }),
        400,
        'invalid_payload',
        /rewards must list/,
      );
      expectError(
        await tier(coupons.id, { criteria: each, rewards: [{ id: reward.id }] }),
        400,
        'invalid_payload',
        /^campaignId names campaign .* DISCOUNT_COUPONS/,
      );
      expectError(
        await tier(referral.id, { criteria: each, rewards: [{ id: 'rew_nope' }] }),
        404,
        'not_found',
        {
          details: /^rewards\[0\]\.id/,
          resource_type: 'reward',
        },
      );
      expectError(
        await tier(referral.id, { criteria: each, rewards: [{ id: coin.id }] }),
        400,
        'invalid_payload',
        /rewards\[0\]\.id .* COIN/,
      );
      expectError(
        await tier(referral.id, { criteria: { type: 'MIN_REFEREES' }, rewards: [{ id: reward.id }] }),
        400,
        'invalid_payload',
        /criteria.min_referees/,
      );
      expectError(
        await tier(referral.id, {
          criteria: each,
          rewards: [{ id: reward.id }],
          parameters: { segment: { id: 'seg_nope' } },
        }),
        404,
        'not_found',
        { details: /^parameters\.segment\.id/ },
      );
      expectError(
        await tier('camp_nope', { criteria: each, rewards: [{ id: reward.id }] }),
        404,
        'not_found',
      );
      expect(await rowCounts(t)).toEqual(before);
    });

    it('a referrer, three referees, a tier after two: exactly one reward, at the second referee', async () => {
      const { referral, coupons, reward, referrer, code, referrerId } = await program();
      const made = await tier(referral.id, {
        criteria: { type: 'MIN_REFEREES', min_referees: 2 },
        rewards: [{ id: reward.id }],
      });
      const tierId = made.body.id;
      const referees = [customer('referee-a'), customer('referee-b'), customer('referee-c')];

      const first = await redeem(code, referees[0]!, `ord-${code}-a`);
      const firstRequest = lastRequestId(h.sdk);
      const r = first.redemptions[0];
      expect(r.referrer).toMatchObject({ id: referrerId, source_id: referrer.source_id, object: 'customer' });
      expect(r.order.referrer_id).toBe(referrerId);
      expect((await deliveredFor(h, firstRequest)).map((e) => e.type)).toEqual(['redemption.succeeded']);

      // The first referee again is no new referee: still nothing.
      await redeem(code, referees[0]!, `ord-${code}-a2`);
      expect((await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type)).toEqual([
        'redemption.succeeded',
      ]);

      const second = await redeem(code, referees[1]!, `ord-${code}-b`);
      const secondRequest = lastRequestId(h.sdk);
      const events = await deliveredFor(h, secondRequest);
      expect(events.map((e) => e.type)).toEqual([
        'customer.rewarded',
        'publication.succeeded',
        'redemption.succeeded',
        'voucher.published',
      ]);
      const rewarded = events[0]!;
      expect(rewarded.event.entity_id).toBe(referrerId);
      expect(rewarded.data.customer).toMatchObject({ id: referrerId, source_id: referrer.source_id });
      expect(rewarded.data.holder).toMatchObject({ id: referrerId });
      expect(rewarded.data.voucher).toMatchObject({ code, is_referral_code: true });
      expect(rewarded.data.campaign).toMatchObject({ id: referral.id });
      expect(rewarded.data.redemption).toMatchObject({ id: second.redemptions[0].id, result: 'SUCCESS' });
      expect(rewarded.data.referral_tier).toEqual({
        id: tierId,
        campaign_id: referral.id,
        banner: null,
        parameters: { event_type: 'redemption', segment: null, custom_event: null, distribution: null },
      });
      const published = events.find((e) => e.type === 'voucher.published')!;
      expect(published.data.customer).toMatchObject({ id: referrerId });
      expect(published.data.campaign).toMatchObject({ id: coupons.id });
      expect(rewarded.data.reward).toMatchObject({
        id: reward.id,
        object: 'reward',
        type: 'CAMPAIGN',
        customer: { id: referrerId },
        voucher: { id: published.data.voucher.id, holder_id: referrerId },
      });
      expect(rewarded.data.balance).toBeNull();

      await redeem(code, referees[2]!, `ord-${code}-c`);
      expect((await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type)).toEqual([
        'redemption.succeeded',
      ]);
      expect(await delivered(h, 'customer.rewarded', referrerId)).toHaveLength(1);

      const holders = await send(t, 'GET', `/v1/referrals/members/${code}/holders`);
      expect(holders.body).toMatchObject({ object: 'list', data_ref: 'data', total: 4, has_more: false });
      expect(holders.body.data.map((x: any) => x.holder_role)).toEqual([
        'REFERRER',
        'REFEREE',
        'REFEREE',
        'REFEREE',
      ]);
      expect(holders.body.data[0]).toMatchObject({
        id: expect.stringMatching(/^rh_[0-9a-f]{18}$/),
        redeemable_id: expect.stringMatching(/^v_/),
        redeemable_object: 'voucher',
        campaign_id: referral.id,
        campaign_type: 'REFERRAL_PROGRAM',
        voucher_type: 'DISCOUNT_VOUCHER',
        customer_id: referrerId,
        object: 'redeemable_holder',
      });
      const scoped = await send(t, 'GET', `/v1/referrals/${referral.id}/members/${code}/holders?limit=2`);
      expect(scoped.body).toMatchObject({ total: 4, has_more: true });
      expect(scoped.body.data).toEqual(holders.body.data.slice(0, 2));
    });

    it('the referrer may not redeem their own code', async () => {
      const { code, referrer } = await program();
      const r = await send(t, 'POST', '/v1/redemptions', {
        body: { redeemables: [{ object: 'voucher', id: code }], customer: referrer, order: ORDER },
      });
      expectError(r, 400, 'referrer_not_permitted_to_redeem');
      expect(r.body.resource_id).toMatch(/^rf_/);
      const [failed] = await delivered(h, 'redemption.failed', r.body.resource_id);
      expect(failed.data.redemption).toMatchObject({ failure_code: 'referrer_not_permitted_to_redeem' });
      const anonymous = await send(t, 'POST', '/v1/redemptions', {
        body: { redeemables: [{ object: 'voucher', id: code }], order: ORDER },
      });
      expectError(anonymous, 400, 'missing_customer');
    });

    it('a custom conversion event with referral.code rewards the referrer, with custom_event filled', async () => {
      const referral = await campaign('REFERRAL_PROGRAM', {
        referral_program: { conversion_event_type: 'custom_event', custom_event: { id: 'user_signed_up' } },
      });
      const coupons = await campaign('DISCOUNT_COUPONS');
      const reward: any = await h.sdk.rewards.create({
        name: 'Thanks',
        parameters: { campaign: { id: coupons.id } },
      } as any);
      const referrer = customer('inviter');
      const pub: any = await h.sdk.distributions.publications.create({
        campaign: { name: referral.name },
        customer: referrer,
      } as any);
      const code = pub.voucher.code;
      await tier(referral.id, { criteria: { type: 'EACH_REFEREE' }, rewards: [{ id: reward.id }] });
      const referee = customer('signup');

      // Another event is no conversion; the program's event is.
      await h.sdk.events.create('page_viewed', {
        event: 'page_viewed',
        customer: referee,
        referral: { code },
      });
      expect((await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type)).not.toContain(
        'customer.rewarded',
      );
      await h.sdk.events.create('user_signed_up', {
        event: 'user_signed_up',
        customer: referee,
        referral: { code },
      });
      const events = await deliveredFor(h, lastRequestId(h.sdk));
      const rewarded = events.find((e) => e.type === 'customer.rewarded')!;
      expect(rewarded.data.customer).toMatchObject({ id: pub.customer_id });
      expect(rewarded.data.redemption).toBeNull();
      expect(rewarded.data.custom_event).toMatchObject({
        id: expect.stringMatching(/^evcus_/),
        object: 'event',
        type: 'user_signed_up',
        customer: { source_id: referee.source_id },
        referral: { code, referrer_id: pub.customer_id },
      });
      expect(rewarded.data.referral_tier.parameters).toMatchObject({
        event_type: 'custom_event',
        custom_event: { id: 'user_signed_up' },
      });
      const own = await send(t, 'POST', '/v1/events', {
        body: { event: 'user_signed_up', customer: referrer, referral: { code } },
      });
      expectError(own, 400, 'referrer_not_permitted_to_redeem');
      expectError(
        await send(t, 'POST', '/v1/events', {
          body: { event: 'x', customer: referee, referral: { code: 'NOPE' } },
        }),
        404,
        'not_found',
      );
    });

    it('a tier for each referee in a segment gives gift credits, and only for referees in it', async () => {
      const { referral, code, referrerId } = await program();
      const gifts = await campaign('GIFT_VOUCHERS', {
        voucher: { type: 'GIFT_VOUCHER', gift: { amount: 0 } },
      });
      const credits: any = await h.sdk.rewards.create({
        name: 'Five euros',
        parameters: { campaign: { id: gifts.id, balance: 500 } },
      } as any);
      const insider: any = await h.sdk.customers.create(customer('insider'));
      const outsider: any = await h.sdk.customers.create(customer('outsider'));
      const segment = await send(t, 'POST', '/v1/segments', {
        body: { name: `Friends ${code}`, type: 'static', customers: [insider.id] },
      });
      await tier(referral.id, {
        criteria: { type: 'EACH_REFEREE' },
        parameters: { segment: { id: segment.body.id } },
        rewards: [{ id: credits.id }],
      });

      await redeem(code, { source_id: outsider.source_id });
      expect((await deliveredFor(h, lastRequestId(h.sdk))).map((e) => e.type)).toEqual([
        'redemption.succeeded',
      ]);
      await redeem(code, { source_id: insider.source_id });
      const events = await deliveredFor(h, lastRequestId(h.sdk));
      expect(events.map((e) => e.type)).toEqual([
        'customer.rewarded',
        'publication.succeeded',
        'redemption.succeeded',
        'voucher.gift.balance_added',
        'voucher.gift.transaction.created',
        'voucher.published',
      ]);
      const rewarded = events[0]!;
      expect(rewarded.data.referral_tier.parameters.segment).toEqual({ id: segment.body.id });
      expect(rewarded.data.reward.voucher).toMatchObject({
        type: 'GIFT_VOUCHER',
        holder_id: referrerId,
        gift: { balance: 500 },
      });
      const tx = events.find((e) => e.type === 'voucher.gift.transaction.created')!;
      expect(tx.data.transaction).toMatchObject({
        type: 'CREDITS_ADDITION',
        reason: `Reward ${credits.id}`,
        details: { balance: { amount: 500, balance: 500 } },
      });
    });
  });
}
