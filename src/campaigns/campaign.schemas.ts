import { type Static, Type } from '@sinclair/typebox';
import { DateTimeIn, FreeObject, Metadata, NullableIn } from '../platform/schemas.js';

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

export const CodeConfigIn = Type.Object({
  length: Type.Optional(NullableIn(Type.Integer())),
  charset: Type.Optional(NullableIn(Type.String())),
  prefix: Type.Optional(NullableIn(Type.String())),
  postfix: Type.Optional(NullableIn(Type.String())),
  pattern: Type.Optional(NullableIn(Type.String())),
  initial_count: Type.Optional(Type.Integer()),
});

export const ValidityTimeframeIn = Type.Object({
  interval: Type.Optional(Type.String()),
  duration: Type.Optional(Type.String()),
});

export const ValidityDayOfWeekIn = Type.Array(Type.Integer({ minimum: 0, maximum: 6 }), { maxItems: 7 });

export const ValidityHoursIn = Type.Object({
  daily: Type.Optional(
    Type.Array(
      Type.Object({
        start_time: Type.String(),
        expiration_time: Type.String(),
        days_of_week: Type.Optional(ValidityDayOfWeekIn),
      }),
    ),
  ),
});

export const RedemptionIn = Type.Object({ quantity: Type.Optional(NullableIn(Type.Integer())) });

/** The voucher template of a campaign; which of discount, gift and loyalty_card applies depends on type. */
export const CampaignVoucherIn = Type.Object({
  type: Type.Optional(
    Type.Union([
      Type.Literal('DISCOUNT_VOUCHER'),
      Type.Literal('GIFT_VOUCHER'),
      Type.Literal('LOYALTY_CARD'),
    ]),
  ),
  discount: Type.Optional(FreeObject),
  gift: Type.Optional(FreeObject),
  loyalty_card: Type.Optional(FreeObject),
  redemption: Type.Optional(RedemptionIn),
  code_config: Type.Optional(CodeConfigIn),
  is_referral_code: Type.Optional(Type.Boolean()),
});

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
  voucher: Type.Optional(CampaignVoucherIn),
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
