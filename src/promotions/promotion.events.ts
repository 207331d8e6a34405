import { Type } from '@sinclair/typebox';
import { presentSimpleCampaign, SimpleCampaignOut, sampleCampaignRow } from '../campaigns/index.js';
import { FreeObject } from '../platform/schemas.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { type Json, presentStack, presentTier } from './promotion.presenter.js';
import type { PromotionStackRow, PromotionTierRow } from './promotion.table.js';

/*
 * The campaign.promotion_tier.* events (`EventCampaignPromotionTier` of webhooks.json: the SimpleCampaign
 * and the PromotionTier as `GET /v1/promotions/tiers/{id}` answers it; a delete sends the tier's last state)
 * and the two campaign.promotion_stack.* events (EVENTS.md §1.1: the SimpleCampaign and the PromotionStack).
 */

const Opt = Type.Optional;
const Str = Type.String;
const Time = () => Type.String({ format: 'date-time' });

const AssignmentsOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('data'),
  data: Type.Array(FreeObject),
  total: Type.Integer(),
});

/** `PromotionTier` (`presentTier`), key for key. */
export const TierEventOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    created_at: Time(),
    updated_at: Opt(Time()),
    name: Str(),
    banner: Opt(Str()),
    action: Type.Object({ discount: Opt(FreeObject) }),
    metadata: FreeObject,
    hierarchy: Type.Integer(),
    promotion_id: Str(),
    campaign: FreeObject,
    campaign_id: Str(),
    active: Type.Boolean(),
    start_date: Opt(Time()),
    expiration_date: Opt(Time()),
    validity_timeframe: Opt(FreeObject),
    validity_day_of_week: Opt(Type.Array(Type.Integer())),
    validity_hours: Opt(FreeObject),
    category: Opt(Str()),
    summary: Type.Object({
      redemptions: Type.Object({ total_redeemed: Type.Integer() }),
      orders: Type.Object({ total_amount: Type.Integer(), total_discount_amount: Type.Integer() }),
    }),
    object: Type.Literal('promotion_tier'),
    validation_rule_assignments: AssignmentsOut,
    categories: Type.Array(FreeObject),
  }),
);

/** `PromotionStack` (`presentStack`), key for key. */
export const StackEventOut = Type.Unsafe<Json>(
  Type.Object({
    id: Str(),
    name: Str(),
    tiers: Type.Object({ ids: Type.Array(Str()), hierarchy_mode: Type.Literal('MANUAL') }),
    created_at: Time(),
    updated_at: Opt(Time()),
    campaign_id: Str(),
    object: Type.Literal('promotion_stack'),
    category_id: Type.Union([Str(), Type.Null()]),
    categories: Type.Array(FreeObject),
  }),
);

/** `SimplePromotionTier` (`presentSimpleTier`), as the redemption.* events carry it. */
export const SimpleTierOut = Type.Object({
  id: Str(),
  name: Str(),
  banner: Opt(Str()),
  campaign: Type.Object({ id: Str() }),
  metadata: FreeObject,
});

/** `SimplePromotionStack` (`presentSimpleStack`), as the redemption.* events carry it. */
export const SimpleStackOut = Type.Object({
  id: Str(),
  name: Str(),
  category_id: Opt(Str()),
  campaign: Type.Object({ id: Str() }),
  tiers: Type.Object({ ids: Type.Array(Str()), hierarchy_mode: Type.Literal('MANUAL') }),
});

const TierData = () => Type.Object({ campaign: SimpleCampaignOut, promotion_tier: TierEventOut });
const StackData = () => Type.Object({ campaign: SimpleCampaignOut, promotion_stack: StackEventOut });

const sampleCampaign = () => ({
  ...sampleCampaignRow(),
  campaign_type: 'PROMOTION' as const,
  voucher: null,
  name: 'Sample promotion',
});

export const sampleTierRow = (): PromotionTierRow => ({
  id: 'promo_sample000000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleCampaignRow().id,
  name: 'Ten off above 100',
  banner: '10.00 off orders above 100.00',
  action: JSON.stringify({ discount: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ORDER' } }),
  hierarchy: 1,
  active: 1,
  start_date: null,
  expiration_date: null,
  validity_timeframe: null,
  validity_day_of_week: null,
  validity_hours: null,
  category: null,
  metadata: '{}',
  total_redeemed: 0,
  orders_total_amount: 0,
  orders_total_discount_amount: 0,
  created_at: SAMPLE_TIME,
  updated_at: null,
});

export const sampleStackRow = (): PromotionStackRow => ({
  id: 'stack_sample000000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleCampaignRow().id,
  name: 'Sample stack',
  tier_ids: JSON.stringify([sampleTierRow().id]),
  hierarchy_mode: 'MANUAL',
  category_id: null,
  created_at: SAMPLE_TIME,
  updated_at: null,
});

const tierSample =
  (patch: Partial<PromotionTierRow> = {}) =>
  () => {
    const row = { ...sampleTierRow(), ...patch };
    const c = sampleCampaign();
    return {
      data: { campaign: presentSimpleCampaign(c), promotion_tier: presentTier(row, c) },
      entityId: row.id,
    };
  };

const stackSample =
  (patch: Partial<PromotionStackRow> = {}) =>
  () => {
    const row = { ...sampleStackRow(), ...patch };
    return {
      data: { campaign: presentSimpleCampaign(sampleCampaign()), promotion_stack: presentStack(row) },
      entityId: row.id,
    };
  };

export const TierCreated = declareEvent('campaign.promotion_tier.created', TierData, tierSample());
export const TierUpdated = declareEvent(
  'campaign.promotion_tier.updated',
  TierData,
  tierSample({ updated_at: SAMPLE_TIME }),
);
export const TierDeleted = declareEvent('campaign.promotion_tier.deleted', TierData, tierSample());
export const TierEnabled = declareEvent(
  'campaign.promotion_tier.enabled',
  TierData,
  tierSample({ updated_at: SAMPLE_TIME }),
);
export const TierDisabled = declareEvent(
  'campaign.promotion_tier.disabled',
  TierData,
  tierSample({ active: 0, updated_at: SAMPLE_TIME }),
);
export const StackCreated = declareEvent('campaign.promotion_stack.created', StackData, stackSample());
export const StackUpdated = declareEvent(
  'campaign.promotion_stack.updated',
  StackData,
  stackSample({ updated_at: SAMPLE_TIME }),
);

/** Every event this context fires. */
export const PROMOTION_EVENTS = [
  TierCreated,
  TierUpdated,
  TierDeleted,
  TierEnabled,
  TierDisabled,
  StackCreated,
  StackUpdated,
];
