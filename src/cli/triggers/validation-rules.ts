import { createCampaign, createRule, type TriggerScenario } from './scenario.js';

export const VALIDATION_RULE_TRIGGERS: TriggerScenario[] = [
  {
    type: 'business_validation_rule.created',
    summary: 'creates a validation rule',
    run: async (r) => {
      await createRule(r);
    },
  },
  {
    type: 'business_validation_rule.updated',
    summary: 'creates a validation rule, then renames it',
    run: async (r) => {
      const rule = await createRule(r);
      await r.v1('PUT', `/v1/validation-rules/${rule.id}`, { name: r.unique('trigger-rule-renamed') });
    },
  },
  {
    type: 'business_validation_rule.deleted',
    summary: 'creates a validation rule, then deletes it',
    run: async (r) => {
      const rule = await createRule(r);
      await r.v1('DELETE', `/v1/validation-rules/${rule.id}`);
    },
  },
  {
    type: 'business_validation_rule.assignment.created',
    summary: 'creates a validation rule and a campaign, then assigns the rule to the campaign',
    run: async (r) => {
      const rule = await createRule(r);
      const campaign = await createCampaign(r);
      await r.v1('POST', `/v1/validation-rules/${rule.id}/assignments`, { campaign: campaign.id });
    },
  },
  {
    type: 'business_validation_rule.assignment.deleted',
    summary: 'assigns a new rule to a new campaign, then removes the assignment',
    run: async (r) => {
      const rule = await createRule(r);
      const campaign = await createCampaign(r);
      const a = await r.v1<{ id: string }>('POST', `/v1/validation-rules/${rule.id}/assignments`, {
        campaign: campaign.id,
      });
      await r.v1('DELETE', `/v1/validation-rules/${rule.id}/assignments/${a.id}`);
    },
  },
];
