import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { PromotionStackRow, PromotionTierRow } from './promotion.table.js';

/** Tiers and stacks are seen only while their campaign is live (not binned). */
const liveCampaign = (db: Kx) =>
  db.selectFrom('campaigns').select('campaigns.id').where('campaigns.deleted_at', 'is', null);

export async function insertTier(db: Kx, row: PromotionTierRow): Promise<void> {
  await db.insertInto('promotion_tiers').values(row).execute();
}

export async function findTier(db: Kx, projectId: string, id: string): Promise<PromotionTierRow | undefined> {
  return db
    .selectFrom('promotion_tiers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('campaign_id', 'in', liveCampaign(db))
    .executeTakeFirst();
}

export async function lockTier(tx: Tx, projectId: string, id: string): Promise<PromotionTierRow | undefined> {
  if (!(await findTier(tx.db, projectId, id))) return undefined;
  return lockById(tx, 'promotion_tiers', id, projectId);
}

export async function tiersByIds(db: Kx, projectId: string, ids: string[]): Promise<PromotionTierRow[]> {
  if (ids.length === 0) return [];
  return db
    .selectFrom('promotion_tiers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .where('campaign_id', 'in', liveCampaign(db))
    .execute();
}

export async function updateTierRow(db: Kx, id: string, patch: Partial<PromotionTierRow>): Promise<void> {
  await updateById(db, 'promotion_tiers', id, patch);
}

export async function deleteTierRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'promotion_tiers', id);
}

/** The next hierarchy of a campaign: one after its last tier's. */
export async function nextHierarchy(db: Kx, campaignId: string): Promise<number> {
  const r = await db
    .selectFrom('promotion_tiers')
    .select((eb) => eb.fn.max('hierarchy').as('h'))
    .where('campaign_id', '=', campaignId)
    .executeTakeFirst();
  return Number(r?.h ?? 0) + 1;
}

/**
 * Adds one redemption of the tier (`sign` 1) and its order's amounts to the tier's summary, or takes a
 * rolled-back one away (`sign` -1), in one statement.
 */
export async function addTierRedemption(
  db: Kx,
  id: string,
  order: { amount: number; discount: number },
  sign: 1 | -1 = 1,
): Promise<void> {
  await db
    .updateTable('promotion_tiers')
    .set((eb) => ({
      total_redeemed: eb('total_redeemed', '+', sign),
      orders_total_amount: eb('orders_total_amount', '+', sign * order.amount),
      orders_total_discount_amount: eb('orders_total_discount_amount', '+', sign * order.discount),
    }))
    .where('id', '=', id)
    .execute();
}

export interface TierFilter {
  projectId: string;
  campaignId?: string;
  /** Active tiers of active campaigns, within their dates at `now`. */
  availableAt?: number;
}

function tierQuery(db: Kx, f: TierFilter) {
  let q = db
    .selectFrom('promotion_tiers')
    .where('project_id', '=', f.projectId)
    .where('campaign_id', 'in', liveCampaign(db));
  if (f.campaignId !== undefined) q = q.where('campaign_id', '=', f.campaignId);
  const now = f.availableAt;
  if (now !== undefined)
    q = q
      .where('active', '=', 1)
      .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', now)]))
      .where((eb) => eb.or([eb('expiration_date', 'is', null), eb('expiration_date', '>=', now)]))
      .where(
        'campaign_id',
        'in',
        db
          .selectFrom('campaigns')
          .select('id')
          .where('active', '=', 1)
          .where((eb) => eb.or([eb('start_date', 'is', null), eb('start_date', '<=', now)]))
          .where((eb) => eb.or([eb('expiration_date', 'is', null), eb('expiration_date', '>=', now)])),
      );
  return q;
}

export async function countTiers(db: Kx, f: TierFilter): Promise<number> {
  return countRows(tierQuery(db, f));
}

export async function selectTiers(
  db: Kx,
  f: TierFilter,
  order: string,
  limit: number,
  offset: number,
): Promise<PromotionTierRow[]> {
  return pageOf(tierQuery(db, f).selectAll(), sortOrder(order), { limit, offset }).execute();
}

/** The tiers of a campaign in the order they apply: by hierarchy, then age. */
export async function tiersOfCampaign(db: Kx, projectId: string, campaignId: string) {
  return db
    .selectFrom('promotion_tiers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('campaign_id', '=', campaignId)
    .orderBy('hierarchy')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function insertStack(db: Kx, row: PromotionStackRow): Promise<void> {
  await db.insertInto('promotion_stacks').values(row).execute();
}

export async function findStack(db: Kx, projectId: string, id: string, campaignId?: string) {
  let q = db
    .selectFrom('promotion_stacks')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .where('campaign_id', 'in', liveCampaign(db));
  if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
  return q.executeTakeFirst();
}

export async function lockStack(tx: Tx, projectId: string, id: string, campaignId: string) {
  if (!(await findStack(tx.db, projectId, id, campaignId))) return undefined;
  return lockById(tx, 'promotion_stacks', id, projectId);
}

export async function updateStackRow(db: Kx, id: string, patch: Partial<PromotionStackRow>): Promise<void> {
  await updateById(db, 'promotion_stacks', id, patch);
}

export async function deleteStackRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'promotion_stacks', id);
}

function stackQuery(db: Kx, projectId: string, campaignId?: string) {
  let q = db
    .selectFrom('promotion_stacks')
    .where('project_id', '=', projectId)
    .where('campaign_id', 'in', liveCampaign(db));
  if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
  return q;
}

export async function countStacks(db: Kx, projectId: string, campaignId?: string): Promise<number> {
  return countRows(stackQuery(db, projectId, campaignId));
}

export async function selectStacks(
  db: Kx,
  filter: { projectId: string; campaignId?: string },
  order: string,
  limit: number,
  offset: number,
): Promise<PromotionStackRow[]> {
  return pageOf(stackQuery(db, filter.projectId, filter.campaignId).selectAll(), sortOrder(order), {
    limit,
    offset,
  }).execute();
}

/** Stacks of the live PROMOTION campaigns of the project, oldest first (qualifications). */
export async function allStacks(db: Kx, projectId: string): Promise<PromotionStackRow[]> {
  return stackQuery(db, projectId).selectAll().orderBy('created_at').orderBy('id').execute();
}
