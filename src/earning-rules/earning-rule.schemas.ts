import { type Static, Type } from '@sinclair/typebox';
import {
  DateTimeIn,
  FreeObject,
  ListOut,
  Metadata,
  NullableIn,
  OneOf,
  PageQuery,
  PATH_PARAM_MAX_CHARS,
} from '../platform/schemas.js';
import { ValidityDayOfWeekIn, ValidityHoursIn, ValidityTimeframeIn } from '../vouchers/index.js';

/**
 * Request and response schemas of the earning rules (`/v1/loyalties/{campaignId}/earning-rules`), pending
 * points and custom events, after `api-loyalties.json` and `api-events.json`. `loyalty` is checked by
 * `earning-rule.loyalty.ts`, which names the exact field at fault; unknown keys are accepted and ignored.
 */

export const PendingPointsIn = Type.Object({
  period_type: OneOf(['DAY']),
  period_value: Type.Integer({ minimum: 1, maximum: 90 }),
});

const Id = Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS });
const Ref = Type.Object({ id: Type.String({ minLength: 1, maxLength: 200 }) });

const RuleFieldsIn = {
  validation_rule_id: Type.Optional(NullableIn(Type.String({ minLength: 1, maxLength: 200 }))),
  loyalty: Type.Optional(FreeObject),
  custom_event: Type.Optional(NullableIn(Type.Object({ schema_id: Type.Optional(Type.String()) }))),
  segment: Type.Optional(NullableIn(Ref)),
  loyalty_tier: Type.Optional(NullableIn(Ref)),
  source: Type.Optional(Type.Object({ banner: Type.Optional(NullableIn(Type.String({ maxLength: 1000 }))) })),
  active: Type.Optional(Type.Boolean()),
  start_date: Type.Optional(NullableIn(DateTimeIn)),
  expiration_date: Type.Optional(NullableIn(DateTimeIn)),
  pending_points: Type.Optional(NullableIn(PendingPointsIn)),
  expiration_rules: Type.Optional(NullableIn(FreeObject)),
  validity_timeframe: Type.Optional(NullableIn(ValidityTimeframeIn)),
  validity_day_of_week: Type.Optional(NullableIn(ValidityDayOfWeekIn)),
  validity_hours: Type.Optional(NullableIn(ValidityHoursIn)),
  metadata: Type.Optional(Metadata),
};

export const EarningRuleCreateItemIn = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 300 }),
  ...RuleFieldsIn,
  loyalty: FreeObject,
});
export type EarningRuleCreateItemIn = Static<typeof EarningRuleCreateItemIn>;

/** The create body: an array, one rule per item. */
export const EarningRuleCreateIn = Type.Array(EarningRuleCreateItemIn, { minItems: 1, maxItems: 100 });

/** The update body: the event of a rule does not change (Voucherify's update body has none). */
export const EarningRuleUpdateIn = Type.Object(RuleFieldsIn);
export type EarningRuleUpdateIn = Static<typeof EarningRuleUpdateIn>;

export const CampaignParams = Type.Object({ campaignId: Id });
export const EarningRuleParams = Type.Object({ campaignId: Id, earningRuleId: Id });
export const TierParams = Type.Object({ campaignId: Id, tierId: Id });
export const TierEarningRuleListQuery = Type.Object(PageQuery(1000));

export const EarningRuleListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at'])),
});
export type EarningRuleListQuery = Static<typeof EarningRuleListQuery>;

/** An earning rule; declared open so the serializer keeps the presenter's key order. */
export const EarningRuleOut = Type.Object({}, { additionalProperties: true, description: 'EarningRule' });
export const EarningRuleListOut = ListOut('data', EarningRuleOut);
export const EarningRuleArrayOut = Type.Array(EarningRuleOut);
