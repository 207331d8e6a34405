import { iso } from '../platform/clock.js';
import { voucherAssets } from './voucher.assets.js';
import type { VoucherRow } from './voucher.table.js';

/*
 * Wire rule, as for customers and campaigns: a field with no value is left out (so `redemption.quantity`
 * is absent when redemptions are unlimited), and keys follow Voucherify's examples. Categories and
 * validation-rule assignments are empty lists until those contexts exist.
 */

export type VoucherJson = Record<string, unknown>;

const listUrl = (code: string, what: string) =>
  `/v1/vouchers/${encodeURIComponent(code)}/${what}?page=1&limit=10`;

function balances(row: VoucherRow): VoucherJson {
  const out: VoucherJson = {};
  if (row.discount !== null) out.discount = JSON.parse(row.discount);
  if (row.type === 'GIFT_VOUCHER') {
    out.gift = {
      amount: row.gift_amount ?? 0,
      subtracted_amount: row.gift_subtracted_amount ?? 0,
      balance: row.gift_balance ?? 0,
      ...(row.gift_effect !== null ? { effect: row.gift_effect } : {}),
    };
  }
  if (row.type === 'LOYALTY_CARD') {
    out.loyalty_card = loyaltyCard(row);
  }
  return out;
}

/** The points of a loyalty card, in full and in the simple voucher alike. */
function loyaltyCard(row: VoucherRow): VoucherJson {
  return {
    points: row.loyalty_points ?? 0,
    balance: row.loyalty_balance ?? 0,
    pending_points: row.loyalty_pending_points ?? 0,
    expired_points: row.loyalty_expired_points ?? 0,
    subtracted_points: row.loyalty_subtracted_points ?? 0,
  };
}

function schedule(row: VoucherRow): VoucherJson {
  const out: VoucherJson = {};
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  if (row.validity_timeframe !== null) out.validity_timeframe = JSON.parse(row.validity_timeframe);
  if (row.validity_day_of_week !== null) out.validity_day_of_week = JSON.parse(row.validity_day_of_week);
  if (row.validity_hours !== null) out.validity_hours = JSON.parse(row.validity_hours);
  return out;
}

function redemption(row: VoucherRow): VoucherJson {
  const out: VoucherJson = {};
  if (row.redemption_quantity !== null) out.quantity = row.redemption_quantity;
  out.redeemed_quantity = row.redeemed_quantity;
  if (row.type === 'GIFT_VOUCHER') out.redeemed_amount = row.redeemed_amount;
  if (row.type === 'LOYALTY_CARD') out.redeemed_points = row.redeemed_points;
  out.object = 'list';
  out.url = listUrl(row.code, 'redemptions');
  return out;
}

/** The voucher object. `campaignName` is the name of its campaign, null for a standalone voucher. */
export function presentVoucher(row: VoucherRow, campaignName: string | null): VoucherJson {
  const out: VoucherJson = { id: row.id, code: row.code };
  if (row.campaign_id !== null) {
    if (campaignName !== null) out.campaign = campaignName;
    out.campaign_id = row.campaign_id;
  }
  if (row.category !== null) out.category = row.category;
  out.categories = [];
  out.type = row.type;
  Object.assign(out, balances(row), schedule(row));
  out.active = row.active === 1;
  if (row.additional_info !== null) out.additional_info = row.additional_info;
  out.metadata = JSON.parse(row.metadata);
  out.assets = voucherAssets(row.id, row.code);
  out.is_referral_code = row.is_referral_code === 1;
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  if (row.holder_id !== null) out.holder_id = row.holder_id;
  if (row.referrer_id !== null) out.referrer_id = row.referrer_id;
  out.validation_rules_assignments = { object: 'list', data_ref: 'data', data: [], total: 0 };
  out.redemption = redemption(row);
  out.publish = { object: 'list', count: row.publish_count, url: listUrl(row.code, 'publications') };
  out.object = 'voucher';
  return out;
}

function simpleValue(row: VoucherRow): VoucherJson {
  const out: VoucherJson = {};
  if (row.type === 'GIFT_VOUCHER')
    out.gift = {
      amount: row.gift_amount ?? 0,
      balance: row.gift_balance ?? 0,
      ...(row.gift_effect !== null ? { effect: row.gift_effect } : {}),
    };
  if (row.discount !== null) out.discount = JSON.parse(row.discount);
  if (row.type === 'LOYALTY_CARD') out.loyalty_card = loyaltyCard(row);
  return out;
}

/** `SimpleVoucher`: the voucher as publication and redemption events carry it. */
export function presentSimpleVoucher(row: VoucherRow, campaignName: string | null): VoucherJson {
  const out: VoucherJson = { id: row.id, code: row.code, ...simpleValue(row), type: row.type };
  if (row.campaign_id !== null) {
    if (campaignName !== null) out.campaign = campaignName;
    out.campaign_id = row.campaign_id;
  }
  out.is_referral_code = row.is_referral_code === 1;
  if (row.holder_id !== null) out.holder_id = row.holder_id;
  if (row.referrer_id !== null) out.referrer_id = row.referrer_id;
  out.category_id = null;
  out.categories = [];
  out.active = row.active === 1;
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  out.redemption = { quantity: row.redemption_quantity, redeemed_quantity: row.redeemed_quantity };
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  out.metadata = JSON.parse(row.metadata);
  out.object = 'voucher';
  return out;
}

/** The voucher of a publication in a publication list (`ListPublicationsItemVoucher`). */
export function presentListedVoucher(row: VoucherRow, campaignName: string | null): VoucherJson {
  const { gift, discount, loyalty_card } = simpleValue(row);
  const out: VoucherJson = { code: row.code, object: 'voucher', campaign: campaignName };
  if (gift) out.gift = gift;
  if (loyalty_card) out.loyalty_card = loyalty_card;
  if (discount) out.discount = discount;
  out.is_referral_code = row.is_referral_code === 1;
  return out;
}
