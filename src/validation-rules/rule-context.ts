/**
 * What the rule engine reads: the facts of one validation or redemption, gathered by the caller. Amounts are
 * integers in the smallest currency unit, as in Voucherify (`amount: 10000` is 100.00), and are compared
 * exactly. A fact that is left out (or null) is "absent": see rule-conditions.ts for how conditions treat it.
 */

export type Metadata = Record<string, unknown>;

/** One order line. A line names its product and/or SKU by Voucherify id and/or by source id. */
export interface RuleOrderItem {
  product_id?: string | null;
  sku_id?: string | null;
  /** The line's own `source_id` (Voucherify's order item: the product's or SKU's source id). */
  source_id?: string | null;
  product_source_id?: string | null;
  sku_source_id?: string | null;
  /** `product` or `sku`: which of the two `source_id` names, when the line says so. */
  related_object?: 'product' | 'sku' | null;
  /** Units on the line; absent counts as 1. */
  quantity?: number | null;
  /** Price of one unit. */
  price?: number | null;
  /** The line's amount; absent, it is `price × quantity` when the price is known. */
  amount?: number | null;
  metadata?: Metadata | null;
}

export interface RuleOrder {
  /** Absent, it is the sum of the items' amounts when there are items. */
  amount?: number | null;
  /** Absent, it equals `amount`. */
  initial_amount?: number | null;
  items?: RuleOrderItem[] | null;
  metadata?: Metadata | null;
}

export interface RuleCustomer {
  id?: string | null;
  source_id?: string | null;
  metadata?: Metadata | null;
  /** Ids (`seg_…`) of the segments the customer belongs to. */
  segment_ids?: readonly string[] | null;
}

/**
 * The facts one evaluation sees. `redemptions` counts what happened *before* this validation or redemption;
 * the `redemption.count.*` rules compare the count this one would make (so far + 1), so that
 * `redemption.count.per_customer $less_than_equal [1]` means "once per customer".
 */
export interface RuleContext {
  customer?: RuleCustomer | null;
  order?: RuleOrder | null;
  /** The redeemable being checked, for callers that want it at hand (no rule reads it yet). */
  voucher?: { id: string; code?: string; campaign_id?: string | null; metadata?: Metadata | null } | null;
  campaign?: { id: string; name?: string; metadata?: Metadata | null } | null;
  redemptions?: {
    /**
     * Succeeded redemptions of this redeemable by this customer so far; null without a customer (a number
     * with no `customer` is a customer named by the request but not stored yet).
     */
    per_customer?: number | null;
    /** Succeeded redemptions of this redeemable so far today (the caller's day, UTC unless it says otherwise). */
    daily?: number | null;
  } | null;
  /** The app id of the key the request came with (`X-App-Id` or the client application id). */
  api_key?: string | null;
  custom_event?: { metadata?: Metadata | null } | null;
  /** Epoch milliseconds of the evaluation (the injected clock). */
  now: number;
}
