import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, findInProject, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { EarningRuleRow } from './earning-rule.table.js';

export async function insertEarningRules(db: Kx, rows: EarningRuleRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('earning_rules').values(rows).execute();
}

export async function findEarningRule(db: Kx, projectId: string, campaignId: string, id: string) {
  return findInProject(db, 'earning_rules', projectId, { id, campaign_id: campaignId });
}

/** The rule, locked for the rest of the transaction where the database has row locks. */
export async function lockEarningRule(tx: Tx, projectId: string, id: string) {
  return lockById(tx, 'earning_rules', id, projectId);
}

export async function updateEarningRuleRow(db: Kx, id: string, patch: Partial<EarningRuleRow>) {
  await updateById(db, 'earning_rules', id, patch);
}

export async function deleteEarningRuleRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'earning_rules', id);
}

export async function countProjectEarningRules(db: Kx, projectId: string): Promise<number> {
  return countRows(db.selectFrom('earning_rules').where('project_id', '=', projectId));
}

const ofCampaign = (db: Kx, projectId: string, campaignId: string) =>
  db.selectFrom('earning_rules').where('project_id', '=', projectId).where('campaign_id', '=', campaignId);

export type EarningRuleOrder = 'created_at' | '-created_at' | 'updated_at' | '-updated_at';

export async function selectEarningRules(
  db: Kx,
  projectId: string,
  campaignId: string,
  order: EarningRuleOrder,
  limit: number,
  offset: number,
): Promise<EarningRuleRow[]> {
  const sort = { ...sortOrder(order), nullsLast: true };
  return pageOf(ofCampaign(db, projectId, campaignId).selectAll(), sort, { limit, offset }).execute();
}

export async function countEarningRules(db: Kx, projectId: string, campaignId: string): Promise<number> {
  return countRows(ofCampaign(db, projectId, campaignId));
}

/** Whether the program has an active rule of a `customer.loyalty.tier.*` event. */
export async function hasActiveTierRules(db: Kx, projectId: string, campaignId: string): Promise<boolean> {
  const row = await db
    .selectFrom('earning_rules')
    .select('id')
    .where('project_id', '=', projectId)
    .where('campaign_id', '=', campaignId)
    .where('active', '=', 1)
    .where('event', 'like', 'customer.loyalty.tier.%')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/** The active rules of the project listening to `event`, oldest first; of one campaign when given. */
export async function activeRulesFor(
  db: Kx,
  projectId: string,
  event: string,
  campaignId?: string,
): Promise<EarningRuleRow[]> {
  let q = db
    .selectFrom('earning_rules')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('event', '=', event)
    .where('active', '=', 1);
  if (campaignId !== undefined) q = q.where('campaign_id', '=', campaignId);
  return q.orderBy('created_at').orderBy('id').execute();
}
