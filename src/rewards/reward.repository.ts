import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf } from '../platform/db/paging.js';
import { deleteById, findInProject, insertSkippingTaken, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { RewardAssignmentRow, RewardRow } from './reward.table.js';

export async function insertReward(db: Kx, row: RewardRow): Promise<void> {
  await db.insertInto('rewards').values(row).execute();
}

export async function findReward(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'rewards', projectId, { id });
}

export async function lockReward(tx: Tx, projectId: string, id: string) {
  return lockById(tx, 'rewards', id, projectId);
}

export async function updateRewardRow(db: Kx, id: string, patch: Partial<RewardRow>): Promise<void> {
  await updateById(db, 'rewards', id, patch);
}

export async function deleteRewardRow(db: Kx, projectId: string, id: string): Promise<boolean> {
  return deleteById(db, 'rewards', id, projectId);
}

/**
 * Takes one unit of the reward's stock by one conditional statement: the reward after, or undefined when
 * none is left. Of any number of concurrent takers, exactly the stock's worth succeed.
 */
export async function takeRewardUnit(db: Kx, id: string, now: number): Promise<RewardRow | undefined> {
  return db
    .updateTable('rewards')
    .set({ redeemed: sql`redeemed + 1`, updated_at: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('redeemed', '<', eb.ref('stock'))]))
    .returningAll()
    .executeTakeFirst();
}

/** Gives a unit back (a rolled back purchase). */
export async function returnRewardUnit(db: Kx, id: string, now: number): Promise<void> {
  await db
    .updateTable('rewards')
    .set({ redeemed: sql`redeemed - 1`, updated_at: now })
    .where('id', '=', id)
    .where('redeemed', '>', 0)
    .execute();
}

export async function countRewards(db: Kx, projectId: string, assignmentId?: string): Promise<number> {
  return countRows(rewardsQuery(db, projectId, assignmentId));
}

function rewardsQuery(db: Kx, projectId: string, assignmentId?: string) {
  let q = db.selectFrom('rewards').where('project_id', '=', projectId);
  if (assignmentId !== undefined)
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('reward_assignments').select('reward_id').where('id', '=', assignmentId),
    );
  return q;
}

export async function selectRewards(
  db: Kx,
  projectId: string,
  page: { limit: number; offset: number; assignmentId?: string },
): Promise<RewardRow[]> {
  return pageOf(
    rewardsQuery(db, projectId, page.assignmentId).selectAll(),
    { column: 'created_at', dir: 'desc' },
    page,
  ).execute();
}

export async function rewardsByIds(db: Kx, projectId: string, ids: string[]): Promise<RewardRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('rewards')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', 'in', [...new Set(ids)])
    .execute();
}

/** Inserts the assignment unless the reward is assigned to the campaign already; false then. */
export async function insertAssignmentUnlessTaken(db: Kx, row: RewardAssignmentRow): Promise<boolean> {
  const r = await insertSkippingTaken(db, 'reward_assignments', row, ['reward_id', 'campaign_id'], 'id');
  return r.length === 1;
}

export async function findAssignment(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'reward_assignments', projectId, { id });
}

export async function findAssignmentOf(db: Kx, rewardId: string, campaignId: string) {
  return db
    .selectFrom('reward_assignments')
    .selectAll()
    .where('reward_id', '=', rewardId)
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
}

/** The campaign's assignment that is redeemed automatically, other than `exceptId`. */
export async function findAutoRedeemOf(db: Kx, campaignId: string, exceptId?: string) {
  let q = db
    .selectFrom('reward_assignments')
    .select('id')
    .where('campaign_id', '=', campaignId)
    .where('auto_redeem', '=', 1);
  if (exceptId !== undefined) q = q.where('id', '!=', exceptId);
  return q.executeTakeFirst();
}

export async function updateAssignmentRow(db: Kx, id: string, patch: Partial<RewardAssignmentRow>) {
  await updateById(db, 'reward_assignments', id, patch);
}

export async function deleteAssignmentRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'reward_assignments', id);
}

/**
 * Which assignments a list reads; with `affordableWith` (a card's balance), only those whose price is at most
 * that, and those without a price (COIN: pay with points) when it is above 0.
 */
export type AssignmentFilter = {
  projectId: string;
  rewardId?: string;
  campaignId?: string;
  affordableWith?: number;
};

function assignmentsQuery(db: Kx, f: AssignmentFilter) {
  let q = db.selectFrom('reward_assignments').where('project_id', '=', f.projectId);
  if (f.rewardId !== undefined) q = q.where('reward_id', '=', f.rewardId);
  if (f.campaignId !== undefined) q = q.where('campaign_id', '=', f.campaignId);
  const balance = f.affordableWith;
  if (balance !== undefined)
    q = q.where((eb) =>
      balance > 0
        ? eb.or([eb('points', 'is', null), eb('points', '<=', balance)])
        : eb.and([eb('points', 'is not', null), eb('points', '<=', balance)]),
    );
  return q;
}

export async function countAssignments(db: Kx, f: AssignmentFilter): Promise<number> {
  return countRows(assignmentsQuery(db, f));
}

export async function selectAssignments(
  db: Kx,
  f: AssignmentFilter,
  page: { limit: number; offset: number },
): Promise<RewardAssignmentRow[]> {
  return pageOf(assignmentsQuery(db, f).selectAll(), { column: 'created_at', dir: 'desc' }, page).execute();
}

/** The ids of the reward's assignments, at most `limit`. */
export async function assignmentIdsOfReward(db: Kx, rewardId: string, limit = 100): Promise<string[]> {
  const rows = await db
    .selectFrom('reward_assignments')
    .select('id')
    .where('reward_id', '=', rewardId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}
