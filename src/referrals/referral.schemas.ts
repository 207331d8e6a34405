import { type Static, Type } from '@sinclair/typebox';
import { Metadata, NullableIn, PageQuery } from '../platform/schemas.js';

/**
 * Request and response schemas of the referral tiers (`/v1/referrals/{campaignId}/tiers`, Vouchsafe's own:
 * Voucherify configures them only in its dashboard) and of the referral code holders
 * (`/v1/referrals/…/members/{memberId}/holders`, api-referrals.json). A tier rewards the referrer with its
 * `rewards` for `EACH_REFEREE`, or once, when `MIN_REFEREES` unique referees are reached; with
 * `parameters.segment`, only referees in that segment count.
 */

const Id = Type.String({ minLength: 1, maxLength: 600 });

export const CRITERIA = ['EACH_REFEREE', 'MIN_REFEREES'] as const;

const CriteriaIn = Type.Object({
  type: Type.Union(CRITERIA.map((c) => Type.Literal(c))),
  min_referees: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
});

const TierFieldsIn = {
  banner: Type.Optional(NullableIn(Type.String({ maxLength: 1000 }))),
  parameters: Type.Optional(Type.Object({ segment: Type.Optional(NullableIn(Type.Object({ id: Id }))) })),
  metadata: Type.Optional(NullableIn(Metadata)),
};

const RewardsIn = Type.Array(Type.Object({ id: Id }), { maxItems: 10 });

export const TierCreateIn = Type.Object({
  ...TierFieldsIn,
  criteria: CriteriaIn,
  rewards: RewardsIn,
});
export type TierCreateIn = Static<typeof TierCreateIn>;

export const TierUpdateIn = Type.Object({
  ...TierFieldsIn,
  criteria: Type.Optional(CriteriaIn),
  rewards: Type.Optional(RewardsIn),
});
export type TierUpdateIn = Static<typeof TierUpdateIn>;

export const CampaignParams = Type.Object({ campaignId: Id });
export const TierParams = Type.Object({ campaignId: Id, referralTierId: Id });
export const MemberParams = Type.Object({ memberId: Id });
export const CampaignMemberParams = Type.Object({ campaignId: Id, memberId: Id });

export const TierListQuery = Type.Object(PageQuery(1000));
export type TierListQuery = Static<typeof TierListQuery>;

export const HoldersQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  order: Type.Optional(Type.Union([Type.Literal('created_at'), Type.Literal('-created_at')])),
});
export type HoldersQuery = Static<typeof HoldersQuery>;

/** The answers; declared without properties so that the presenter's key order is kept. */
export const TierOut = Type.Object({}, { additionalProperties: true, description: 'Referral tier' });
export const TierListOut = Type.Object({}, { additionalProperties: true, description: 'Referral tiers' });
export const HoldersOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Redeemable holders of a referral code' },
);
