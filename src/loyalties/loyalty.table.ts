/** The types of a loyalty card transaction (`LoyaltyCardTransactionsType`). */
export type LoyaltyTransactionType =
  | 'POINTS_ACCRUAL'
  | 'POINTS_ADDITION'
  | 'POINTS_REMOVAL'
  | 'POINTS_REDEMPTION'
  | 'POINTS_REFUND'
  | 'POINTS_EXPIRATION'
  | 'POINTS_TRANSFER_IN'
  | 'POINTS_TRANSFER_OUT'
  | 'PENDING_POINTS_ACTIVATION';

/**
 * Points of a loyalty card that expire together (`lopb_…`). `points` is what is left of `total_points`;
 * spending takes from the soonest-expiring bucket first. `expires_at` is the UTC midnight of the last day
 * the points are good for (null: never); the bucket is due for expiration one day later.
 * `request_id` is the request that added the points: the expiration's events carry it as `group_id`.
 */
export interface LoyaltyPointBucketsTable {
  id: string;
  project_id: string;
  campaign_id: string | null;
  voucher_id: string;
  total_points: number;
  points: number;
  status: 'ACTIVE' | 'EXPIRED';
  expires_at: number | null;
  request_id: string | null;
  created_at: number;
  updated_at: number | null;
}

/**
 * A movement of a loyalty card's points (`vtx_…`): positive points add, negative ones take away. `seq`
 * numbers a card's transactions from 1 in the order they happened (the card's row is locked by the balance
 * change that writes each one). `details` is the JSON of the transaction's details besides its balance
 * (order, event, earning rule, tier, reward, redemption, source and destination vouchers, …).
 */
export interface LoyaltyTransactionsTable {
  id: string;
  project_id: string;
  voucher_id: string;
  seq: number;
  campaign_id: string | null;
  type: LoyaltyTransactionType;
  /** `API` for a change through the balance routes; null for background work and redemptions. */
  source: string | null;
  source_id: string | null;
  reason: string | null;
  points: number;
  /** The card's balance and total (`loyalty_card.points`) after the movement. */
  balance: number;
  total: number;
  details: string;
  related_transaction_id: string | null;
  created_at: number;
}

/** A tier of a loyalty program (`ltr_…`): members whose balance is within `points_from`…`points_to` (inclusive; null: no top). */
export interface LoyaltyTiersTable {
  id: string;
  project_id: string;
  campaign_id: string;
  name: string;
  points_from: number;
  points_to: number | null;
  /** JSON: multipliers of earning rules (`{ern_…: {type: 'MULTIPLY', multiplier}}`) and rewards. */
  earning_rules: string;
  rewards: string;
  metadata: string;
  created_at: number;
  updated_at: number | null;
}

/** The tier a member (a loyalty card) is in now, kept so that a change of tier can be told apart. */
export interface LoyaltyMemberTiersTable {
  voucher_id: string;
  project_id: string;
  campaign_id: string;
  tier_id: string;
  /** When the member entered the tier. */
  created_at: number;
  updated_at: number | null;
}

export type LoyaltyPointBucketRow = LoyaltyPointBucketsTable;
export type LoyaltyTransactionRow = LoyaltyTransactionsTable;
export type LoyaltyTierRow = LoyaltyTiersTable;
export type LoyaltyMemberTierRow = LoyaltyMemberTiersTable;
