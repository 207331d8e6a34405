import { type Static, Type } from '@sinclair/typebox';
import {
  DateTimeIn,
  FreeObject,
  ListOut,
  NullableIn,
  OneOf,
  PageQuery,
  PATH_PARAM_MAX_CHARS,
} from '../platform/schemas.js';

/**
 * Request and response schemas of the validation-rules API, after `api-validation-rules.json`. The shape of
 * `rules` (names, conditions, logic) is checked by the rule engine's compiler, which names the exact path of
 * a fault; these schemas check the rest. Unknown keys are accepted and ignored.
 */

export const RULE_TYPES = ['expression', 'basic', 'advanced', 'complex'] as const;

const DISCOUNT_CONTEXTS = [
  'discount.apply_to_order',
  'discount.apply_to_items',
  'discount.apply_to_items_proportionally',
  'discount.apply_to_items_proportionally_by_quantity',
  'discount.apply_to_items_by_quantity',
  'discount.fixed.apply_to_items',
  'discount.percent.apply_to_items',
];

/** `context_type`, as the spec enumerates it. */
export const CONTEXT_TYPES = [
  'earning_rule.order.paid',
  'earning_rule.custom_event',
  'earning_rule.customer.segment.entered',
  ...['joined', 'left', 'upgraded', 'downgraded', 'prolonged'].map((t) => `earning_rule.customer.tier.${t}`),
  'campaign.discount_coupons',
  ...DISCOUNT_CONTEXTS.map((c) => `campaign.discount_coupons.${c}`),
  'campaign.gift_vouchers',
  'campaign.gift_vouchers.gift.apply_to_order',
  'campaign.gift_vouchers.gift.apply_to_items',
  'campaign.referral_program',
  ...DISCOUNT_CONTEXTS.map((c) => `campaign.referral_program.${c}`),
  'campaign.promotion',
  ...DISCOUNT_CONTEXTS.map((c) => `campaign.promotion.${c}`),
  'campaign.loyalty_program',
  'voucher.discount_voucher',
  ...DISCOUNT_CONTEXTS.map((c) => `voucher.discount_voucher.${c}`),
  'voucher.gift_voucher',
  'voucher.gift_voucher.gift.apply_to_order',
  'voucher.gift_voucher.gift.apply_to_items',
  'voucher.loyalty_card',
  'distribution.custom_event',
  'distribution.order.paid',
  'distribution.order.created',
  'distribution.order.canceled',
  'distribution.order.updated',
  'reward_assignment.pay_with_points',
  'global',
];

const Effect = OneOf([
  'APPLY_TO_EVERY',
  'APPLY_TO_CHEAPEST',
  'APPLY_FROM_CHEAPEST',
  'APPLY_TO_MOST_EXPENSIVE',
  'APPLY_FROM_MOST_EXPENSIVE',
]);

const Count = Type.Integer({ minimum: 0 });

/** One product, SKU or collection a discount applies to (`ApplicableTo`). */
export const ApplicableToItemIn = Type.Object({
  object: OneOf(['product', 'sku', 'products_collection']),
  id: Type.String({ minLength: 1, maxLength: 200 }),
  source_id: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  product_id: Type.Optional(NullableIn(Type.String({ maxLength: 200 }))),
  product_source_id: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  strict: Type.Optional(Type.Boolean()),
  price: Type.Optional(Type.Number({ minimum: 0 })),
  price_formula: Type.Optional(Type.Number()),
  effect: Type.Optional(Effect),
  quantity_limit: Type.Optional(Count),
  aggregated_quantity_limit: Type.Optional(Count),
  amount_limit: Type.Optional(Count),
  aggregated_amount_limit: Type.Optional(Count),
  order_item_indices: Type.Optional(Type.Array(Count, { maxItems: 1000 })),
  repeat: Type.Optional(Type.Integer({ minimum: 1 })),
  skip_initially: Type.Optional(Count),
  target: Type.Optional(OneOf(['ITEM', 'UNIT'])),
});
export type ApplicableToItemIn = Static<typeof ApplicableToItemIn>;

export const ApplicableToIn = Type.Object({
  excluded: Type.Optional(Type.Array(ApplicableToItemIn, { maxItems: 1000 })),
  included: Type.Optional(Type.Array(ApplicableToItemIn, { maxItems: 1000 })),
  included_all: Type.Optional(Type.Boolean()),
});

const ErrorIn = Type.Object({ message: Type.Optional(NullableIn(Type.String({ maxLength: 1000 }))) });

const RuleFieldsIn = {
  rules: Type.Optional(FreeObject),
  bundle_rules: Type.Optional(NullableIn(FreeObject)),
  error: Type.Optional(NullableIn(ErrorIn)),
  applicable_to: Type.Optional(NullableIn(ApplicableToIn)),
  type: Type.Optional(OneOf(RULE_TYPES)),
  context_type: Type.Optional(OneOf(CONTEXT_TYPES)),
};

export const RuleCreateIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 500 }),
  ...RuleFieldsIn,
});
export type RuleCreateIn = Static<typeof RuleCreateIn>;

export const RuleUpdateIn = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  ...RuleFieldsIn,
});
export type RuleUpdateIn = Static<typeof RuleUpdateIn>;

const Id = Type.String({ minLength: 1, maxLength: PATH_PARAM_MAX_CHARS });

export const RuleParams = Type.Object({ validationRuleId: Id });
export const AssignmentParams = Type.Object({ validationRuleId: Id, assignmentId: Id });

const Paging = {
  ...PageQuery(1000),
};

export const RuleListQuery = Type.Object({
  ...Paging,
  order: Type.Optional(OneOf(['created_at', '-created_at', 'updated_at', '-updated_at', 'name', '-name'])),
  start_date: Type.Optional(DateTimeIn),
  end_date: Type.Optional(DateTimeIn),
});
export type RuleListQuery = Static<typeof RuleListQuery>;

const AssignmentOrder = Type.Optional(OneOf(['created_at', '-created_at']));

export const RuleAssignmentsQuery = Type.Object({ ...Paging, order: AssignmentOrder });
export type RuleAssignmentsQuery = Static<typeof RuleAssignmentsQuery>;

export const AllAssignmentsQuery = Type.Object({
  ...Paging,
  order: AssignmentOrder,
  related_object_id: Type.Optional(Id),
  rule: Type.Optional(Id),
});
export type AllAssignmentsQuery = Static<typeof AllAssignmentsQuery>;

/** The objects a rule can be assigned to (`related_object_type`). */
export const RELATED_TYPES = [
  'voucher',
  'campaign',
  'promotion_tier',
  'earning_rule',
  'distribution',
  'reward_assignment',
] as const;
export type RelatedType = (typeof RELATED_TYPES)[number];

/** `{voucher: "v_…"}`, `{campaign: "camp_…"}`, … or `{related_object_type, related_object_id}`. */
export const AssignmentCreateIn = Type.Object({
  voucher: Type.Optional(Id),
  campaign: Type.Optional(Id),
  promotion_tier: Type.Optional(Id),
  earning_rule: Type.Optional(Id),
  distribution: Type.Optional(Id),
  reward_assignment: Type.Optional(Id),
  related_object_type: Type.Optional(OneOf(RELATED_TYPES)),
  related_object_id: Type.Optional(Id),
});
export type AssignmentCreateIn = Static<typeof AssignmentCreateIn>;

export const AssignmentCreateQuery = Type.Object({ force: Type.Optional(Type.Boolean()) });

/** A validation rule, or an assignment; declared open so the serializer keeps the presenter's key order. */
export const RuleOut = Type.Object({}, { additionalProperties: true, description: 'ValidationRule' });
export const AssignmentOut = Type.Object(
  {},
  { additionalProperties: true, description: 'ValidationRuleAssignment' },
);

export const RuleListOut = ListOut('data', RuleOut);

export const AssignmentListOut = ListOut('data', AssignmentOut);
