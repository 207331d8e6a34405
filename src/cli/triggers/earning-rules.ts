import type { TriggerRun, TriggerScenario } from './scenario.js';

/** A loyalty program: a LOYALTY_PROGRAM campaign whose cards start with no points. */
export async function createLoyaltyCampaign(r: TriggerRun, extra: Record<string, unknown> = {}) {
  return r.v1<{ id: string; name: string }>('POST', '/v1/campaigns', {
    name: r.unique('trigger-loyalty'),
    campaign_type: 'LOYALTY_PROGRAM',
    type: 'AUTO_UPDATE',
    voucher: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      code_config: { pattern: `${r.unique('L').toUpperCase()}-####` },
    },
    ...extra,
  });
}

/** One earning rule in a new loyalty program: a point for every 10.00 of a paid order. */
async function createEarningRule(r: TriggerRun, extra: Record<string, unknown> = {}) {
  const campaign = await createLoyaltyCampaign(r);
  const [rule] = await r.v1<{ id: string }[]>('POST', `/v1/loyalties/${campaign.id}/earning-rules`, [
    {
      event: 'order.paid',
      loyalty: {
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 1 } },
      },
      source: { banner: 'One point for every 10.00' },
      ...extra,
    },
  ]);
  return { campaign, rule: rule! };
}

const rulePath = (x: { campaign: { id: string }; rule: { id: string } }) =>
  `/v1/loyalties/${x.campaign.id}/earning-rules/${x.rule.id}`;

export const EARNING_RULE_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.earning_rule.assigned',
    summary: 'creates a loyalty program and an earning rule in it',
    run: async (r) => {
      await createEarningRule(r);
    },
  },
  {
    type: 'campaign.earning_rule.updated',
    summary: 'creates an earning rule, then changes its banner',
    run: async (r) => {
      const x = await createEarningRule(r);
      await r.v1('PUT', rulePath(x), { source: { banner: 'Changed' } });
    },
  },
  {
    type: 'campaign.earning_rule.disabled',
    summary: 'creates an earning rule, then disables it',
    run: async (r) => {
      await r.v1('POST', `${rulePath(await createEarningRule(r))}/disable`, {});
    },
  },
  {
    type: 'campaign.earning_rule.enabled',
    summary: 'creates a disabled earning rule, then enables it',
    run: async (r) => {
      await r.v1('POST', `${rulePath(await createEarningRule(r, { active: false }))}/enable`, {});
    },
  },
  {
    type: 'campaign.earning_rule.deleted',
    summary: 'creates an earning rule, then deletes it',
    run: async (r) => {
      await r.v1('DELETE', rulePath(await createEarningRule(r)));
    },
  },
];
