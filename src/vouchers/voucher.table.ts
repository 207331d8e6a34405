/**
 * A voucher (`v_…`): a discount code, a gift card or a loyalty card. Balances are columns, not JSON, so
 * that the redemption and loyalty contexts can change them with one atomic UPDATE.
 */
export interface VouchersTable {
  id: string;
  project_id: string;
  /** Unique in the project, binned vouchers included. */
  code: string;
  campaign_id: string | null;
  category: string | null;
  type: 'DISCOUNT_VOUCHER' | 'GIFT_VOUCHER' | 'LOYALTY_CARD';
  /** JSON of the normalised discount, for DISCOUNT_VOUCHER. */
  discount: string | null;
  gift_amount: number | null;
  gift_subtracted_amount: number | null;
  gift_balance: number | null;
  gift_effect: string | null;
  loyalty_points: number | null;
  loyalty_balance: number | null;
  loyalty_pending_points: number | null;
  loyalty_expired_points: number | null;
  loyalty_subtracted_points: number | null;
  start_date: number | null;
  expiration_date: number | null;
  validity_timeframe: string | null;
  validity_day_of_week: string | null;
  validity_hours: string | null;
  active: number;
  additional_info: string | null;
  metadata: string;
  is_referral_code: number;
  holder_id: string | null;
  referrer_id: string | null;
  /** Null: unlimited redemptions. */
  redemption_quantity: number | null;
  redeemed_quantity: number;
  redeemed_amount: number;
  redeemed_points: number;
  publish_count: number;
  created_at: number;
  updated_at: number | null;
  /** Set when the voucher goes to the bin (alone, or with its campaign). */
  deleted_at: number | null;
}

export type VoucherRow = VouchersTable;
