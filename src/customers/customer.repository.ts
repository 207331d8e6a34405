import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, findInProject, updateById } from '../platform/db/rows.js';
import type { CustomerOrder } from './customer.schemas.js';
import type { CustomerRow, UnconfirmedCustomerRow } from './customer.table.js';

export async function insertCustomer(db: Kx, row: CustomerRow): Promise<void> {
  await db.insertInto('customers').values(row).execute();
}

/** A live (not deleted) customer of the project by its id. */
export async function findCustomerById(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'customers', projectId, { id }, { live: true });
}

/** A live customer of the project by its source_id. */
export async function findCustomerBySourceId(db: Kx, projectId: string, sourceId: string) {
  return findInProject(db, 'customers', projectId, { source_id: sourceId }, { live: true });
}

/** A customer of the project by id, deleted or not; permanent deletion also removes deleted ones. */
export async function findAnyCustomerById(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'customers', projectId, { id });
}

/** Customers of the project by id, deleted ones included. */
export async function findCustomersByIds(db: Kx, projectId: string, ids: string[]): Promise<CustomerRow[]> {
  return db
    .selectFrom('customers')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('id', 'in', ids)
    .execute();
}

export async function updateCustomerRow(db: Kx, id: string, patch: Partial<CustomerRow>): Promise<void> {
  await updateById(db, 'customers', id, patch);
}

export async function deleteCustomerRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'customers', id);
}

export interface CustomerFilter {
  projectId: string;
  email?: string;
  city?: string;
  name?: string;
  createdBefore?: number;
  createdAfter?: number;
  updatedBefore?: number;
  updatedAfter?: number;
  /** Keyset cursor on the sort column: rows strictly after it in the sort direction. */
  startingAfter?: number;
}

function filtered(db: Kx, f: CustomerFilter) {
  let q = db.selectFrom('customers').where('project_id', '=', f.projectId).where('deleted_at', 'is', null);
  if (f.email !== undefined) q = q.where('email', '=', f.email);
  if (f.city !== undefined) q = q.where('city', '=', f.city);
  if (f.name !== undefined) q = q.where('name', '=', f.name);
  if (f.createdBefore !== undefined) q = q.where('created_at', '<', f.createdBefore);
  if (f.createdAfter !== undefined) q = q.where('created_at', '>', f.createdAfter);
  if (f.updatedBefore !== undefined) q = q.where('updated_at', '<', f.updatedBefore);
  if (f.updatedAfter !== undefined) q = q.where('updated_at', '>', f.updatedAfter);
  return q;
}

/** One page of customers, in the given order (ties broken by id), plus whether more follow. */
export async function selectCustomers(
  db: Kx,
  f: CustomerFilter,
  order: CustomerOrder,
  limit: number,
  offset: number,
): Promise<{ rows: CustomerRow[]; hasMore: boolean }> {
  const sort = sortOrder<'created_at' | 'updated_at' | 'source_id'>(order);
  let q = filtered(db, f).selectAll();
  if (f.startingAfter !== undefined) {
    const cursorColumn = sort.column === 'updated_at' ? 'updated_at' : 'created_at';
    q = q.where(cursorColumn, sort.dir === 'desc' ? '<' : '>', f.startingAfter);
  }
  // Customers without the sort value (no source_id, never updated) come last.
  const rows = await pageOf(q, { ...sort, nullsLast: true }, { limit: limit + 1, offset }).execute();
  return { rows: rows.slice(0, limit), hasMore: rows.length > limit };
}

export async function countCustomers(db: Kx, f: CustomerFilter): Promise<number> {
  return countRows(filtered(db, f));
}

export async function insertUnconfirmedCustomer(db: Kx, row: UnconfirmedCustomerRow): Promise<void> {
  await db.insertInto('unconfirmed_customers').values(row).execute();
}

export async function findUnconfirmedCustomer(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'unconfirmed_customers', projectId, { id });
}

/** Deletes the unconfirmed customer; false when another request confirmed it first. */
export async function deleteUnconfirmedCustomerRow(db: Kx, id: string): Promise<boolean> {
  const r = await db.deleteFrom('unconfirmed_customers').where('id', '=', id).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
