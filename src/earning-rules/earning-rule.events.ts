import { Type } from '@sinclair/typebox';
import { SimpleCampaignOut, sampleCampaignRow, sampleSimpleCampaign } from '../campaigns/index.js';
import { FreeObject } from '../platform/schemas.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { presentEarningRule } from './earning-rule.presenter.js';
import type { EarningRuleRow } from './earning-rule.table.js';

/*
 * The five campaign.earning_rule.* events. Voucherify publishes no schema for them; their data is the one
 * EVENTS.md §1.1 proposes, `{campaign: SimpleCampaign, earning_rule: EarningRule}`, the rule as GET answers
 * it (after the change; for a deletion, as it was).
 */

const Opt = Type.Optional;
const Time = () => Type.String({ format: 'date-time' });

/** The EarningRule object (`presentEarningRule`). */
export const EarningRuleEventOut = Type.Unsafe<Record<string, unknown>>(
  Type.Object({
    id: Type.String(),
    created_at: Time(),
    updated_at: Type.Union([Time(), Type.Null()]),
    validation_rule_id: Type.Union([Type.String(), Type.Null()]),
    loyalty: FreeObject,
    event: Type.String(),
    custom_event: Opt(FreeObject),
    segment: Opt(FreeObject),
    loyalty_tier: Opt(FreeObject),
    pending_points: Opt(FreeObject),
    source: Type.Object({
      banner: Opt(Type.String()),
      object_id: Type.String(),
      object_type: Type.Literal('campaign'),
    }),
    active: Type.Boolean(),
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    validity_timeframe: Opt(FreeObject),
    validity_day_of_week: Opt(Type.Array(Type.Integer())),
    validity_hours: Opt(FreeObject),
    expiration_rules: Opt(FreeObject),
    object: Type.Literal('earning_rule'),
    automation_id: Type.String(),
    metadata: FreeObject,
  }),
);

/** The earning rule of every sample: 1 point per 10.00 of a paid order, in the sample campaign. */
export const sampleEarningRuleRow = (): EarningRuleRow => ({
  id: 'ern_sample00000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleCampaignRow().id,
  event: 'order.paid',
  loyalty: JSON.stringify({
    type: 'PROPORTIONAL',
    calculation_type: 'ORDER_AMOUNT',
    order: { amount: { every: 1000, points: 1 } },
  }),
  custom_event: null,
  segment: null,
  loyalty_tier: null,
  pending_points: null,
  source_banner: 'One point for every 10.00',
  validation_rule_id: null,
  active: 1,
  start_date: null,
  expiration_date: null,
  validity_timeframe: null,
  validity_day_of_week: null,
  validity_hours: null,
  expiration_rules: null,
  metadata: '{}',
  automation_id: 'auto_sample0000000000000000',
  created_at: SAMPLE_TIME,
  updated_at: null,
});

const WithRule = () => Type.Object({ campaign: SimpleCampaignOut, earning_rule: EarningRuleEventOut });

const sample = (patch: Partial<EarningRuleRow>) => () => {
  const row = { ...sampleEarningRuleRow(), ...patch };
  return {
    data: { campaign: sampleSimpleCampaign(), earning_rule: presentEarningRule(row) },
    entityId: row.id,
  };
};
const LATER = SAMPLE_TIME + 60_000;

export const EarningRuleAssigned = declareEvent('campaign.earning_rule.assigned', WithRule, sample({}));
export const EarningRuleUpdated = declareEvent(
  'campaign.earning_rule.updated',
  WithRule,
  sample({ updated_at: LATER }),
);
export const EarningRuleEnabled = declareEvent(
  'campaign.earning_rule.enabled',
  WithRule,
  sample({ updated_at: LATER }),
);
export const EarningRuleDisabled = declareEvent(
  'campaign.earning_rule.disabled',
  WithRule,
  sample({ updated_at: LATER, active: 0 }),
);
export const EarningRuleDeleted = declareEvent('campaign.earning_rule.deleted', WithRule, sample({}));

/** Every campaign.earning_rule.* event type. */
export const EARNING_RULE_EVENTS = [
  EarningRuleAssigned,
  EarningRuleUpdated,
  EarningRuleEnabled,
  EarningRuleDisabled,
  EarningRuleDeleted,
] as const;
