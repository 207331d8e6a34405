import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import type { RedemptionRow } from './redemption.table.js';

export async function insertRedemptions(db: Kx, rows: RedemptionRow[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('redemptions').values(rows).execute();
}

export async function findRedemption(db: Kx, projectId: string, id: string) {
  return db
    .selectFrom('redemptions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** The top redemption of an earlier successful request with this idempotency key. */
export async function findByRequestKey(db: Kx, projectId: string, key: string) {
  return db
    .selectFrom('redemptions')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('request_key', '=', key)
    .executeTakeFirst();
}

export async function selectChildren(db: Kx, parentId: string): Promise<RedemptionRow[]> {
  return db
    .selectFrom('redemptions')
    .selectAll()
    .where('parent_id', '=', parentId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * Marks a successful redemption rolled back, if it still is SUCCEEDED, in one conditional statement: of two
 * rollbacks at once exactly one gets the row. False when it was rolled back already.
 */
export async function markRolledBack(db: Kx, id: string): Promise<boolean> {
  const r = await db
    .updateTable('redemptions')
    .set({ status: 'ROLLED_BACK' })
    .where('id', '=', id)
    .where('status', '=', 'SUCCEEDED')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export interface RedemptionFilter {
  projectId: string;
  /** A voucher's code or id. */
  voucher?: string;
  campaignId?: string;
  customerId?: string;
  result?: string;
  object?: string;
  parentId?: string;
  createdAfter?: number;
  createdBefore?: number;
}

function filtered(db: Kx, f: RedemptionFilter) {
  let q = db.selectFrom('redemptions').where('project_id', '=', f.projectId);
  const voucher = f.voucher;
  if (voucher !== undefined)
    q = q.where((eb) => eb.or([eb('voucher_code', '=', voucher), eb('voucher_id', '=', voucher)]));
  if (f.campaignId !== undefined) q = q.where('campaign_id', '=', f.campaignId);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.result !== undefined) q = q.where('result', '=', f.result as RedemptionRow['result']);
  if (f.object !== undefined) q = q.where('object', '=', f.object as RedemptionRow['object']);
  if (f.parentId !== undefined) q = q.where('parent_id', '=', f.parentId);
  if (f.createdAfter !== undefined) q = q.where('created_at', '>', f.createdAfter);
  if (f.createdBefore !== undefined) q = q.where('created_at', '<', f.createdBefore);
  return q;
}

export async function selectRedemptions(
  db: Kx,
  f: RedemptionFilter,
  desc: boolean,
  limit: number,
  offset: number,
): Promise<RedemptionRow[]> {
  const dir = desc ? 'desc' : 'asc';
  return filtered(db, f)
    .selectAll()
    .orderBy('created_at', dir)
    .orderBy('id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}

export async function countRedemptions(db: Kx, f: RedemptionFilter): Promise<number> {
  const r = await filtered(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** The column of a redemption row that names each kind of `redemption.count.*` scope. */
const SCOPE_COLUMN = {
  voucher: 'voucher_id',
  campaign: 'campaign_id',
  promotion_tier: 'promotion_tier_id',
} as const;

export type CountableScope = keyof typeof SCOPE_COLUMN;

export const isCountableScope = (type: string): type is CountableScope => type in SCOPE_COLUMN;

/**
 * Succeeded, not rolled-back redemptions of one voucher, campaign or promotion tier (a stack's parent is not
 * one of them):
 * those of the customer, and those since `since`.
 */
export async function countScopeRedemptions(
  db: Kx,
  projectId: string,
  scope: { type: CountableScope; id: string },
  customerId: string | null,
  since: number,
): Promise<{ perCustomer: number; daily: number }> {
  const row = await db
    .selectFrom('redemptions')
    .select([
      sql<number>`coalesce(sum(case when customer_id = ${customerId} then 1 else 0 end), 0)`.as(
        'per_customer',
      ),
      sql<number>`coalesce(sum(case when created_at >= ${since} then 1 else 0 end), 0)`.as('daily'),
    ])
    .where('project_id', '=', projectId)
    .where(SCOPE_COLUMN[scope.type], '=', scope.id)
    .where('object', '=', 'redemption')
    .where('is_parent', '=', 0)
    .where('status', '=', 'SUCCEEDED')
    .executeTakeFirstOrThrow();
  return { perCustomer: Number(row.per_customer), daily: Number(row.daily) };
}
