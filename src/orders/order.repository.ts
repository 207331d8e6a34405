import { sql } from 'kysely';
import type { Kx } from '../platform/db/connect.js';
import type { OrderRow } from './order.table.js';

/**
 * Inserts the order unless its source_id is taken in the project (`ON CONFLICT DO NOTHING`; on PostgreSQL an
 * insert racing an uncommitted one waits for it). False when nothing went in.
 */
export async function insertOrderUnlessTaken(db: Kx, row: OrderRow): Promise<boolean> {
  const r = await db
    .insertInto('orders')
    .values(row)
    .onConflict((oc) => oc.columns(['project_id', 'source_id']).doNothing())
    .returning('id')
    .execute();
  return r.length === 1;
}

export async function findOrderById(db: Kx, projectId: string, id: string): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findOrderBySourceId(
  db: Kx,
  projectId: string,
  sourceId: string,
): Promise<OrderRow | undefined> {
  return db
    .selectFrom('orders')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('source_id', '=', sourceId)
    .executeTakeFirst();
}

export async function updateOrderRow(db: Kx, id: string, patch: Partial<OrderRow>): Promise<void> {
  await db.updateTable('orders').set(patch).where('id', '=', id).execute();
}

export interface OrderFilter {
  projectId: string;
  status?: string;
  customerId?: string;
  createdBefore?: number;
  createdAfter?: number;
}

function filtered(db: Kx, f: OrderFilter) {
  let q = db.selectFrom('orders').where('project_id', '=', f.projectId);
  if (f.status !== undefined) q = q.where('status', '=', f.status as OrderRow['status']);
  if (f.customerId !== undefined) q = q.where('customer_id', '=', f.customerId);
  if (f.createdBefore !== undefined) q = q.where('created_at', '<', f.createdBefore);
  if (f.createdAfter !== undefined) q = q.where('created_at', '>', f.createdAfter);
  return q;
}

export async function countOrders(db: Kx, f: OrderFilter): Promise<number> {
  const r = await filtered(db, f).select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** One page of orders, ties broken by id; orders never updated sort as if updated when created. */
export async function selectOrders(
  db: Kx,
  f: OrderFilter,
  order: string,
  limit: number,
  offset: number,
): Promise<OrderRow[]> {
  const desc = order.startsWith('-');
  const column = desc ? order.slice(1) : order;
  const dir = desc ? 'desc' : 'asc';
  const key = column === 'updated_at' ? sql`coalesce(updated_at, created_at)` : sql.ref('created_at');
  return filtered(db, f)
    .selectAll()
    .orderBy(key, dir)
    .orderBy('id', dir)
    .limit(limit)
    .offset(offset)
    .execute();
}
