/**
 * A movement of a gift card's credits (`vtx_…`), in the smallest currency unit: positive amounts add,
 * negative ones take away. `seq` numbers a voucher's transactions from 1, in the order they happened (the
 * voucher row is locked by the balance change that writes each one).
 */
export interface VoucherTransactionsTable {
  id: string;
  project_id: string;
  voucher_id: string;
  seq: number;
  campaign_id: string | null;
  type: 'CREDITS_ADDITION' | 'CREDITS_REMOVAL' | 'CREDITS_REDEMPTION' | 'CREDITS_REFUND';
  /** `API` for a change through `/v1/vouchers/{code}/balance`; null for a redemption or its rollback. */
  source: string | null;
  source_id: string | null;
  reason: string | null;
  amount: number;
  /** The card's balance and total (`gift.amount`) after the movement. */
  balance: number;
  total: number;
  order_id: string | null;
  order_source_id: string | null;
  redemption_id: string | null;
  rollback_id: string | null;
  created_at: number;
}

export type VoucherTransactionRow = VoucherTransactionsTable;
