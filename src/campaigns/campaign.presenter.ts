import { iso } from '../platform/clock.js';
import type { VoucherTemplate } from '../vouchers/index.js';
import type { CampaignRow } from './campaign.table.js';
import { parseOrNull } from '../vouchers/index.js';

/*
 * Wire rule, as for customers: a field with no value is left out, except keys the published schemas
 * require (`category_id` is then null and `categories` an empty list). Keys follow Voucherify's examples.
 * Validation-rule assignments and categories are empty lists until those contexts exist.
 */

export type CampaignJson = Record<string, unknown>;

const emptyAssignments = () => ({ object: 'list', data_ref: 'data', data: [], total: 0 });

/** The stored template of a campaign that issues vouchers; null for PROMOTION. */
export function campaignTemplate(row: Pick<CampaignRow, 'voucher'>): VoucherTemplate | null {
  return parseOrNull<VoucherTemplate>(row.voucher);
}

function validity(row: CampaignRow): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (row.validity_timeframe !== null) out.validity_timeframe = JSON.parse(row.validity_timeframe);
  if (row.validity_day_of_week !== null) out.validity_day_of_week = JSON.parse(row.validity_day_of_week);
  if (row.validity_hours !== null) out.validity_hours = JSON.parse(row.validity_hours);
  return out;
}

function dates(row: Pick<CampaignRow, 'start_date' | 'expiration_date'>): Record<string, string> {
  const out: Record<string, string> = {};
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  return out;
}

function templateValue(t: VoucherTemplate): Record<string, unknown> {
  const out: Record<string, unknown> = { type: t.type };
  if (t.discount) out.discount = t.discount;
  if (t.gift)
    out.gift = {
      amount: t.gift.amount,
      balance: t.gift.amount,
      ...(t.gift.effect ? { effect: t.gift.effect } : {}),
    };
  if (t.loyalty_card) out.loyalty_card = t.loyalty_card;
  return out;
}

function presentTemplate(row: CampaignRow, t: VoucherTemplate): Record<string, unknown> {
  return {
    ...templateValue(t),
    redemption: { quantity: t.redemption.quantity },
    code_config: t.code_config,
    is_referral_code: t.is_referral_code,
    ...dates(row),
    ...validity(row),
  };
}

/** The full campaign object, as the API returns it and `campaign.*` events carry it. */
export function presentCampaign(row: CampaignRow): CampaignJson {
  const t = campaignTemplate(row);
  const out: CampaignJson = { id: row.id, name: row.name };
  if (row.description !== null) out.description = row.description;
  out.campaign_type = row.campaign_type;
  out.type = row.type;
  if (t) out.voucher = presentTemplate(row, t);
  out.auto_join = row.auto_join === 1;
  out.join_once = row.join_once === 1;
  out.use_voucher_metadata_schema = row.use_voucher_metadata_schema === 1;
  Object.assign(out, validity(row));
  if (row.activity_duration_after_publishing !== null)
    out.activity_duration_after_publishing = row.activity_duration_after_publishing;
  out.vouchers_count = row.vouchers_count;
  Object.assign(out, dates(row));
  out.active = row.active === 1;
  out.metadata = JSON.parse(row.metadata);
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  if (row.category !== null) out.category = row.category;
  out.creation_status = row.creation_status;
  out.vouchers_generation_status = row.vouchers_generation_status;
  out.protected = false;
  out.category_id = null;
  out.categories = [];
  out.object = 'campaign';
  if (row.referral_program !== null) out.referral_program = JSON.parse(row.referral_program);
  if (row.loyalty_tiers_expiration !== null)
    out.loyalty_tiers_expiration = JSON.parse(row.loyalty_tiers_expiration);
  if (row.campaign_type === 'PROMOTION')
    out.promotion = { object: 'list', data_ref: 'tiers', tiers: [], total: 0, has_more: false };
  out.validation_rules_assignments = emptyAssignments();
  return out;
}

/** `SimpleCampaign`: the campaign as voucher events and generation events carry it. */
export function presentSimpleCampaign(row: CampaignRow): CampaignJson {
  const t = campaignTemplate(row);
  const out: CampaignJson = {
    id: row.id,
    name: row.name,
    campaign_type: row.campaign_type,
    type: row.type,
    is_referral_code: t?.is_referral_code ?? false,
  };
  if (t)
    out.voucher = {
      ...templateValue(t),
      redemption: { quantity: t.redemption.quantity, redeemed_quantity: 0 },
      code_config: t.code_config,
    };
  if (row.referral_program !== null) out.referral_program = JSON.parse(row.referral_program);
  out.auto_join = row.auto_join === 1;
  out.join_once = row.join_once === 1;
  out.active = row.active === 1;
  out.category_id = null;
  if (row.category !== null) out.category = row.category;
  out.categories = [];
  out.metadata = JSON.parse(row.metadata);
  Object.assign(out, dates(row));
  if (row.description !== null) out.description = row.description;
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  out.object = 'campaign';
  return out;
}
