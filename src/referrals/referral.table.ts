/**
 * A referral tier (`reft_…`) of a REFERRAL_PROGRAM campaign: what its referrers receive, for each unique
 * referee or once they reach a number of them, optionally counting only referees in a segment. Timestamps are
 * epoch milliseconds; JSON columns hold text.
 */
export interface ReferralTiersTable {
  id: string;
  project_id: string;
  campaign_id: string;
  banner: string | null;
  segment_id: string | null;
  criteria_type: 'EACH_REFEREE' | 'MIN_REFEREES';
  /** For MIN_REFEREES, the number of unique referees that earns the rewards; 1 for EACH_REFEREE. */
  min_referees: number;
  /** JSON: the rewards given, `[{id: "rew_…"}]`, one or more. */
  rewards: string;
  metadata: string;
  created_at: number;
  updated_at: number | null;
}

export type ReferralTierRow = ReferralTiersTable;

/** A referee a referrer brought to a campaign, with the conversion that brought them (a redemption or an event). */
export interface ReferralRefereesTable {
  project_id: string;
  campaign_id: string;
  /** The referral code. */
  voucher_id: string;
  referrer_id: string;
  referee_id: string;
  related_object_type: 'redemption' | 'event';
  related_object_id: string;
  created_at: number;
}

/** Qualifying referees a referrer has brought for a tier. */
export interface ReferralTierProgressTable {
  tier_id: string;
  referrer_id: string;
  project_id: string;
  referees: number;
}
