import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { OrderIn } from '../orders/index.js';
import { DateTimeIn, FreeObject, Metadata, OneOf } from '../platform/schemas.js';

/**
 * The body of `POST /v1/qualifications` and `POST /client/v1/qualifications`, after the SDK's
 * `QualificationsCheckEligibilityRequestBody`. Unknown keys are ignored.
 */

export const SCENARIOS = [
  'ALL',
  'CUSTOMER_WALLET',
  'AUDIENCE_ONLY',
  'PRODUCTS',
  'PRODUCTS_DISCOUNT',
  'PROMOTION_STACKS',
] as const;
export type Scenario = (typeof SCENARIOS)[number];

export const SORTING_RULES = ['DEFAULT', 'BEST_DEAL', 'LEAST_DEAL'] as const;

/** Voucherify's page size of a qualification: 5 unless the request says, at most 50. */
export const DEFAULT_LIMIT = 5;
export const MAX_LIMIT = 50;

export const QualificationIn = Type.Object({
  customer: Type.Optional(CustomerCreateIn),
  order: Type.Optional(OrderIn),
  scenario: Type.Optional(OneOf(SCENARIOS)),
  mode: Type.Optional(OneOf(['BASIC', 'ADVANCED'])),
  tracking_id: Type.Optional(Type.String({ maxLength: 500 })),
  metadata: Type.Optional(Metadata),
  options: Type.Optional(
    Type.Object({
      limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_LIMIT })),
      starting_after: Type.Optional(DateTimeIn),
      filters: Type.Optional(FreeObject),
      expand: Type.Optional(
        Type.Array(OneOf(['redeemable', 'category', 'validation_rules'] as const), { maxItems: 3 }),
      ),
      sorting_rule: Type.Optional(OneOf(SORTING_RULES)),
    }),
  ),
});
export type QualificationIn = Static<typeof QualificationIn>;

/** The answer; declared without properties so that the presenter's key order is kept. */
export const QualificationOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Qualification result' },
);
