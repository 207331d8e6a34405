/**
 * A publication (`pub_…`): one or more vouchers given to a customer. Timestamps are epoch milliseconds; JSON
 * columns hold text.
 */
export interface PublicationsTable {
  id: string;
  project_id: string;
  /** The campaign the vouchers came from; null for a standalone voucher. */
  campaign_id: string | null;
  customer_id: string;
  /** The customer's source_id when published (Voucherify's `tracking_id`). */
  tracking_id: string | null;
  /** The merchant's id of the publication, unique in the project. */
  source_id: string | null;
  channel: string;
  metadata: string;
  result: 'SUCCESS';
  /** Of the (first) voucher, for the list's `voucher_type` filter. */
  voucher_type: 'DISCOUNT_VOUCHER' | 'GIFT_VOUCHER' | 'LOYALTY_CARD';
  is_referral_code: number;
  created_at: number;
}

/** The vouchers of a publication, in order, with their codes (the list filters by code). */
export interface PublicationVouchersTable {
  publication_id: string;
  position: number;
  project_id: string;
  voucher_id: string;
  code: string;
}

/** A customer who was published a voucher of a campaign at least once (join_once looks here). */
export interface PublicationJoinsTable {
  campaign_id: string;
  customer_id: string;
  project_id: string;
  publication_id: string;
  created_at: number;
}

export type PublicationRow = PublicationsTable;
export type PublicationVoucherRow = PublicationVouchersTable;
