import { describe, expect, it } from 'vitest';
import { FIRED_EVENTS } from '../../src/fired-events.js';
import { EVENT_TYPES } from '../../src/webhooks/event-catalog.js';
import { DIALECTS } from '../helpers/db.js';
import { type ClientHarness, deliveries, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';

/**
 * The proof that the catalogue is complete: one shop's story, told through the official SDK (raw HTTP only
 * where the SDK has no call), fires every event type this server declares, and a receiver subscribed to all
 * events gets each of them at least once, signed, with `data` valid against its schema (the harness checks
 * every delivery). It fails if any type stops firing, and once every wave is built, unless all 60 do.
 */

const ORDER = {
  amount: 10000,
  items: [
    { source_id: 'mug', related_object: 'product', quantity: 2, price: 2500 },
    { source_id: 'tee', related_object: 'product', quantity: 1, price: 5000 },
  ],
};

type Story = (h: ClientHarness, u: (p: string) => string) => Promise<void>;

/** W1–W2: customers, campaigns, vouchers, generation. */
const customersAndCampaigns: Story = async (h, u) => {
  const { sdk, client } = h;
  const alice: any = await sdk.customers.create({ source_id: u('alice'), email: 'alice@example.com' });
  const pending: any = await client.createCustomer(
    { source_id: u('optin'), email: 'optin@example.com' },
    true,
  );
  const confirmed = await send(h.t, 'POST', `/v1/customers/unconfirmed/${pending.id}/confirm`, { body: {} });
  expect(confirmed.status, confirmed.raw).toBe(200);
  const leaving: any = await sdk.customers.create({ source_id: u('leaving') });
  await sdk.customers.delete(leaving.id);

  const campaign: any = await sdk.campaigns.create({
    name: u('Spring'),
    campaign_type: 'DISCOUNT_COUPONS',
    type: 'AUTO_UPDATE',
    vouchers_count: 3,
    voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'PERCENT', percent_off: 10 } },
  } as any);
  await h.t.vs.jobs.drain();
  await sdk.campaigns.update(campaign.id, { description: 'Spring sale' } as any);
  await sdk.campaigns.disable(campaign.id);
  await sdk.campaigns.enable(campaign.id);
  await sdk.campaigns.addVoucher(campaign.id);
  await sdk.distributions.publications.create({
    campaign: { name: campaign.name },
    customer: { id: alice.id },
  });
  const gone: any = await sdk.campaigns.create({
    name: u('Gone'),
    campaign_type: 'DISCOUNT_COUPONS',
    voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } },
  } as any);
  await sdk.campaigns.delete(gone.id, { force: true });
  await h.t.vs.jobs.drain();
  // A pattern of two codes, one taken already: the generation of two fails.
  const prefix = `${u('F')}-`;
  await sdk.vouchers.create({
    code: `${prefix}0`,
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 1 },
  } as any);
  await sdk.campaigns.create({
    name: u('Narrow'),
    campaign_type: 'DISCOUNT_COUPONS',
    vouchers_count: 2,
    voucher: {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'AMOUNT', amount_off: 1 },
      code_config: { pattern: '#', charset: '01', prefix },
    },
  } as any);
  await h.t.vs.jobs.drain();

  const code = u('SOLO');
  await sdk.vouchers.create({
    code,
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 500 },
  } as any);
  await sdk.vouchers.update({ code, metadata: { note: 'updated' } } as any);
  await sdk.vouchers.disable(code);
  await sdk.vouchers.enable(code);
  await sdk.vouchers.delete(code, { force: true });
};

/** W3–W4: validation rules, publications, redemptions, rollbacks, gift cards. */
const rulesRedemptionsGiftCards: Story = async (h, u) => {
  const { sdk } = h;
  const rule: any = await sdk.validationRules.create({
    name: u('Big orders'),
    rules: { '1': { name: 'order.amount', conditions: { $more_than: [5000] } }, logic: '1' },
  } as any);
  await sdk.validationRules.update({ id: rule.id, name: u('Bigger orders') } as any);
  const ruled = u('RULED');
  const v: any = await sdk.vouchers.create({
    code: ruled,
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 100 },
  } as any);
  const assignment: any = await sdk.validationRules.createAssignment(rule.id, { voucher: v.id } as any);
  await sdk.validationRules.deleteAssignment(rule.id, assignment.id);
  await sdk.validationRules.delete(rule.id);

  const card = u('GIFT');
  await sdk.vouchers.create({ code: card, type: 'GIFT_VOUCHER', gift: { amount: 5000 } } as any);
  await sdk.vouchers.balance.create(card, { amount: 2500 });
  const redeemed: any = await sdk.redemptions.redeemStackable({
    redeemables: [
      { object: 'voucher', id: ruled },
      { object: 'voucher', id: card, gift: { credits: 1000 } },
    ],
    order: ORDER,
    customer: { source_id: u('buyer') },
  } as any);
  await sdk.redemptions.rollbackStackable(redeemed.parent_redemption.id);
  await expect(sdk.redemptions.rollbackStackable(redeemed.parent_redemption.id)).rejects.toMatchObject({
    key: 'already_rolled_back',
  });
  await sdk.vouchers.disable(ruled);
  await expect(
    sdk.redemptions.redeemStackable({ redeemables: [{ object: 'voucher', id: ruled }], order: ORDER } as any),
  ).rejects.toMatchObject({ key: 'voucher_disabled' });
};

/** W5: a loyalty program, its members' points and their expiration, its tiers. */
const loyalty: Story = async (h, u) => {
  const { sdk } = h;
  const program: any = await sdk.loyalties.create({
    name: u('Points'),
    voucher: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      code_config: { pattern: `${u('L')}-####` },
    },
  } as any);
  const [silver]: any = await sdk.loyalties.createTiers(program.id, [
    { name: 'Silver', points: { from: 0, to: 999 } },
  ] as any);
  await send(h.t, 'PUT', `/v1/loyalties/${program.id}/tiers/${silver.id}`, { body: { name: 'Silver+' } });
  const gone = await send(h.t, 'DELETE', `/v1/loyalties/${program.id}/tiers/${silver.id}`);
  expect(gone.status, gone.raw).toBe(204);
  const card: any = await sdk.loyalties.createMember(program.id, {
    customer: { source_id: u('member') },
  } as any);
  await sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 100 } as any);
  // Points whose last good day is over expire at the next run of the expiration job.
  const yesterday = new Date(h.t.clock.now() - 86_400_000).toISOString().slice(0, 10);
  await sdk.loyalties.addPoints(program.id, card.code, {
    points: 10,
    expiration_type: 'CUSTOM_DATE',
    expiration_date: yesterday,
  } as any);
  h.t.clock.advance(120_000);
  await h.t.vs.jobs.drain();
};

/** W5: earning rules, accruals and pending points in programs of their own. */
const earning: Story = async (h, u) => {
  const { sdk } = h;
  const ok = async (method: 'PUT' | 'DELETE' | 'POST', url: string, body?: unknown) => {
    const r = await send(h.t, method, url, body === undefined ? {} : { body });
    expect(r.status, r.raw).toBeLessThan(300);
    return r.body;
  };
  const program: any = await sdk.loyalties.create({
    name: u('Stars'),
    campaign_type: 'LOYALTY_PROGRAM',
    voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } },
  } as any);
  const [perTen, gone]: any[] = await sdk.loyalties.createEarningRule(program.id, [
    {
      event: 'order.paid',
      loyalty: {
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 1 } },
      },
    },
    { event: 'order.paid', loyalty: { type: 'FIXED', points: 1 } },
  ] as any);
  await sdk.loyalties.updateEarningRule(program.id, {
    id: perTen.id,
    source: { banner: '1 per 10.00' },
  } as any);
  await sdk.loyalties.disableEarningRule(program.id, gone.id);
  await sdk.loyalties.enableEarningRule(program.id, gone.id);
  await sdk.loyalties.deleteEarningRule(program.id, gone.id);

  const member: any = await sdk.loyalties.createMember(program.id, { customer: { source_id: u('member') } });
  await sdk.orders.create({ status: 'PAID', customer: { id: member.holder_id }, ...ORDER } as any);

  const later: any = await sdk.loyalties.create({
    name: u('Later'),
    campaign_type: 'LOYALTY_PROGRAM',
    voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } },
  } as any);
  await sdk.loyalties.createEarningRule(later.id, [
    {
      event: 'order.paid',
      loyalty: { type: 'FIXED', points: 20 },
      pending_points: { period_type: 'DAY', period_value: 14 },
    },
  ] as any);
  const waiting: any = await sdk.loyalties.createMember(later.id, { customer: { source_id: u('waiting') } });
  for (let i = 0; i < 2; i++)
    await sdk.orders.create({ status: 'PAID', customer: { id: waiting.holder_id }, ...ORDER } as any);
  const list = await send(h.t, 'GET', `/v1/loyalties/members/${waiting.code}/pending-points`);
  const [a, b] = list.body.data;
  const base = `/v1/loyalties/members/${waiting.code}/pending-points`;
  await ok('POST', `${base}/${a.id}/balance`, { points: 5 });
  await ok('POST', `${base}/${a.id}/activate`, {});
  await ok('POST', `${base}/${b.id}/cancel`, {});
};

/** W6: rewards and their assignments, referral tiers, a referrer rewarded. */
const rewardsAndReferrals: Story = async (h, u) => {
  const { sdk } = h;
  const loyalty: any = await sdk.campaigns.create({
    name: u('Points'),
    campaign_type: 'LOYALTY_PROGRAM',
    voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 } },
  } as any);
  const coupons: any = await sdk.campaigns.create({
    name: u('Thanks'),
    campaign_type: 'DISCOUNT_COUPONS',
    voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'PERCENT', percent_off: 15 } },
  } as any);
  const referral: any = await sdk.campaigns.create({
    name: u('Friends'),
    campaign_type: 'REFERRAL_PROGRAM',
    voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 500 } },
    referral_program: { conversion_event_type: 'redemption' },
  } as any);
  await h.t.vs.jobs.drain();
  const reward: any = await sdk.rewards.create({
    name: u('Coupon'),
    parameters: { campaign: { id: coupons.id } },
  } as any);
  const assignment: any = await sdk.rewards.createAssignment(reward.id, {
    campaign: loyalty.id,
    parameters: { loyalty: { points: 100 } },
  });
  await sdk.rewards.updateAssignment(reward.id, {
    id: assignment.id,
    parameters: { loyalty: { points: 90 } },
  });
  await sdk.rewards.deleteAssignment(reward.id, assignment.id);

  const tiers = `/v1/referrals/${referral.id}/tiers`;
  const tier = await send(h.t, 'POST', tiers, {
    body: { criteria: { type: 'EACH_REFEREE' }, rewards: [{ id: reward.id }] },
  });
  expect(tier.status, tier.raw).toBe(200);
  await send(h.t, 'PUT', `${tiers}/${tier.body.id}`, { body: { banner: 'Thank you' } });
  const spare = await send(h.t, 'POST', tiers, {
    body: { criteria: { type: 'MIN_REFEREES', min_referees: 5 }, rewards: [{ id: reward.id }] },
  });
  await send(h.t, 'DELETE', `${tiers}/${spare.body.id}`);
  const pub: any = await sdk.distributions.publications.create({
    campaign: { name: referral.name },
    customer: { source_id: u('referrer') },
  } as any);
  await sdk.redemptions.redeemStackable({
    redeemables: [{ object: 'voucher', id: pub.voucher.code }],
    order: ORDER,
    customer: { source_id: u('referee') },
  } as any);
};

/** W7: promotion tiers and stacks, redeemed as a stack beside a voucher. */
const promotionTiersAndStacks: Story = async (h, u) => {
  const { sdk } = h;
  const tenOff = { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ORDER' };
  const promotion: any = await sdk.promotions.create({
    name: u('Summer'),
    campaign_type: 'PROMOTION',
    promotion: { tiers: [{ name: 'Ten off', banner: '10.00 off', action: { discount: tenOff } }] },
  } as any);
  const [first] = promotion.promotion.tiers;
  const second: any = await sdk.promotions.tiers.create(promotion.id, {
    name: 'Five percent',
    action: { discount: { type: 'PERCENT', percent_off: 5 } as any },
  });
  await sdk.promotions.tiers.update({ id: second.id, banner: '5% off' });
  for (const verb of ['disable', 'enable']) {
    const r = await send(h.t, 'POST', `/v1/promotions/tiers/${second.id}/${verb}`);
    expect(r.status, r.raw).toBe(200);
  }
  const stack: any = await sdk.promotions.stack.createInCampaign(promotion.id, {
    name: u('Both'),
    tiers: { ids: [first.id, second.id] },
  });
  await sdk.promotions.stack.update(promotion.id, stack.id, { name: u('Both tiers') });
  const code = u('STACKED');
  await sdk.vouchers.create({
    code,
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 100 },
  } as any);
  await sdk.redemptions.redeemStackable({
    redeemables: [
      { object: 'promotion_stack', id: stack.id },
      { object: 'voucher', id: code },
    ],
    order: ORDER,
  } as any);
  const spare: any = await sdk.promotions.tiers.create(promotion.id, {
    name: 'Spare',
    action: { discount: tenOff as any },
  });
  await sdk.promotions.tiers.delete(spare.id);
};

const STORIES: Story[] = [
  customersAndCampaigns,
  rulesRedemptionsGiftCards,
  loyalty,
  earning,
  rewardsAndReferrals,
  promotionTiersAndStacks,
];

describe.each(DIALECTS)('the full catalogue, fired by one story through the SDK ($name)', (dialect) => {
  let h: ClientHarness;
  withHarness(dialect, { client: true, checkAll: true }, (made) => {
    h = made;
  });

  it('delivers every declared event type at least once, each signed and valid', {
    timeout: 120_000,
  }, async () => {
    let n = 0;
    const u = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`.toUpperCase();
    for (const story of STORIES) await story(h, u);
    const got = new Set((await deliveries(h)).map((b) => b.type));
    const declared = FIRED_EVENTS.types();
    expect(declared.filter((type) => !got.has(type))).toEqual([]);
    // Nothing is delivered that the catalogue does not declare.
    expect([...got].filter((type) => !declared.includes(type as never))).toEqual([]);
    // Every one of the 60 types of v2024-01-01 is fired by a real operation.
    expect([...got].sort()).toEqual([...EVENT_TYPES].sort());
    expect(got.size).toBe(60);
  });
});
