import { iso } from '../platform/clock.js';
import type { Refusal } from './validation.checks.js';
import type { PromotionStackRow } from '../promotions/index.js';
import { type ApplicableTo, addTotals, noTotals, presentOrder, type Totals } from './validation.order.js';
import { type Outcome, STACKING_RULES, type Validation } from './validation.service.js';

/*
 * Voucherify's validation answers: the stackable one (`valid`, `redeemables` with their `status`, `order`,
 * `inapplicable_redeemables`, `skipped_redeemables`, `stacking_rules`) and the legacy single-voucher one.
 * A field with no value is left out.
 */

type Json = Record<string, unknown>;

const list = (data: unknown[] = []) => ({ object: 'list', data, total: data.length, data_ref: 'data' });

const targets = (to: ApplicableTo | null) => ({
  applicable_to: list(to?.included ?? []),
  inapplicable_to: list(to?.excluded ?? []),
});

function errorOf(r: Refusal, requestId: string): Json {
  const out: Json = {
    code: r.code,
    key: r.key,
    message: r.message,
    details: r.details,
    request_id: requestId,
  };
  if (r.resourceId) out.resource_id = r.resourceId;
  if (r.resourceType) out.resource_type = r.resourceType;
  return out;
}

const appliedOf = (o: Outcome): Totals => ({
  discount: o.applied?.discount ?? 0,
  itemsDiscount: o.applied?.itemsDiscount ?? 0,
  itemDiscounts: o.applied?.itemDiscounts ?? [],
  addedQuantities: o.applied?.addedQuantities ?? [],
});

/** `result` of an applicable redeemable: its discount, the gift credits it uses, or a loyalty card's points. */
function resultOf(o: Outcome): Json {
  if (o.tier) return { discount: JSON.parse(o.tier.row.action).discount ?? null };
  const v = o.voucher!.row;
  if (v.type === 'GIFT_VOUCHER')
    return { gift: { credits: (o.applied?.discount ?? 0) + (o.applied?.itemsDiscount ?? 0) } };
  if (v.type === 'LOYALTY_CARD') return { loyalty_card: { points: 0 } };
  return { discount: JSON.parse(v.discount ?? 'null') };
}

export function presentRedeemableOutcome(
  o: Outcome,
  v: Validation,
  requestId: string,
  expand: boolean,
): Json {
  const out: Json = { status: o.status, id: o.input.id, object: o.input.object };
  if (o.status === 'APPLICABLE') {
    out.order = presentOrder(
      v.order,
      v.initial.amount,
      o.applied!.order,
      appliedOf(o),
      v.customer?.id ?? null,
    );
    Object.assign(out, targets(o.applicableTo));
    out.result = resultOf(o);
  } else if (o.status === 'INAPPLICABLE') {
    out.result = {
      error: errorOf(o.refusal!, requestId),
      details: { key: o.refusal!.key, message: o.refusal!.message },
    };
  } else out.result = { details: o.skip };
  if (o.voucher) out.metadata = JSON.parse(o.voucher.row.metadata);
  if (o.tier) out.metadata = JSON.parse(o.tier.row.metadata);
  out.categories = [];
  const campaign = o.voucher?.campaign ?? o.tier?.campaign;
  if (expand && campaign) {
    out.campaign_name = campaign.name;
    out.campaign_id = campaign.id;
  }
  return out;
}

/**
 * A promotion stack among the redeemables: one entry with its tiers' entries nested (`redeemables`), in the
 * order they applied. It is applicable when all of its tiers are; otherwise it carries its first failing
 * tier's error, or its first skipped tier's reason.
 */
function presentStackOutcome(
  stack: PromotionStackRow,
  tiers: Outcome[],
  v: Validation,
  requestId: string,
  expand: boolean,
): Json {
  const bad = tiers.find((o) => o.status === 'INAPPLICABLE');
  const skipped = tiers.find((o) => o.status === 'SKIPPED');
  const status = bad ? 'INAPPLICABLE' : skipped ? 'SKIPPED' : 'APPLICABLE';
  const out: Json = { status, id: stack.id, object: 'promotion_stack' };
  if (status === 'APPLICABLE') {
    const applied = tiers.reduce((t, o) => addTotals(t, o.applied!), noTotals(v.initial));
    const last = tiers[tiers.length - 1]!.applied!.order;
    out.order = presentOrder(v.order, v.initial.amount, last, applied, v.customer?.id ?? null);
    Object.assign(out, targets(null));
    out.result = {};
  } else if (bad) {
    out.result = {
      error: errorOf(bad.refusal!, requestId),
      details: { key: bad.refusal!.key, message: bad.refusal!.message },
    };
  } else out.result = { details: skipped!.skip };
  out.redeemables = tiers.map((o) => presentRedeemableOutcome(o, v, requestId, expand));
  out.categories = [];
  if (expand) out.campaign_id = stack.campaign_id;
  return out;
}

/** The entries of the request's redeemables: one per voucher and tier, and one per stack with its tiers. */
export function presentRedeemables(v: Validation, requestId: string, expand: boolean): Json[] {
  const out: Json[] = [];
  let k = 0;
  while (k < v.outcomes.length) {
    const stack = v.outcomes[k]!.tier?.stack;
    if (!stack) {
      out.push(presentRedeemableOutcome(v.outcomes[k]!, v, requestId, expand));
      k++;
      continue;
    }
    const tiers: Outcome[] = [];
    while (k < v.outcomes.length && v.outcomes[k]!.tier?.stack === stack) tiers.push(v.outcomes[k++]!);
    out.push(presentStackOutcome(stack, tiers, v, requestId, expand));
  }
  return out;
}

/** The answer of `POST /v1/validations` and `POST /client/v1/validations`. */
export function presentValidation(v: Validation, requestId: string, expand: string[] = []): Json {
  const withRedeemable = expand.includes('redeemable');
  const redeemables = presentRedeemables(v, requestId, withRedeemable);
  const out: Json = { valid: v.valid, redeemables };
  out.order = presentOrder(v.order, v.initial.amount, v.final, v.totals, v.customer?.id ?? null);
  if (v.trackingId) out.tracking_id = v.trackingId;
  const inapplicable = redeemables.filter((r) => r.status === 'INAPPLICABLE');
  const skipped = redeemables.filter((r) => r.status === 'SKIPPED');
  if (inapplicable.length > 0) out.inapplicable_redeemables = inapplicable;
  if (skipped.length > 0) out.skipped_redeemables = skipped;
  out.stacking_rules = STACKING_RULES;
  return out;
}

/** The answer of the legacy `POST /v1/vouchers/{code}/validate`. */
export function presentVoucherValidation(v: Validation, requestId: string): Json {
  const o = v.outcomes[0]!;
  const row = o.voucher!.row;
  if (o.status !== 'APPLICABLE') {
    const r = o.refusal!;
    const out: Json = { valid: false, code: row.code, reason: r.message, error: errorOf(r, requestId) };
    if (v.trackingId) out.tracking_id = v.trackingId;
    out.metadata = JSON.parse(row.metadata);
    return out;
  }
  const out: Json = { valid: true, code: row.code, ...targets(o.applicableTo) };
  if (o.voucher!.campaign) {
    out.campaign = o.voucher!.campaign.name;
    out.campaign_id = o.voucher!.campaign.id;
  }
  out.metadata = JSON.parse(row.metadata);
  if (row.type === 'DISCOUNT_VOUCHER') out.discount = JSON.parse(row.discount ?? 'null');
  if (row.type === 'GIFT_VOUCHER')
    out.gift = {
      amount: row.gift_amount ?? 0,
      balance: row.gift_balance ?? 0,
      ...(row.gift_effect ? { effect: row.gift_effect } : {}),
    };
  if (row.type === 'LOYALTY_CARD') out.loyalty = { points_cost: 0 };
  out.order = presentOrder(v.order, v.initial.amount, v.final, v.totals, v.customer?.id ?? null);
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  if (v.trackingId) out.tracking_id = v.trackingId;
  return out;
}
