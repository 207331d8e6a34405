import type { CampaignRow } from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import type { Kx } from '../platform/db/connect.js';
import { fillAssignments } from '../validation-rules/index.js';
import type { PromotionStackRow, PromotionTierRow } from './promotion.table.js';

/*
 * Voucherify's promotion objects: the `PromotionTier` (REST answers and the campaign.promotion_tier.*
 * events), the `PromotionStack`, and the simple forms the redemption.* events carry
 * (`SimplePromotionTier`, `SimplePromotionStack`). A field with no value is left out.
 */

export type Json = Record<string, unknown>;

const parse = (s: string | null) => (s === null ? undefined : JSON.parse(s));

function validity(row: {
  start_date: number | null;
  expiration_date: number | null;
  validity_timeframe: string | null;
  validity_day_of_week: string | null;
  validity_hours: string | null;
}): Json {
  const out: Json = {};
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  if (row.validity_timeframe !== null) out.validity_timeframe = parse(row.validity_timeframe);
  if (row.validity_day_of_week !== null) out.validity_day_of_week = parse(row.validity_day_of_week);
  if (row.validity_hours !== null) out.validity_hours = parse(row.validity_hours);
  return out;
}

/** The tier's campaign as the tier object shows it. */
function tierCampaign(c: CampaignRow): Json {
  return { id: c.id, ...validity(c), active: c.active === 1, object: 'campaign' };
}

const noAssignments = () => ({ object: 'list', data_ref: 'data', data: [] as unknown[], total: 0 });

/** `PromotionTier`, without its validation rule assignments (see `tiersJson`). */
export function presentTier(row: PromotionTierRow, campaign: CampaignRow): Json {
  const out: Json = { id: row.id, created_at: iso(row.created_at) };
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  out.name = row.name;
  if (row.banner !== null) out.banner = row.banner;
  out.action = JSON.parse(row.action);
  out.metadata = JSON.parse(row.metadata);
  out.hierarchy = row.hierarchy;
  out.promotion_id = campaign.id;
  out.campaign = tierCampaign(campaign);
  out.campaign_id = campaign.id;
  out.active = row.active === 1;
  Object.assign(out, validity(row));
  if (row.category !== null) out.category = row.category;
  out.summary = {
    redemptions: { total_redeemed: Number(row.total_redeemed) },
    orders: {
      total_amount: Number(row.orders_total_amount),
      total_discount_amount: Number(row.orders_total_discount_amount),
    },
  };
  out.object = 'promotion_tier';
  out.validation_rule_assignments = noAssignments();
  out.categories = [];
  return out;
}

/** Tier objects with their validation rule assignments, read through `db` (a transaction's, for events). */
export async function tiersJson(
  db: Kx,
  projectId: string,
  tiers: { row: PromotionTierRow; campaign: CampaignRow }[],
): Promise<Json[]> {
  const holders = tiers.map((t) => ({ id: t.row.id, validation_rules_assignments: noAssignments() }));
  await fillAssignments(db, projectId, holders);
  return tiers.map((t, k) => ({
    ...presentTier(t.row, t.campaign),
    validation_rule_assignments: holders[k]!.validation_rules_assignments,
  }));
}

/** `SimplePromotionTier` of the redemption.* events. */
export function presentSimpleTier(row: PromotionTierRow): Json {
  const out: Json = { id: row.id, name: row.name };
  if (row.banner !== null) out.banner = row.banner;
  out.campaign = { id: row.campaign_id };
  out.metadata = JSON.parse(row.metadata);
  return out;
}

/** `PromotionStack`. */
export function presentStack(row: PromotionStackRow): Json {
  const out: Json = {
    id: row.id,
    name: row.name,
    tiers: { ids: JSON.parse(row.tier_ids), hierarchy_mode: row.hierarchy_mode },
    created_at: iso(row.created_at),
  };
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  out.campaign_id = row.campaign_id;
  out.object = 'promotion_stack';
  out.category_id = row.category_id;
  out.categories = [];
  return out;
}

/** `SimplePromotionStack` of the redemption.* events. */
export function presentSimpleStack(row: PromotionStackRow): Json {
  const out: Json = { id: row.id, name: row.name };
  if (row.category_id !== null) out.category_id = row.category_id;
  out.campaign = { id: row.campaign_id };
  out.tiers = { ids: JSON.parse(row.tier_ids), hierarchy_mode: row.hierarchy_mode };
  return out;
}
