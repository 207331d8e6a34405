/**
 * An order (`ord_…`): its lines and totals as last computed, in integers of the smallest currency unit.
 * Timestamps are epoch milliseconds; items, metadata and redemptions are JSON text.
 */
export interface OrdersTable {
  id: string;
  project_id: string;
  /** Unique in the project when set. */
  source_id: string | null;
  status: 'CREATED' | 'PAID' | 'CANCELED' | 'FULFILLED';
  customer_id: string | null;
  referrer_id: string | null;
  amount: number;
  initial_amount: number;
  discount_amount: number;
  items_discount_amount: number;
  total_discount_amount: number;
  total_amount: number;
  applied_discount_amount: number;
  items_applied_discount_amount: number;
  total_applied_discount_amount: number;
  /** JSON array of the calculated lines (`OrderCalculatedItem`). */
  items: string;
  metadata: string;
  /** JSON object: redemption id → Voucherify's `OrderRedemptionsEntry`. */
  redemptions: string;
  created_at: number;
  updated_at: number | null;
}

export type OrderRow = OrdersTable;
