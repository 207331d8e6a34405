import { iso } from '../platform/clock.js';
import type { Refusal } from './validation.checks.js';
import { type ApplicableTo, presentOrder, type Totals } from './validation.order.js';
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
  out.categories = [];
  if (expand && o.voucher?.campaign) {
    out.campaign_name = o.voucher.campaign.name;
    out.campaign_id = o.voucher.campaign.id;
  }
  return out;
}

/** The answer of `POST /v1/validations` and `POST /client/v1/validations`. */
export function presentValidation(v: Validation, requestId: string, expand: string[] = []): Json {
  const withRedeemable = expand.includes('redeemable');
  const redeemables = v.outcomes.map((o) => presentRedeemableOutcome(o, v, requestId, withRedeemable));
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
