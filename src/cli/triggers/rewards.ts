import { createCampaign, type TriggerRun, type TriggerScenario } from './scenario.js';

/** A loyalty campaign and a reward (a code of a new discount campaign), ready to be assigned. */
async function loyaltyAndReward(r: TriggerRun) {
  const loyalty = await createCampaign(r, {
    campaign_type: 'LOYALTY_PROGRAM',
    voucher: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      code_config: { pattern: `${r.unique('L').toUpperCase()}-####` },
    },
  });
  const coupons = await createCampaign(r);
  const reward = await r.v1<{ id: string }>('POST', '/v1/rewards', {
    name: r.unique('trigger-reward'),
    parameters: { campaign: { id: coupons.id } },
  });
  return { loyalty, reward };
}

async function assigned(r: TriggerRun) {
  const { loyalty, reward } = await loyaltyAndReward(r);
  const a = await r.v1<{ id: string }>('POST', `/v1/rewards/${reward.id}/assignments`, {
    campaign: loyalty.id,
    parameters: { loyalty: { points: 100 } },
  });
  return { reward, assignment: a };
}

export const REWARD_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.reward.assignment.created',
    summary: 'creates a loyalty campaign and a reward, then assigns the reward at 100 points',
    run: async (r) => {
      await assigned(r);
    },
  },
  {
    type: 'campaign.reward.assignment.updated',
    summary: 'assigns a reward to a new loyalty campaign, then changes its price to 150 points',
    run: async (r) => {
      const { reward, assignment } = await assigned(r);
      await r.v1('PUT', `/v1/rewards/${reward.id}/assignments/${assignment.id}`, {
        parameters: { loyalty: { points: 150 } },
      });
    },
  },
  {
    type: 'campaign.reward.assignment.deleted',
    summary: 'assigns a reward to a new loyalty campaign, then removes the assignment',
    run: async (r) => {
      const { reward, assignment } = await assigned(r);
      await r.v1('DELETE', `/v1/rewards/${reward.id}/assignments/${assignment.id}`);
    },
  },
];
