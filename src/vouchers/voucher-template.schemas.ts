import { Type } from '@sinclair/typebox';
import { Absent, DocEnum, DocOneOf } from '../platform/http/openapi.js';
import { FreeObject, NullableIn } from '../platform/schemas.js';
import {
  DURATION,
  EFFECTS,
  GIFT_EFFECTS,
  MAX_PART_LENGTH,
  PERIOD_TYPES,
  TIME_OF_DAY,
  UNIT_EFFECTS,
} from './voucher-template.js';

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

/*
 * Documented forms: the rules `voucher-template.ts` checks, stated in the OpenAPI document (see
 * `documentedBody`). The validation schemas above stay loose on purpose: the services' own errors name the
 * field and the rule.
 */

/** A UNIT discount's unit_off, or its formula. */
const amountOrFormula = (amount: string, formula: string) => ({
  anyOf: [
    { required: [amount], properties: { [amount]: { type: 'number' } } },
    { required: [formula], properties: { [formula]: { type: 'string' } } },
  ],
  description: `${amount} or ${formula} is required`,
});

const NonNegative = () => Type.Optional(NullableIn(Type.Number({ minimum: 0 })));
/** An amount that the discount type requires, formula or not. */
const Amount = (opts: { maximum?: number } = {}) => Type.Number({ minimum: 0, ...opts });
/** A formula that refines the amount per order; not blank. */
const AmountFormula = () => Type.Optional(NullableIn(Type.String({ pattern: '\\S' })));
const NonNegativeInteger = () => Type.Optional(NullableIn(Type.Integer({ minimum: 0 })));
const Formula = () => Type.Optional(NullableIn(Type.String()));
const IsDynamic = Type.Optional(Type.Boolean());

const ProductRefDoc = Type.Optional(
  NullableIn(
    Type.Object({
      id: Type.String(),
      source_id: Type.Optional(Type.String()),
      name: Type.Optional(Type.String()),
    }),
  ),
);

const UnitDoc = (effects: readonly string[]) => ({
  unit_off: NonNegativeInteger(),
  unit_off_formula: Formula(),
  unit_type: Type.String({ minLength: 1, description: 'The product or SKU id the discount adds' }),
  effect: Type.Optional(DocEnum(effects, { nullable: true })),
  product: ProductRefDoc,
  sku: ProductRefDoc,
});

export const DiscountDoc = DocOneOf(
  [
    Type.Object({
      type: DocEnum(['AMOUNT']),
      amount_off: Amount(),
      amount_off_formula: AmountFormula(),
      aggregated_amount_limit: NonNegativeInteger(),
      effect: Type.Optional(DocEnum(EFFECTS.AMOUNT, { nullable: true })),
      is_dynamic: IsDynamic,
    }),
    Type.Object({
      type: DocEnum(['PERCENT']),
      percent_off: Amount({ maximum: 100 }),
      percent_off_formula: AmountFormula(),
      amount_limit: NonNegative(),
      aggregated_amount_limit: NonNegativeInteger(),
      effect: Type.Optional(DocEnum(EFFECTS.PERCENT, { nullable: true })),
      is_dynamic: IsDynamic,
    }),
    Type.Object({
      type: DocEnum(['FIXED']),
      fixed_amount: Amount(),
      fixed_amount_formula: AmountFormula(),
      effect: Type.Optional(DocEnum(EFFECTS.FIXED, { nullable: true })),
      is_dynamic: IsDynamic,
    }),
    Type.Object(
      {
        type: DocEnum(['UNIT']),
        ...UnitDoc(EFFECTS.UNIT.filter((e) => e !== 'ADD_MANY_ITEMS')),
        is_dynamic: IsDynamic,
      },
      {
        ...amountOrFormula('unit_off', 'unit_off_formula'),
        description: 'One unit; unit_off or its formula',
      },
    ),
    Type.Object(
      {
        type: DocEnum(['UNIT']),
        effect: DocEnum(['ADD_MANY_ITEMS']),
        units: Type.Array(
          Type.Object(UnitDoc(UNIT_EFFECTS), amountOrFormula('unit_off', 'unit_off_formula')),
          {
            minItems: 1,
          },
        ),
      },
      { description: 'Several units' },
    ),
  ],
  { description: 'A discount: its type says which amount field it needs, and which effects it allows' },
);

export const GiftDoc = Type.Object({
  amount: Type.Integer({ minimum: 0, description: 'In the smallest currency unit' }),
  effect: Type.Optional(DocEnum(GIFT_EFFECTS, { nullable: true })),
});

export const LoyaltyCardDoc = Type.Object({
  points: NonNegativeInteger(),
  expiration_rules: Type.Optional(
    NullableIn(Type.Object({ period_type: DocEnum(PERIOD_TYPES) }, { additionalProperties: true })),
  ),
});

export const RedemptionDoc = Type.Object({
  quantity: Type.Optional(
    NullableIn(
      Type.Integer({ minimum: 1, description: 'How many times a voucher may be redeemed; null: no limit' }),
    ),
  ),
});

const Part = (description: string) =>
  Type.Optional(NullableIn(Type.String({ maxLength: MAX_PART_LENGTH, description })));

export const CodeConfigDoc = Type.Object(
  {
    length: Type.Optional(
      NullableIn(
        Type.Integer({
          minimum: 1,
          maximum: MAX_PART_LENGTH,
          description: 'Random characters in a code (default 8); a pattern overrides it',
        }),
      ),
    ),
    charset: Type.Optional(
      NullableIn(
        Type.String({
          minLength: 1,
          // Each character once, and none outside the Basic Multilingual Plane.
          pattern: '^(?:([\\u0001-\\uD7FF\\uE000-\\uFFFF])(?![\\s\\S]*\\1))+$',
          description: 'The characters codes are made of, each once (default: letters and digits)',
        }),
      ),
    ),
    prefix: Part('Text before the random part'),
    postfix: Part('Text after the random part'),
    pattern: Type.Optional(
      NullableIn(
        Type.String({
          maxLength: MAX_PART_LENGTH,
          pattern: '#',
          description: 'Each # is one random character of the charset; other characters are kept',
        }),
      ),
    ),
    initial_count: Type.Optional(Type.Integer()),
  },
  {
    description:
      'How codes are made. A campaign needs at least vouchers_count distinct codes: the charset size to the ' +
      'power of the number of random characters',
  },
);

export const ValidityTimeframeDoc = Type.Object(
  {
    interval: Type.Optional(
      Type.String({ pattern: DURATION.source, description: 'ISO 8601 duration, e.g. P2D' }),
    ),
    duration: Type.String({ pattern: DURATION.source, description: 'ISO 8601 duration, e.g. PT1H' }),
  },
  { description: 'Recurring validity windows, counted from start_date, which it needs' },
);

export const ValidityHoursDoc = Type.Object({
  daily: Type.Optional(
    Type.Array(
      Type.Object({
        start_time: Type.String({ pattern: TIME_OF_DAY.source, description: 'HH:mm' }),
        expiration_time: Type.String({ pattern: TIME_OF_DAY.source, description: 'HH:mm' }),
        days_of_week: Type.Optional(ValidityDayOfWeekIn),
      }),
    ),
  ),
});

const TemplateFieldsDoc = {
  redemption: Type.Optional(RedemptionDoc),
  code_config: Type.Optional(CodeConfigDoc),
  is_referral_code: Type.Optional(Type.Boolean({ description: 'Ignored: the campaign type sets it' })),
};

/** The documented voucher template of a campaign, by the voucher type the campaign issues. */
export const VoucherTemplateDocs = {
  DISCOUNT_VOUCHER: Type.Object({
    type: Type.Optional(DocEnum(['DISCOUNT_VOUCHER'])),
    discount: DiscountDoc,
    gift: Absent('Only GIFT_VOUCHER templates have a gift'),
    loyalty_card: Absent('Only LOYALTY_CARD templates have a loyalty_card'),
    ...TemplateFieldsDoc,
  }),
  GIFT_VOUCHER: Type.Object({
    type: Type.Optional(DocEnum(['GIFT_VOUCHER'])),
    gift: GiftDoc,
    discount: Absent('Only DISCOUNT_VOUCHER templates have a discount'),
    loyalty_card: Absent('Only LOYALTY_CARD templates have a loyalty_card'),
    ...TemplateFieldsDoc,
  }),
  LOYALTY_CARD: Type.Object({
    type: Type.Optional(DocEnum(['LOYALTY_CARD'])),
    loyalty_card: LoyaltyCardDoc,
    discount: Absent('Only DISCOUNT_VOUCHER templates have a discount'),
    gift: Absent('Only GIFT_VOUCHER templates have a gift'),
    ...TemplateFieldsDoc,
  }),
};

/** A validity_timeframe counts from start_date, so it needs one (null counts as none). */
export const TIMEFRAME_NEEDS_START_DATE = [
  { not: { required: ['validity_timeframe'] } },
  { properties: { validity_timeframe: { type: 'null' } } },
  { required: ['start_date'], properties: { start_date: { type: 'string' } } },
];

/** Categories are not kept yet: any category_id is unknown, so only null or "" gets through. */
export const CategoryIdDoc = Type.Optional(
  NullableIn(
    Type.String({ maxLength: 0, description: 'Categories are not kept yet, so any category id is refused' }),
  ),
);
