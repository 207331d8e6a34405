import type { Kx } from '../platform/db/connect.js';
import type { Tx } from '../platform/db/transaction.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { customerNotFound, metadataTooLarge } from './customer.errors.js';
import * as repo from './customer.repository.js';
import type { CustomerCreateIn } from './customer.schemas.js';
import { insertNew } from './customer.service.js';
import type { CustomerRow } from './customer.table.js';

/**
 * Customers named inside other contexts' requests (a publication's or a validation's `customer`): by `id`,
 * which must exist, or by `source_id`, with the body's other fields used only when the customer is new.
 */

/** A `customer` object of another request: `id` or `source_id`, plus the fields a new customer gets. */
export type CustomerRef = CustomerCreateIn;

/**
 * Inside the caller's transaction, the live customer the reference names. A `source_id` not seen before (or a
 * reference with neither key) creates the customer from the reference's fields and records
 * `customer.created`; an existing customer is used as it is. An unknown `id` is 404 (`resource_type:
 * customer`). Two requests creating one new source_id at once: one of them fails on the unique index, and
 * the caller retries its unit of work (it then finds the customer).
 */
export async function ensureCustomer(tx: Tx, caller: Caller, ref: CustomerRef): Promise<CustomerRow> {
  if (ref.id !== undefined) {
    const row = await repo.findCustomerById(tx.db, caller.projectId, ref.id);
    if (!row) throw customerNotFound(ref.id);
    return row;
  }
  if (ref.source_id !== undefined) {
    const row = await repo.findCustomerBySourceId(tx.db, caller.projectId, ref.source_id);
    if (row) return row;
  }
  if (ref.metadata != null && Buffer.byteLength(JSON.stringify(ref.metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
  return insertNew(tx, caller, ref);
}

/**
 * Read-only: the live customer the reference names, or null when it names none yet (a new `source_id`, or
 * neither key), so a dry run such as a validation writes nothing. An unknown `id` is 404.
 */
export async function lookupCustomer(
  db: Kx,
  projectId: string,
  ref: CustomerRef,
): Promise<CustomerRow | null> {
  if (ref.id !== undefined) {
    const row = await repo.findCustomerById(db, projectId, ref.id);
    if (!row) throw customerNotFound(ref.id);
    return row;
  }
  if (ref.source_id === undefined) return null;
  return (await repo.findCustomerBySourceId(db, projectId, ref.source_id)) ?? null;
}

/** Customers by id, deleted ones included, for presenting what other contexts stored about them. */
export async function customersByIds(
  db: Kx,
  projectId: string,
  ids: string[],
): Promise<Map<string, CustomerRow>> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return new Map();
  const rows = await repo.findCustomersByIds(db, projectId, unique);
  return new Map(rows.map((r) => [r.id, r]));
}
