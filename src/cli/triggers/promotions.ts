import type { TriggerRun, TriggerScenario } from './scenario.js';

/** A PROMOTION campaign with one tier (10.00 off the order), created inline. */
async function createPromotion(r: TriggerRun) {
  const c = await r.v1<{ id: string; promotion: { tiers: { id: string }[] } }>('POST', '/v1/campaigns', {
    name: r.unique('trigger-promotion'),
    campaign_type: 'PROMOTION',
    promotion: {
      tiers: [
        {
          name: 'Ten off',
          banner: '10.00 off your order',
          action: { discount: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ORDER' } },
        },
      ],
    },
  });
  return { campaignId: c.id, tierId: c.promotion.tiers[0]!.id };
}

async function createStack(r: TriggerRun) {
  const p = await createPromotion(r);
  const stack = await r.v1<{ id: string }>('POST', `/v1/promotions/${p.campaignId}/stacks`, {
    name: r.unique('trigger-stack'),
    tiers: { ids: [p.tierId], hierarchy_mode: 'MANUAL' },
  });
  return { ...p, stackId: stack.id };
}

export const PROMOTION_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.promotion_tier.created',
    summary: 'creates a PROMOTION campaign, then adds a tier to it',
    run: async (r) => {
      const p = await createPromotion(r);
      await r.v1('POST', `/v1/promotions/${p.campaignId}/tiers`, {
        name: 'Five off',
        action: { discount: { type: 'AMOUNT', amount_off: 500 } },
      });
    },
  },
  {
    type: 'campaign.promotion_tier.updated',
    summary: 'creates a PROMOTION campaign with a tier, then renames the tier',
    run: async (r) => {
      const p = await createPromotion(r);
      await r.v1('PUT', `/v1/promotions/tiers/${p.tierId}`, { name: 'Ten off, renamed' });
    },
  },
  {
    type: 'campaign.promotion_tier.deleted',
    summary: 'creates a PROMOTION campaign with a tier, then deletes the tier',
    run: async (r) => {
      const p = await createPromotion(r);
      await r.v1('DELETE', `/v1/promotions/tiers/${p.tierId}`);
    },
  },
  {
    type: 'campaign.promotion_tier.enabled',
    summary: 'creates a PROMOTION campaign with a tier, disables the tier, then enables it',
    run: async (r) => {
      const p = await createPromotion(r);
      await r.v1('POST', `/v1/promotions/tiers/${p.tierId}/disable`);
      await r.v1('POST', `/v1/promotions/tiers/${p.tierId}/enable`);
    },
  },
  {
    type: 'campaign.promotion_tier.disabled',
    summary: 'creates a PROMOTION campaign with a tier, then disables the tier',
    run: async (r) => {
      const p = await createPromotion(r);
      await r.v1('POST', `/v1/promotions/tiers/${p.tierId}/disable`);
    },
  },
  {
    type: 'campaign.promotion_stack.created',
    summary: 'creates a PROMOTION campaign with a tier, then a stack of that tier',
    run: async (r) => {
      await createStack(r);
    },
  },
  {
    type: 'campaign.promotion_stack.updated',
    summary: 'creates a promotion stack, then renames it',
    run: async (r) => {
      const s = await createStack(r);
      await r.v1('PUT', `/v1/promotions/${s.campaignId}/stacks/${s.stackId}`, {
        name: r.unique('trigger-stack-renamed'),
      });
    },
  },
];
