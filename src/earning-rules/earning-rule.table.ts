/**
 * An earning rule (`ern_…`) of a loyalty campaign: when `event` happens to a member, the card earns the
 * points `loyalty` computes. Timestamps are epoch milliseconds; JSON columns hold text.
 */
export interface EarningRulesTable {
  id: string;
  project_id: string;
  campaign_id: string;
  /** `order.paid`, `customer.segment.entered`, `customer.loyalty.tier.*`, or a custom event's name. */
  event: string;
  /** JSON: `{type: "FIXED", points}` or `{type: "PROPORTIONAL", calculation_type, <section>: {…}}`. */
  loyalty: string;
  /** JSON `{schema_id}`, for custom-event rules. */
  custom_event: string | null;
  /** JSON `{id}`, for segment rules. */
  segment: string | null;
  /** JSON `{id}`, for tier rules. */
  loyalty_tier: string | null;
  /** JSON `{period_type: "DAY", period_value}`: points wait that long as pending points (order.paid only). */
  pending_points: string | null;
  source_banner: string | null;
  validation_rule_id: string | null;
  active: number;
  start_date: number | null;
  expiration_date: number | null;
  validity_timeframe: string | null;
  validity_day_of_week: string | null;
  validity_hours: string | null;
  /** JSON of the points' own expiration rules, kept and echoed. */
  expiration_rules: string | null;
  metadata: string;
  automation_id: string;
  created_at: number;
  updated_at: number | null;
}

export type EarningRuleRow = EarningRulesTable;

/**
 * Points an order earned under an earning rule with `pending_points` (`lopp_…`): they wait until
 * `activates_at`, then the activation job (or `…/activate`) adds them to the card. `status` moves from
 * PENDING to ACTIVATED or CANCELED exactly once, by a conditional update.
 */
export interface PendingPointsTable {
  id: string;
  project_id: string;
  campaign_id: string;
  voucher_id: string;
  customer_id: string;
  order_id: string;
  earning_rule_id: string;
  points: number;
  status: 'PENDING' | 'ACTIVATED' | 'CANCELED';
  activates_at: number;
  /** JSON: `LoyaltyPendingPointsDetails` (`event`, `earning_rule`, `order`, tiers). */
  details: string;
  created_at: number;
  updated_at: number | null;
}

export type PendingPointsRow = PendingPointsTable;
