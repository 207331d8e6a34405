import { type Static, Type } from '@sinclair/typebox';
import { Metadata, PATH_PARAM_MAX_CHARS } from '../platform/schemas.js';
import { OrderIn } from '../orders/index.js';
import { StackableValidationIn, VoucherValidationIn } from '../validations/index.js';

/**
 * Request schemas of the redemptions API, after `api-redemptions.json`: the stackable redemption takes the
 * stackable validation's body (`StackableValidateRedeemBase`), the legacy single-voucher one the voucher
 * validation's. Unknown keys are ignored.
 */

export const RedemptionCreateIn = StackableValidationIn;
export type RedemptionCreateIn = Static<typeof RedemptionCreateIn>;

export const VoucherRedemptionIn = VoucherValidationIn;
export type VoucherRedemptionIn = Static<typeof VoucherRedemptionIn>;

export const CodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) });
export const TierParams = Type.Object({
  promotionTierId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});
export const IdParams = Type.Object({
  redemptionId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});
export const ParentIdParams = Type.Object({
  parentRedemptionId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});

export const ClientRedeemQuery = Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) });

export const RollbackQuery = Type.Object({
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  tracking_id: Type.Optional(Type.String({ maxLength: 500 })),
});

export const RollbackIn = Type.Object({
  customer: Type.Optional(Type.Object({}, { additionalProperties: true })),
  order: Type.Optional(Type.Object({}, { additionalProperties: true })),
  metadata: Type.Optional(Metadata),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});

export const RedemptionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  order: Type.Optional(Type.Union([Type.Literal('created_at'), Type.Literal('-created_at')])),
  result: Type.Optional(Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAILURE')])),
  campaign: Type.Optional(Type.String({ description: 'Campaign name or id' })),
  customer: Type.Optional(Type.String({ description: 'Customer id' })),
  voucher: Type.Optional(Type.String({ description: 'Voucher code or id' })),
  created_at: Type.Optional(
    Type.Object({
      before: Type.Optional(Type.String({ format: 'date-time' })),
      after: Type.Optional(Type.String({ format: 'date-time' })),
    }),
  ),
});
export type RedemptionListQuery = Static<typeof RedemptionListQuery>;

/** The answers; declared without properties so that the presenter's key order is kept. */
export const RedemptionOut = Type.Object({}, { additionalProperties: true, description: 'Redemption' });

export const RedemptionListOut = Type.Object({
  object: Type.Literal('list'),
  data_ref: Type.Literal('redemptions'),
  redemptions: Type.Array(RedemptionOut),
  total: Type.Integer(),
});

/**
 * `POST /v1/loyalties/members/{memberId}/redemption` (and the campaign-scoped form): the reward to buy with
 * the member's points (`reward.id` is a reward or its assignment; `reward.points`, for a pay-with-points
 * reward, how many points to spend), and the order a pay-with-points reward pays.
 */
export const RewardRedemptionIn = Type.Object({
  reward: Type.Optional(
    Type.Object({
      id: Type.Optional(Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS })),
      points: Type.Optional(Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER })),
    }),
  ),
  order: Type.Optional(OrderIn),
  metadata: Type.Optional(Metadata),
});
export type RewardRedemptionIn = Static<typeof RewardRedemptionIn>;

export const MemberParams = Type.Object({
  memberId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});
export const CampaignMemberParams = Type.Object({
  campaignId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
  memberId: Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS }),
});
