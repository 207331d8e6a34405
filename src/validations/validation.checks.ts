import type { CampaignRow } from '../campaigns/index.js';
import type { PromotionTierRow } from '../promotions/index.js';
import type { VoucherRow } from '../vouchers/index.js';
import { iso } from '../platform/clock.js';
import { withinValidity } from '../platform/validity.js';

/**
 * The checks a redemption makes of a voucher, as data: each failing check is a refusal with Voucherify's
 * error key, in the order a redemption meets them. Pure; the validation rules' check comes after these.
 */

export interface Refusal {
  code: number;
  key: string;
  message: string;
  details: string;
  resourceId?: string;
  resourceType?: string;
  /** A validation rule's own error message, when the failing rule has one. */
  ruleMessage?: string;
}

export interface CheckContext {
  now: number;
  timeZone: string;
  /** The customer the request names, when it names one that exists. */
  customerId: string | null;
  /** Whether the request names a customer at all (a new source_id counts). */
  customerGiven: boolean;
  /** Gift credits the request asks for, if it says. */
  giftCredits?: number;
  /** How many lines the request's order has (0 without an order). */
  orderItems?: number;
}

const refusal = (key: string, message: string, details: string, v: VoucherRow): Refusal => ({
  code: 400,
  key,
  message,
  details,
  resourceId: v.code,
  resourceType: 'voucher',
});

export const voucherNotFoundRefusal = (code: string): Refusal => ({
  code: 404,
  key: 'not_found',
  message: 'Resource not found',
  details: `Cannot find voucher with id ${code}`,
  resourceId: code,
  resourceType: 'voucher',
});

export const notFoundRefusal = (type: string, id: string): Refusal => ({
  code: 404,
  key: 'not_found',
  message: 'Resource not found',
  details: `Cannot find ${type} with id ${id}`,
  resourceId: id,
  resourceType: type,
});

function scheduleRefusal(v: VoucherRow, c: CheckContext): Refusal | null {
  if (v.start_date !== null && c.now < v.start_date)
    return refusal(
      'voucher_not_active',
      'Voucher not active',
      `Voucher ${v.code} is active from ${iso(v.start_date)}`,
      v,
    );
  if (v.expiration_date !== null && c.now > v.expiration_date)
    return refusal(
      'voucher_expired',
      'Voucher expired',
      `Voucher ${v.code} expired at ${iso(v.expiration_date)}`,
      v,
    );
  const windows = {
    start_date: v.start_date,
    validity_timeframe: v.validity_timeframe === null ? null : JSON.parse(v.validity_timeframe),
    validity_day_of_week: v.validity_day_of_week === null ? null : JSON.parse(v.validity_day_of_week),
    validity_hours: v.validity_hours === null ? null : JSON.parse(v.validity_hours),
  };
  if (!withinValidity(windows, c.now, c.timeZone))
    return refusal(
      'voucher_not_active_now',
      'Voucher not active now',
      `Voucher ${v.code} is outside its validity timeframe, days or hours (time zone ${c.timeZone})`,
      v,
    );
  return null;
}

function holderRefusal(v: VoucherRow, c: CheckContext): Refusal | null {
  // A loyalty card is its holder's; discount codes and gift cards may be used by anyone (a validation rule
  // can restrict them).
  if (v.type !== 'LOYALTY_CARD' || v.holder_id === null) return null;
  if (!c.customerGiven)
    return refusal(
      'missing_customer',
      'Missing customer',
      `Loyalty card ${v.code} needs its holder as the customer`,
      v,
    );
  if (c.customerId !== v.holder_id)
    return refusal(
      'invalid_customer',
      'Invalid customer',
      `Loyalty card ${v.code} is held by another customer`,
      v,
    );
  return null;
}

/** A referral code is for referees: it needs one as the customer, and its referrer may not redeem it. */
function referralRefusal(v: VoucherRow, c: CheckContext): Refusal | null {
  if (v.is_referral_code !== 1 || v.holder_id === null) return null;
  if (!c.customerGiven)
    return refusal(
      'missing_customer',
      'Missing customer',
      `Referral code ${v.code} needs the referred customer as the customer`,
      v,
    );
  if (c.customerId === v.holder_id)
    return refusal(
      'referrer_not_permitted_to_redeem',
      'Referrer not permitted to redeem',
      `Referral code ${v.code} belongs to the customer redeeming it; a referrer cannot redeem their own code`,
      v,
    );
  return null;
}

function giftRefusal(v: VoucherRow, c: CheckContext): Refusal | null {
  if (v.type !== 'GIFT_VOUCHER') return null;
  const balance = v.gift_balance ?? 0;
  if (balance <= 0)
    return refusal(
      'gift_amount_exceeded',
      'Gift amount exceeded',
      `Gift card ${v.code} has no balance left`,
      v,
    );
  if (c.giftCredits !== undefined && c.giftCredits > balance)
    return refusal(
      'gift_amount_exceeded',
      'Gift amount exceeded',
      `Gift card ${v.code} has a balance of ${balance}, less than the ${c.giftCredits} asked for`,
      v,
    );
  return null;
}

/** A discount on the order's items needs items to apply to. */
function itemsRefusal(v: VoucherRow, c: CheckContext): Refusal | null {
  if (v.type !== 'DISCOUNT_VOUCHER' || v.discount === null || c.orderItems === undefined) return null;
  const effect = (JSON.parse(v.discount) as { effect?: string }).effect ?? '';
  if (!effect.startsWith('APPLY_TO_ITEMS') || c.orderItems > 0) return null;
  return refusal(
    'missing_order_items',
    'Missing order items',
    `Voucher ${v.code} discounts order items (${effect}); the order has none`,
    v,
  );
}

/** The first check the voucher fails, or null when a redemption would accept it (rules aside). */
export function voucherRefusal(v: VoucherRow, campaign: CampaignRow | null, c: CheckContext): Refusal | null {
  if (v.active !== 1)
    return refusal('voucher_disabled', 'Voucher is disabled', `Voucher ${v.code} is disabled`, v);
  if (campaign && campaign.active !== 1)
    return refusal(
      'voucher_disabled',
      'Voucher is disabled',
      `Campaign ${campaign.name} of voucher ${v.code} is disabled`,
      v,
    );
  const schedule = scheduleRefusal(v, c);
  if (schedule) return schedule;
  if (v.redemption_quantity !== null && v.redeemed_quantity >= v.redemption_quantity)
    return refusal(
      'quantity_exceeded',
      'Quantity exceeded',
      `Voucher ${v.code} was redeemed ${v.redeemed_quantity} of ${v.redemption_quantity} times`,
      v,
    );
  return holderRefusal(v, c) ?? referralRefusal(v, c) ?? giftRefusal(v, c) ?? itemsRefusal(v, c);
}

const tierRefusalOf = (key: string, message: string, details: string, t: PromotionTierRow): Refusal => ({
  code: 400,
  key,
  message,
  details,
  resourceId: t.id,
  resourceType: 'promotion_tier',
});

type Schedule = Pick<
  PromotionTierRow,
  'start_date' | 'expiration_date' | 'validity_timeframe' | 'validity_day_of_week' | 'validity_hours'
>;

/** Why a tier's or campaign's schedule does not hold now, or null when it does. */
function outside(s: Schedule, c: CheckContext): string | null {
  if (s.start_date !== null && c.now < s.start_date) return `is active from ${iso(s.start_date)}`;
  if (s.expiration_date !== null && c.now > s.expiration_date) return `expired at ${iso(s.expiration_date)}`;
  const windows = {
    start_date: s.start_date,
    validity_timeframe: s.validity_timeframe === null ? null : JSON.parse(s.validity_timeframe),
    validity_day_of_week: s.validity_day_of_week === null ? null : JSON.parse(s.validity_day_of_week),
    validity_hours: s.validity_hours === null ? null : JSON.parse(s.validity_hours),
  };
  if (!withinValidity(windows, c.now, c.timeZone))
    return `is outside its validity timeframe, days or hours (time zone ${c.timeZone})`;
  return null;
}

/**
 * The first check a promotion tier fails, as a voucher's: the tier and its campaign active
 * (`promotion_inactive`), both within their dates and validity windows (`promotion_not_active_now`), and an
 * item discount on an order with items. Null when a redemption would accept it (rules aside).
 */
export function tierRefusal(t: PromotionTierRow, campaign: CampaignRow, c: CheckContext): Refusal | null {
  if (t.active !== 1)
    return tierRefusalOf('promotion_inactive', 'Promotion inactive', `Promotion tier ${t.id} is disabled`, t);
  if (campaign.active !== 1)
    return tierRefusalOf(
      'promotion_inactive',
      'Promotion inactive',
      `Campaign ${campaign.name} of promotion tier ${t.id} is disabled`,
      t,
    );
  const mine = outside(t, c);
  if (mine)
    return tierRefusalOf(
      'promotion_not_active_now',
      'Promotion not active now',
      `Promotion tier ${t.id} ${mine}`,
      t,
    );
  const theirs = outside(campaign, c);
  if (theirs)
    return tierRefusalOf(
      'promotion_not_active_now',
      'Promotion not active now',
      `Campaign ${campaign.name} of promotion tier ${t.id} ${theirs}`,
      t,
    );
  const effect = (JSON.parse(t.action) as { discount?: { effect?: string } }).discount?.effect ?? '';
  if (c.orderItems !== undefined && effect.startsWith('APPLY_TO_ITEMS') && c.orderItems === 0)
    return tierRefusalOf(
      'missing_order_items',
      'Missing order items',
      `Promotion tier ${t.id} discounts order items (${effect}); the order has none`,
      t,
    );
  return null;
}
