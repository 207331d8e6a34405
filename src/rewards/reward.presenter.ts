import { iso } from '../platform/clock.js';
import type { RewardAssignmentRow, RewardRow } from './reward.table.js';

/*
 * Voucherify's reward objects, keys in the order of api-rewards.json's examples: the `Reward`, the
 * `RewardAssignment`, and the `loyalty_reward` entries of a member's list. As there, `redeemed` is null for a
 * reward without stock (nothing is counted against an unlimited supply).
 */

export type Json = Record<string, unknown>;

export function presentReward(row: RewardRow): Json {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    parameters: JSON.parse(row.parameters),
    stock: row.stock,
    redeemed: row.stock === null ? null : row.redeemed,
    attributes: JSON.parse(row.attributes),
    created_at: iso(row.created_at),
    updated_at: row.updated_at === null ? null : iso(row.updated_at),
    metadata: JSON.parse(row.metadata),
    object: 'reward',
  };
}

/** The assignment; a COIN reward's has no `parameters` (its price follows from the exchange ratio). */
export function presentAssignment(row: RewardAssignmentRow): Json {
  const out: Json = {
    id: row.id,
    reward_id: row.reward_id,
    related_object_id: row.campaign_id,
    related_object_type: 'campaign',
  };
  if (row.points !== null)
    out.parameters = { loyalty: { points: row.points, auto_redeem: row.auto_redeem === 1 } };
  out.created_at = iso(row.created_at);
  out.updated_at = row.updated_at === null ? null : iso(row.updated_at);
  out.object = 'reward_assignment';
  return out;
}
