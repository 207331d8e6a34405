import { Type } from '@sinclair/typebox';
import { FreeObject, NullableIn } from '../platform/schemas.js';

/**
 * Schemas of a voucher template: what a campaign says about the vouchers it issues (code_config, validity,
 * redemption), and what a voucher created alone may say about itself. This module imports no other context,
 * so that the campaigns context can build its schemas from it while the module graph is still loading.
 */

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

/** The voucher template of a campaign (its `voucher` field); which of discount, gift and loyalty_card applies depends on type. */
export const VoucherTemplateIn = Type.Object({
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
