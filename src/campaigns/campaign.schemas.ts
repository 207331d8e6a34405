import { type Static, Type } from '@sinclair/typebox';
import { DateTimeIn, FreeObject, Metadata, NullableIn } from '../platform/schemas.js';
import {
  ValidityDayOfWeekIn,
  ValidityHoursIn,
  ValidityTimeframeIn,
  VoucherTemplateIn,
} from '../vouchers/index.js';

/**
 * Request and response schemas of the campaigns API, after `api-campaigns.json`. The body schemas check
 * shapes; the rules that depend on the campaign type (which voucher template, which discount) are in
 * `campaign.rules.ts`. Unknown keys are accepted and ignored, as a client may send back what it read.
 */

export const CAMPAIGN_TYPES = [
  'DISCOUNT_COUPONS',
  'GIFT_VOUCHERS',
  'LOYALTY_PROGRAM',
  'PROMOTION',
  'REFERRAL_PROGRAM',
] as const;
export type CampaignType = (typeof CAMPAIGN_TYPES)[number];

const CommonFieldsIn = {
  description: Type.Optional(NullableIn(Type.String({ maxLength: 5000 }))),
  join_once: Type.Optional(Type.Boolean()),
  auto_join: Type.Optional(Type.Boolean()),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeIn)),
  validity_day_of_week: Type.Optional(NullableIn(ValidityDayOfWeekIn)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursIn)),
  activity_duration_after_publishing: Type.Optional(NullableIn(Type.String())),
  category: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  category_id: Type.Optional(NullableIn(Type.String())),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const CampaignCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  campaign_type: Type.Optional(Type.Union(CAMPAIGN_TYPES.map((t) => Type.Literal(t)))),
  type: Type.Optional(Type.Union([Type.Literal('AUTO_UPDATE'), Type.Literal('STATIC')])),
  use_voucher_metadata_schema: Type.Optional(Type.Boolean()),
  vouchers_count: Type.Optional(Type.Integer({ minimum: 0 })),
  active: Type.Optional(Type.Boolean()),
  voucher: Type.Optional(VoucherTemplateIn),
  referral_program: Type.Optional(FreeObject),
  loyalty_tiers_expiration: Type.Optional(FreeObject),
  promotion: Type.Optional(FreeObject),
  validation_rules: Type.Optional(Type.Array(Type.String())),
  ...CommonFieldsIn,
});
export type CampaignCreateIn = Static<typeof CampaignCreateIn>;

export const CampaignUpdateIn = Type.Object({
  type: Type.Optional(Type.Union([Type.Literal('AUTO_UPDATE'), Type.Literal('STATIC')])),
  unset_metadata_fields: Type.Optional(NullableIn(Type.Array(Type.String()))),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  referral_program: Type.Optional(FreeObject),
  loyalty_tiers_expiration: Type.Optional(FreeObject),
  ...CommonFieldsIn,
});
export type CampaignUpdateIn = Static<typeof CampaignUpdateIn>;

export const CampaignParams = Type.Object({ campaignId: Type.String({ minLength: 1, maxLength: 600 }) });

export const CampaignListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  campaign_type: Type.Optional(Type.Union(CAMPAIGN_TYPES.map((t) => Type.Literal(t)))),
  order: Type.Optional(
    Type.Union(['created_at', '-created_at', 'updated_at', '-updated_at'].map((o) => Type.Literal(o))),
  ),
});
export type CampaignListQuery = Static<typeof CampaignListQuery>;

export const DeleteQuery = Type.Object({ force: Type.Optional(Type.Boolean()) });

/**
 * The campaign object (`Campaign` in `api-campaigns.json`). Declared without properties so that the
 * serializer keeps the presenter's key order, which follows Voucherify's examples.
 */
export const CampaignOut = Type.Object({}, { additionalProperties: true, description: 'Campaign' });

export const CampaignListOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('campaigns'),
  campaigns: Type.Array(CampaignOut),
  total: Type.Integer(),
});

export const AsyncActionIdOut = Type.Object({ async_action_id: Type.String() });
