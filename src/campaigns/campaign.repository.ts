import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, findInProject, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { CampaignRow } from './campaign.table.js';

export async function insertCampaign(db: Kx, row: CampaignRow): Promise<void> {
  await db.insertInto('campaigns').values(row).execute();
}

/** A live campaign of the project by id, or else by name (the SDK addresses campaigns by either). */
export async function findCampaign(db: Kx, projectId: string, idOrName: string) {
  return (
    (await findInProject(db, 'campaigns', projectId, { id: idOrName }, { live: true })) ??
    (await findInProject(db, 'campaigns', projectId, { name: idOrName }, { live: true }))
  );
}

/** A campaign by id, binned or not. */
export async function findAnyCampaign(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'campaigns', projectId, { id });
}

/** Any campaign of the project holding the name, binned ones included. */
export async function findCampaignByName(db: Kx, projectId: string, name: string) {
  return db
    .selectFrom('campaigns')
    .select(['id', 'deleted_at'])
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/**
 * The campaign, locked for the rest of the transaction where the database has row locks (PostgreSQL); SQLite
 * serialises writers, so the plain read is enough there.
 */
export async function lockCampaign(tx: Tx, id: string): Promise<CampaignRow | undefined> {
  return lockById(tx, 'campaigns', id);
}

export async function updateCampaignRow(db: Kx, id: string, patch: Partial<CampaignRow>): Promise<void> {
  await updateById(db, 'campaigns', id, patch);
}

export async function addToVouchersCount(db: Kx, id: string, delta: number): Promise<void> {
  if (delta === 0) return;
  await db
    .updateTable('campaigns')
    .set({ vouchers_count: sql<number>`vouchers_count + ${delta}` })
    .where('id', '=', id)
    .execute();
}

export async function deleteCampaignRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'campaigns', id);
}

export interface CampaignFilter {
  projectId: string;
  campaignType?: string;
}

function filtered(db: Kx, f: CampaignFilter) {
  let q = db.selectFrom('campaigns').where('project_id', '=', f.projectId).where('deleted_at', 'is', null);
  if (f.campaignType !== undefined)
    q = q.where('campaign_type', '=', f.campaignType as CampaignRow['campaign_type']);
  return q;
}

export async function selectCampaigns(
  db: Kx,
  f: CampaignFilter,
  order: string,
  limit: number,
  offset: number,
): Promise<CampaignRow[]> {
  return pageOf(filtered(db, f).selectAll(), sortOrder(order), { limit, offset }).execute();
}

export async function countCampaigns(db: Kx, f: CampaignFilter): Promise<number> {
  return countRows(filtered(db, f));
}

/** Names of the given campaigns (binned ones too), by id. */
export async function campaignNames(db: Kx, ids: string[]): Promise<Map<string, string>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('campaigns').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}
