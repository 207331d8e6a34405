/**
 * A reward (`rew_…`): what a loyalty member can buy with points, or a referrer receives. Timestamps are epoch
 * milliseconds; JSON columns hold text. `stock` null is unlimited; `redeemed` counts what was given, and is
 * raised only by a statement that checks the stock in the same step.
 */
export interface RewardsTable {
  id: string;
  project_id: string;
  name: string;
  type: 'CAMPAIGN' | 'COIN' | 'MATERIAL';
  /** JSON: `{campaign: {id, balance?, type}}`, `{coin: {exchange_ratio, points_ratio}}` or `{product: {id, sku_id}}`. */
  parameters: string;
  stock: number | null;
  redeemed: number;
  /** JSON: `{image_url?, description?}`. */
  attributes: string;
  metadata: string;
  created_at: number;
  updated_at: number | null;
}

export type RewardRow = RewardsTable;

/** A reward assigned to a loyalty campaign (`rewa_…`), with its price in points; one per reward and campaign. */
export interface RewardAssignmentsTable {
  id: string;
  project_id: string;
  reward_id: string;
  campaign_id: string;
  /** The price in points; null for a COIN reward (paid at its exchange ratio). */
  points: number | null;
  /** 1 for the (at most one) assignment of the campaign that is redeemed automatically. */
  auto_redeem: number;
  created_at: number;
  updated_at: number | null;
}

export type RewardAssignmentRow = RewardAssignmentsTable;
