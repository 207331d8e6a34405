import { createCampaign, createCustomer, type TriggerRun, type TriggerScenario } from './scenario.js';

/** A referral program whose code is published to a new referrer, and a coupon reward for referrers. */
async function program(r: TriggerRun) {
  const referral = await createCampaign(r, {
    campaign_type: 'REFERRAL_PROGRAM',
    referral_program: { conversion_event_type: 'redemption' },
  });
  const coupons = await createCampaign(r);
  const reward = await r.v1<{ id: string }>('POST', '/v1/rewards', {
    name: r.unique('trigger-referrer-reward'),
    parameters: { campaign: { id: coupons.id } },
  });
  const referrer = await createCustomer(r);
  const pub = await r.v1<{ voucher: { code: string } }>('POST', '/v1/publications', {
    campaign: { name: referral.name },
    customer: { id: referrer.id },
  });
  return { referral, reward, code: pub.voucher.code };
}

async function tier(r: TriggerRun) {
  const p = await program(r);
  const t = await r.v1<{ id: string }>('POST', `/v1/referrals/${p.referral.id}/tiers`, {
    banner: 'Thanks for every friend',
    criteria: { type: 'EACH_REFEREE' },
    rewards: [{ id: p.reward.id }],
  });
  return { ...p, tier: t };
}

export const REFERRAL_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.referral_tier.created',
    summary: 'creates a referral program and a coupon reward, then a tier giving it for each referee',
    run: async (r) => {
      await tier(r);
    },
  },
  {
    type: 'campaign.referral_tier.updated',
    summary: 'creates a referral tier, then makes it reward once two referees are reached',
    run: async (r) => {
      const p = await tier(r);
      await r.v1('PUT', `/v1/referrals/${p.referral.id}/tiers/${p.tier.id}`, {
        criteria: { type: 'MIN_REFEREES', min_referees: 2 },
      });
    },
  },
  {
    type: 'campaign.referral_tier.deleted',
    summary: 'creates a referral tier, then deletes it',
    run: async (r) => {
      const p = await tier(r);
      await r.v1('DELETE', `/v1/referrals/${p.referral.id}/tiers/${p.tier.id}`);
    },
  },
  {
    type: 'customer.rewarded',
    summary: 'publishes a referral code with a tier for each referee, then a new customer redeems it',
    run: async (r) => {
      const p = await tier(r);
      const referee = await createCustomer(r);
      await r.v1('POST', '/v1/redemptions', {
        redeemables: [{ object: 'voucher', id: p.code }],
        customer: { id: referee.id },
        order: { amount: 5000, source_id: r.unique('trigger-referral-order') },
      });
    },
  },
];
