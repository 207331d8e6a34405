import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { OrderIn, OrderItemIn } from '../orders/index.js';
import { FreeObject, Metadata } from '../platform/schemas.js';

/**
 * Request schemas of the validations API (`POST /v1/validations`, `POST /client/v1/validations`, and the
 * legacy `POST /v1/vouchers/{code}/validate`), after the shared shapes of `api-redemptions.json`
 * (`StackableValidateRedeemBase`, `Order`, `OrderItem`). Amounts are integers in the smallest currency unit.
 * Unknown keys are ignored.
 */

const Amount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

// The order of a validation or redemption request is the orders context's; re-exported under its old names.
export { OrderIn, OrderItemIn };

const RedeemableIn = Type.Object({
  object: Type.Union([
    Type.Literal('voucher'),
    Type.Literal('promotion_tier'),
    Type.Literal('promotion_stack'),
  ]),
  id: Type.String({ minLength: 1, maxLength: 300 }),
  gift: Type.Optional(Type.Object({ credits: Type.Optional(Amount) })),
  reward: Type.Optional(FreeObject),
});
export type RedeemableIn = Static<typeof RedeemableIn>;

const SessionIn = Type.Object({}, { additionalProperties: true });

export const StackableValidationIn = Type.Object({
  redeemables: Type.Array(RedeemableIn, { minItems: 1, maxItems: 30 }),
  order: Type.Optional(OrderIn),
  customer: Type.Optional(CustomerCreateIn),
  session: Type.Optional(SessionIn),
  tracking_id: Type.Optional(Type.String({ maxLength: 500 })),
  metadata: Type.Optional(Metadata),
  options: Type.Optional(
    Type.Object({
      expand: Type.Optional(
        Type.Array(
          Type.Union([
            Type.Literal('order'),
            Type.Literal('redeemable'),
            Type.Literal('redemption'),
            Type.Literal('category'),
          ]),
        ),
      ),
    }),
  ),
});
export type StackableValidationIn = Static<typeof StackableValidationIn>;

export const VoucherValidationIn = Type.Object({
  customer: Type.Optional(CustomerCreateIn),
  order: Type.Optional(OrderIn),
  gift: Type.Optional(Type.Object({ credits: Type.Optional(Amount) })),
  reward: Type.Optional(FreeObject),
  session: Type.Optional(SessionIn),
  tracking_id: Type.Optional(Type.String({ maxLength: 500 })),
  metadata: Type.Optional(Metadata),
});
export type VoucherValidationIn = Static<typeof VoucherValidationIn>;

export const ValidateParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) });

/** The answers; declared without properties so that the presenter's key order is kept. */
export const ValidationOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Validation result' },
);
