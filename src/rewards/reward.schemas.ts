import { type Static, Type } from '@sinclair/typebox';
import { Metadata, NullableIn, PageQuery } from '../platform/schemas.js';

/**
 * Request and response schemas of the rewards API (`/v1/rewards`, `/v1/rewards/{id}/assignments`, the
 * loyalty forms `/v1/loyalties/{campaignId}/rewards`), after `Reward` and `RewardAssignment` of
 * api-rewards.json. The type of a reward follows from its `parameters` (one of `campaign`, `coin`,
 * `product`); a `type` sent with them must agree. Unknown keys are ignored.
 */

const Id = Type.String({ minLength: 1, maxLength: 600 });
const Points = Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER });

export const REWARD_TYPES = ['CAMPAIGN', 'COIN', 'MATERIAL'] as const;
export type RewardType = (typeof REWARD_TYPES)[number];

const ParametersIn = Type.Object({
  campaign: Type.Optional(
    Type.Object({
      id: Id,
      balance: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
    }),
  ),
  coin: Type.Optional(
    Type.Object({
      exchange_ratio: Type.Number({ exclusiveMinimum: 0, maximum: 1_000_000_000 }),
      points_ratio: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000_000 })),
    }),
  ),
  product: Type.Optional(Type.Object({ id: Id, sku_id: Type.Optional(NullableIn(Id)) })),
});
export type RewardParametersIn = Static<typeof ParametersIn>;

const AttributesIn = Type.Object({
  image_url: Type.Optional(Type.String({ maxLength: 2048 })),
  description: Type.Optional(Type.String({ maxLength: 5000 })),
});

const RewardFieldsIn = {
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  stock: Type.Optional(NullableIn(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }))),
  attributes: Type.Optional(AttributesIn),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const RewardCreateIn = Type.Object({
  ...RewardFieldsIn,
  type: Type.Optional(Type.Union(REWARD_TYPES.map((t) => Type.Literal(t)))),
  parameters: ParametersIn,
});
export type RewardCreateIn = Static<typeof RewardCreateIn>;

export const RewardUpdateIn = Type.Object({ ...RewardFieldsIn, parameters: Type.Optional(ParametersIn) });
export type RewardUpdateIn = Static<typeof RewardUpdateIn>;

export const RewardParams = Type.Object({ rewardId: Id });
export const RewardAssignmentParams = Type.Object({ rewardId: Id, assignmentId: Id });
export const CampaignParams = Type.Object({ campaignId: Id });
export const CampaignAssignmentParams = Type.Object({ campaignId: Id, assignmentId: Id });

export const RewardListQuery = Type.Object({
  ...PageQuery(1000),
  assignment_id: Type.Optional(Id),
});
export type RewardListQuery = Static<typeof RewardListQuery>;

export const AssignmentListQuery = Type.Object(PageQuery(1000));
export type AssignmentListQuery = Static<typeof AssignmentListQuery>;

export const MemberParams = Type.Object({ memberId: Id });
export const TierParams = Type.Object({ campaignId: Id, tierId: Id });

export const MemberRewardListQuery = Type.Object({
  ...PageQuery(1000),
  affordable_only: Type.Optional(
    Type.Boolean({ description: 'Only the rewards whose price is at most the card balance' }),
  ),
});
export type MemberRewardListQuery = Static<typeof MemberRewardListQuery>;

const LoyaltyIn = Type.Object({
  points: Type.Optional(Points),
  auto_redeem: Type.Optional(NullableIn(Type.Boolean())),
});

const AssignmentParametersIn = Type.Object({ loyalty: Type.Optional(LoyaltyIn) });

/** `POST /v1/rewards/{id}/assignments`: the loyalty campaign (id or name) and the price in points. */
export const AssignmentCreateIn = Type.Object({
  campaign: Type.String({ minLength: 1, maxLength: 600 }),
  parameters: Type.Optional(AssignmentParametersIn),
  validation_rules: Type.Optional(Type.Array(Id, { maxItems: 1 })),
});
export type AssignmentCreateIn = Static<typeof AssignmentCreateIn>;

/** One item of `POST /v1/loyalties/{campaignId}/rewards`. */
const LoyaltyAssignmentItemIn = Type.Object({
  reward: Id,
  parameters: Type.Optional(AssignmentParametersIn),
  validation_rules: Type.Optional(Type.Array(Id, { maxItems: 1 })),
});
export const LoyaltyAssignmentsCreateIn = Type.Array(LoyaltyAssignmentItemIn, { minItems: 1, maxItems: 100 });
export type LoyaltyAssignmentsCreateIn = Static<typeof LoyaltyAssignmentsCreateIn>;

export const AssignmentUpdateIn = Type.Object({ parameters: Type.Optional(AssignmentParametersIn) });
export type AssignmentUpdateIn = Static<typeof AssignmentUpdateIn>;

/** The answers; declared without properties so that the presenter's key order is kept. */
export const RewardOut = Type.Object({}, { additionalProperties: true, description: 'Reward' });
export const RewardListOut = Type.Object({}, { additionalProperties: true, description: 'Rewards' });
export const AssignmentOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Reward assignment' },
);
export const AssignmentListOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Reward assignments' },
);
export const AssignmentArrayOut = Type.Array(AssignmentOut);
