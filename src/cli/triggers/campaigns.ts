import { createCampaign, type TriggerScenario } from './scenario.js';

export const CAMPAIGN_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.created',
    summary: 'creates a discount-coupons campaign',
    run: async (r) => {
      await createCampaign(r);
    },
  },
  {
    type: 'campaign.updated',
    summary: 'creates a campaign, then changes its description',
    run: async (r) => {
      const c = await createCampaign(r);
      await r.v1('PUT', `/v1/campaigns/${c.id}`, { description: 'Updated by vouchsafe trigger' });
    },
  },
  {
    type: 'campaign.disabled',
    summary: 'creates a campaign, then disables it',
    run: async (r) => {
      const c = await createCampaign(r);
      await r.v1('POST', `/v1/campaigns/${c.id}/disable`);
    },
  },
  {
    type: 'campaign.enabled',
    summary: 'creates a campaign, disables it, then enables it',
    run: async (r) => {
      const c = await createCampaign(r);
      await r.v1('POST', `/v1/campaigns/${c.id}/disable`);
      await r.v1('POST', `/v1/campaigns/${c.id}/enable`);
    },
  },
  {
    type: 'campaign.deleted',
    summary: 'creates a campaign, then deletes it',
    run: async (r) => {
      const c = await createCampaign(r);
      await r.v1('DELETE', `/v1/campaigns/${c.id}?force=true`);
    },
  },
];
