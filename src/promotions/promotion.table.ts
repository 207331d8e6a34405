/**
 * Promotion tiers (`promo_…`) and promotion stacks (`stack_…`) of PROMOTION campaigns. Timestamps are epoch
 * milliseconds; JSON columns hold text. A tier's `summary` counters are kept by the redemptions that use it,
 * in their transaction.
 */
export interface PromotionTiersTable {
  id: string;
  project_id: string;
  campaign_id: string;
  name: string;
  banner: string | null;
  /** JSON: `{discount}`, the discount normalised as a voucher's. */
  action: string;
  /** The order in which the campaign's tiers apply (1 first). */
  hierarchy: number;
  active: number;
  start_date: number | null;
  expiration_date: number | null;
  validity_timeframe: string | null;
  validity_day_of_week: string | null;
  validity_hours: string | null;
  category: string | null;
  metadata: string;
  /** Successful redemptions of the tier. */
  total_redeemed: number;
  /** Sum of the amounts of the orders it was redeemed for, and of the discounts it gave on them. */
  orders_total_amount: number;
  orders_total_discount_amount: number;
  created_at: number;
  updated_at: number | null;
}

export type PromotionTierRow = PromotionTiersTable;

export interface PromotionStacksTable {
  id: string;
  project_id: string;
  campaign_id: string;
  name: string;
  /** JSON array of tier ids, in the order they apply (1 to 30, of the stack's campaign). */
  tier_ids: string;
  hierarchy_mode: 'MANUAL';
  category_id: string | null;
  created_at: number;
  updated_at: number | null;
}

export type PromotionStackRow = PromotionStacksTable;
