import type { Kx } from '../platform/db/connect.js';
import { notFound } from '../platform/errors.js';
import type { Tx } from '../platform/db/transaction.js';
import * as repo from './reward.repository.js';
import type { RewardAssignmentRow, RewardRow } from './reward.table.js';

/**
 * What a loyalty member can buy: a reward offered in their program (assigned to its campaign), at its
 * price, and what a COIN reward's points are worth. Money is in cents, exact: `exchange_ratio` is the amount
 * (with at most two decimals) that `points_ratio` points pay.
 */

/** The reward and its assignment in the campaign, by reward id (`rew_…`) or assignment id (`rewa_…`); 404 otherwise. */
export async function findRewardOffer(
  db: Kx,
  projectId: string,
  campaignId: string,
  ref: string,
): Promise<{ reward: RewardRow; assignment: RewardAssignmentRow }> {
  const byAssignment = await repo.findAssignment(db, projectId, ref);
  const assignment =
    byAssignment && byAssignment.campaign_id === campaignId
      ? byAssignment
      : await repo.findAssignmentOf(db, ref, campaignId);
  const reward = assignment && (await repo.findReward(db, projectId, assignment.reward_id));
  if (!assignment || !reward) throw notFound('reward', ref);
  return { reward, assignment };
}

const coinOf = (reward: RewardRow) =>
  (JSON.parse(reward.parameters) as { coin: { exchange_ratio: number; points_ratio: number } }).coin;

/** What `points` of a COIN reward pay, in cents (rounded down). */
export function coinValue(reward: RewardRow, points: number): number {
  const { exchange_ratio, points_ratio } = coinOf(reward);
  const cents = Math.round(exchange_ratio * 100);
  return Math.floor((points * cents) / points_ratio);
}

/** The fewest points of a COIN reward that pay `amount` cents. */
export function coinPointsFor(reward: RewardRow, amount: number): number {
  const { exchange_ratio, points_ratio } = coinOf(reward);
  const cents = Math.round(exchange_ratio * 100);
  return Math.ceil((amount * points_ratio) / cents);
}

/** Gives back the unit of stock a rolled back purchase took. */
export async function returnRewardUnit(tx: Tx, rewardId: string): Promise<void> {
  await repo.returnRewardUnit(tx.db, rewardId, tx.now);
}
