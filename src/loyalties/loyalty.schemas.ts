import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { FreeObject, Metadata, NullableIn, OneOf, PageQuery } from '../platform/schemas.js';

/** Request and response schemas of `/v1/loyalties`, after `api-loyalties.json`. Unknown keys are ignored. */

const Id = (description: string) => Type.String({ minLength: 1, maxLength: 600, description });

export const CampaignParams = Type.Object({ campaignId: Id('Loyalty campaign id or name') });
export const MemberParams = Type.Object({ memberId: Id('Loyalty card code (or v_… id)') });
export const CampaignMemberParams = Type.Object({
  campaignId: Id('Loyalty campaign id or name'),
  memberId: Id('Loyalty card code (or v_… id)'),
});
export const TierParams = Type.Object({
  campaignId: Id('Loyalty campaign id or name'),
  tierId: Id('Loyalty tier id (ltr_…)'),
});

export const MemberCreateIn = Type.Object({
  voucher: Type.Optional(
    Type.String({ minLength: 1, maxLength: 300, description: 'Code of the card to give' }),
  ),
  customer: CustomerCreateIn,
  source_id: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  metadata: Type.Optional(NullableIn(Metadata)),
});
export type MemberCreateIn = Static<typeof MemberCreateIn>;

export const MemberListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at', 'code', '-code'])),
  code: Type.Optional(Type.String({ maxLength: 300 })),
  customer: Type.Optional(Type.String({ maxLength: 600, description: 'Holder id (cust_…)' })),
});
export type MemberListQuery = Static<typeof MemberListQuery>;

const Points = (description: string) =>
  Type.Integer({ minimum: -Number.MAX_SAFE_INTEGER, maximum: Number.MAX_SAFE_INTEGER, description });

export const BalanceIn = Type.Object({
  points: Points('Points to add (positive) or remove (negative); not 0'),
  expiration_type: Type.Optional(OneOf(['PROGRAM_RULES', 'NON_EXPIRING', 'CUSTOM_DATE'])),
  expiration_date: Type.Optional(Type.String({ maxLength: 40, description: 'YYYY-MM-DD, for CUSTOM_DATE' })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
  source_id: Type.Optional(Type.String({ maxLength: 500 })),
});
export type BalanceIn = Static<typeof BalanceIn>;

export const TransfersIn = Type.Array(
  Type.Object({
    code: Type.String({ minLength: 1, maxLength: 300, description: 'The source card' }),
    points: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }),
    reason: Type.Optional(Type.String({ maxLength: 1000 })),
    source_id: Type.String({ minLength: 1, maxLength: 500 }),
  }),
  { minItems: 1, maxItems: 100 },
);
export type TransfersIn = Static<typeof TransfersIn>;

export const TransactionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  order: Type.Optional(OneOf(['id', '-id'])),
  starting_after_id: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Deprecated upstream' })),
});
export type TransactionListQuery = Static<typeof TransactionListQuery>;

export const CampaignTransactionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  order: Type.Optional(
    OneOf(['id', '-id'], { description: '`id`: oldest first; `-id` (default): newest first' }),
  ),
  starting_after_id: Type.Optional(
    Type.String({ maxLength: 200, description: 'A transaction of the program (vtx_…)' }),
  ),
});
export type CampaignTransactionListQuery = Static<typeof CampaignTransactionListQuery>;

export const ExpirationListQuery = Type.Object({ ...PageQuery(1000) });
export type ExpirationListQuery = Static<typeof ExpirationListQuery>;

const Mapping = Type.Union([
  Type.Object({
    type: Type.Literal('MULTIPLY'),
    multiplier: Type.Number({ minimum: 0, maximum: 1_000_000 }),
  }),
  Type.Object({
    type: Type.Literal('CUSTOM'),
    points: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  }),
]);
const Mappings = Type.Record(Type.String({ pattern: '^[A-Za-z0-9_]{1,100}$' }), Mapping, {
  maxProperties: 100,
});

const TierRange = Type.Object({
  from: Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER }),
  to: Type.Optional(Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER })),
});

export const TierIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 200 }),
  points: TierRange,
  earning_rules: Type.Optional(Mappings),
  rewards: Type.Optional(Mappings),
  metadata: Type.Optional(NullableIn(Metadata)),
});
export type TierIn = Static<typeof TierIn>;
export const TiersIn = Type.Array(TierIn, { minItems: 1, maxItems: 100 });

export const TierUpdateIn = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  points: Type.Optional(TierRange),
  earning_rules: Type.Optional(Mappings),
  rewards: Type.Optional(Mappings),
  metadata: Type.Optional(NullableIn(Metadata)),
});
export type TierUpdateIn = Static<typeof TierUpdateIn>;

export const TierListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at'])),
});
export type TierListQuery = Static<typeof TierListQuery>;

/** The answers; declared without properties so that the presenters' key order is kept. */
export const Out = (description: string) => Type.Object({}, { additionalProperties: true, description });
export const TiersOut = Type.Array(FreeObject, { description: 'The tiers created' });
