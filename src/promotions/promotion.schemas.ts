import { type Static, Type } from '@sinclair/typebox';
import {
  DateTimeIn,
  FreeObject,
  ListOut,
  Metadata,
  NullableIn,
  OneOf,
  PageQuery,
} from '../platform/schemas.js';
import { ValidityDayOfWeekIn, ValidityHoursIn, ValidityTimeframeIn } from '../vouchers/index.js';

/**
 * Request and response schemas of the promotions API, after `api-promotions.json` (`PromotionTierCreate`,
 * `PromotionTierUpdate`, `PromotionStackBase`). The discount is checked as a voucher's (`normaliseDiscount`).
 * Unknown keys are accepted and ignored.
 */

const Id = Type.String({ minLength: 1, maxLength: 600 });

const TierFieldsIn = {
  banner: Type.Optional(NullableIn(Type.String({ maxLength: 5000 }))),
  action: Type.Optional(Type.Object({ discount: Type.Optional(FreeObject) })),
  hierarchy: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
  active: Type.Optional(Type.Boolean()),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeIn)),
  validity_day_of_week: Type.Optional(NullableIn(ValidityDayOfWeekIn)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursIn)),
  category: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  category_id: Type.Optional(NullableIn(Type.String({ maxLength: 600 }))),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const TierCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  ...TierFieldsIn,
  validation_rules: Type.Optional(Type.Array(Id, { maxItems: 10 })),
});
export type TierCreateIn = Static<typeof TierCreateIn>;

export const TierUpdateIn = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  ...TierFieldsIn,
});
export type TierUpdateIn = Static<typeof TierUpdateIn>;

export const MAX_STACK_TIERS = 30;

const StackTiersIn = Type.Object({
  ids: Type.Array(Id, { minItems: 1, maxItems: MAX_STACK_TIERS }),
  hierarchy_mode: Type.Optional(Type.Literal('MANUAL')),
});

export const StackCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  tiers: StackTiersIn,
  category_id: Type.Optional(NullableIn(Type.String({ maxLength: 600 }))),
});
export type StackCreateIn = Static<typeof StackCreateIn>;

export const StackUpdateIn = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  tiers: Type.Optional(StackTiersIn),
  category_id: Type.Optional(NullableIn(Type.String({ maxLength: 600 }))),
});
export type StackUpdateIn = Static<typeof StackUpdateIn>;

export const CampaignParams = Type.Object({ campaignId: Id });
export const TierParams = Type.Object({ promotionTierId: Id });
export const StackParams = Type.Object({ campaignId: Id, stackId: Id });

export const TierListQuery = Type.Object({
  ...PageQuery(1000),
  is_available: Type.Optional(Type.Boolean()),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at'])),
});
export type TierListQuery = Static<typeof TierListQuery>;

export const StackListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at', 'name', '-name'])),
});
export type StackListQuery = Static<typeof StackListQuery>;

/** The answers; declared without properties so that the presenter's key order is kept. */
export const TierOut = Type.Object({}, { additionalProperties: true, description: 'PromotionTier' });
export const StackOut = Type.Object({}, { additionalProperties: true, description: 'PromotionStack' });
export const TierListOut = ListOut('tiers', TierOut, { has_more: Type.Boolean() });
export const StackListOut = ListOut('data', StackOut);
