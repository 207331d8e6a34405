/**
 * A campaign (`camp_…`). Timestamps are epoch milliseconds; JSON columns hold text. The voucher template
 * (`voucher`) is copied into each voucher the campaign generates or receives.
 */
export interface CampaignsTable {
  id: string;
  project_id: string;
  /** Unique in the project, binned campaigns included (a restore must not find its name taken). */
  name: string;
  description: string | null;
  campaign_type: 'DISCOUNT_COUPONS' | 'GIFT_VOUCHERS' | 'LOYALTY_PROGRAM' | 'PROMOTION' | 'REFERRAL_PROGRAM';
  type: 'AUTO_UPDATE' | 'STATIC';
  /** JSON: the normalised voucher template, null for PROMOTION campaigns. */
  voucher: string | null;
  auto_join: number;
  join_once: number;
  use_voucher_metadata_schema: number;
  start_date: number | null;
  expiration_date: number | null;
  validity_timeframe: string | null;
  validity_day_of_week: string | null;
  validity_hours: string | null;
  activity_duration_after_publishing: string | null;
  /** Live vouchers of the campaign, kept in the same transaction as every insert and removal. */
  vouchers_count: number;
  active: number;
  metadata: string;
  category: string | null;
  creation_status: 'DONE' | 'IN_PROGRESS' | 'FAILED';
  vouchers_generation_status: 'DONE' | 'IN_PROGRESS' | 'FAILED';
  referral_program: string | null;
  loyalty_tiers_expiration: string | null;
  created_at: number;
  updated_at: number | null;
  /** Set when the campaign goes to the bin; a forced delete removes the row. */
  deleted_at: number | null;
  /** 1 after a forced delete: the row is only waiting for its vouchers to be removed, and cannot be restored. */
  purging: number;
}

export type CampaignRow = CampaignsTable;
