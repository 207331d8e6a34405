/**
 * Redemptions and their rollbacks, in one table as Voucherify lists them together: a redemption (`r_…`), a
 * failed redemption (`rf_…`), a rollback (`rr_…`) and a failed rollback (`rrf_…`). A stack of N redeemables
 * is one parent row and N children (`parent_id`). Timestamps are epoch milliseconds; JSON columns hold text.
 */
export interface RedemptionsTable {
  id: string;
  project_id: string;
  object: 'redemption' | 'redemption_rollback';
  /** The stack's parent redemption (or parent rollback) of a child; null otherwise. */
  parent_id: string | null;
  /** 1 for the parent of a stack. */
  is_parent: number;
  /** Of a rollback: the redemption it rolls back. */
  redemption_id: string | null;
  result: 'SUCCESS' | 'FAILURE';
  status: 'SUCCEEDED' | 'FAILED' | 'ROLLED_BACK';
  failure_code: string | null;
  failure_message: string | null;
  voucher_id: string | null;
  voucher_code: string | null;
  /** The promotion tier a tier's redemption (or its rollback, or refusal) is of; null otherwise. */
  promotion_tier_id: string | null;
  campaign_id: string | null;
  customer_id: string | null;
  /** Gift credits spent (positive), or given back by a rollback (negative). */
  amount: number;
  /** The discount the redemption gave (order and items), for the rollback's order. */
  discount: number;
  /** The stored order (`ord_…`) the redemption was made for; null without an order. */
  order_id: string | null;
  order_source_id: string | null;
  /**
   * The idempotency key of a successful request's top redemption: the order's source_id and the
   * redeemables, unique in the project. Null on every other row.
   */
  request_key: string | null;
  /** The redemption or rollback as answered, JSON (its `status` is the column's). */
  body: string;
  /** Of a request's top redemption (or rollback): the whole answer, JSON, for a repeated request. */
  answer: string | null;
  created_at: number;
}

export type RedemptionRow = RedemptionsTable;
