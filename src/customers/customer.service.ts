import type { AppContext } from '../platform/context.js';
import { isUniqueViolation, type Kx } from '../platform/db/connect.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { iso } from '../platform/clock.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { CustomerConfirmed, CustomerCreated, CustomerDeleted } from './customer.events.js';
import {
  customerNotFound,
  duplicateSourceId,
  invalidDateParam,
  metadataTooLarge,
  unconfirmedCustomerNotFound,
} from './customer.errors.js';
import {
  customerFieldsFromInput,
  customerPatchFromInput,
  presentCustomer,
  presentPermanentDeletion,
} from './customer.presenter.js';
import * as repo from './customer.repository.js';
import type { CustomerCreateIn, CustomerListQuery, CustomerUpdateIn } from './customer.schemas.js';
import type { CustomerRow, UnconfirmedCustomerRow } from './customer.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The body keys an unconfirmed customer keeps (`id` is assigned on confirmation). */
const PAYLOAD_KEYS = [
  'source_id',
  'name',
  'description',
  'email',
  'phone',
  'birthday',
  'birthdate',
  'address',
  'metadata',
] as const satisfies readonly (keyof CustomerCreateIn)[];

/** Prefix of a permanent-deletion receipt, as Voucherify issues them. */

function checkMetadata(metadata: unknown): void {
  if (metadata == null) return;
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
}

/**
 * Runs a unit of work again once when it lost a race on a unique key: two upserts of one new source_id
 * both try to insert; the second then finds the first's row and updates it.
 */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return work();
  }
}

/** A live customer by id, else by source_id. */
async function findLive(db: Kx, projectId: string, idOrSourceId: string) {
  return (
    (await repo.findCustomerById(db, projectId, idOrSourceId)) ??
    (await repo.findCustomerBySourceId(db, projectId, idOrSourceId))
  );
}

/**
 * The id of the live customer with this id or source_id, for contexts that reference customers (segments);
 * undefined when there is none. Works with `ctx.db.kysely` or inside a transaction (`tx.db`).
 */
export async function findCustomerId(
  db: Kx,
  projectId: string,
  idOrSourceId: string,
): Promise<string | undefined> {
  return (await findLive(db, projectId, idOrSourceId))?.id;
}

/** Inserts a new customer from a create body and records `customer.created`. */
export async function insertNew(tx: Tx, caller: Caller, input: CustomerCreateIn): Promise<CustomerRow> {
  const row: CustomerRow = {
    id: newId('customer'),
    project_id: caller.projectId,
    ...customerFieldsFromInput(input),
    created_at: tx.now,
    updated_at: null,
    deleted_at: null,
  };
  await repo.insertCustomer(tx.db, row);
  await recordEventFor(tx, caller, CustomerCreated, row.id, { customer: presentCustomer(row) });
  return row;
}

async function applyUpdate(
  tx: Tx,
  row: CustomerRow,
  input: Omit<CustomerCreateIn, 'id'>,
): Promise<CustomerRow> {
  const patch = customerPatchFromInput(input);
  if (patch.source_id != null && patch.source_id !== row.source_id) {
    const holder = await repo.findCustomerBySourceId(tx.db, row.project_id, patch.source_id);
    if (holder && holder.id !== row.id) throw duplicateSourceId(patch.source_id, holder.id);
  }
  patch.updated_at = tx.now;
  await repo.updateCustomerRow(tx.db, row.id, patch);
  return { ...row, ...patch };
}

/** Creates, or updates the customer with the body's `id` or `source_id`. Reports which it did. */
async function upsertIn(tx: Tx, caller: Caller, input: CustomerCreateIn) {
  const bySource = input.source_id
    ? await repo.findCustomerBySourceId(tx.db, caller.projectId, input.source_id)
    : undefined;
  if (input.id !== undefined) {
    if (bySource && bySource.id !== input.id) throw duplicateSourceId(input.source_id!, bySource.id);
    const byId = bySource ?? (await repo.findCustomerById(tx.db, caller.projectId, input.id));
    if (!byId) throw customerNotFound(input.id);
    return { customer: await applyUpdate(tx, byId, input), created: false };
  }
  if (bySource) return { customer: await applyUpdate(tx, bySource, input), created: false };
  return { customer: await insertNew(tx, caller, input), created: true };
}

/**
 * `POST /v1/customers` (and `/client/v1/customers`): an upsert by `id` or `source_id`. Creating records
 * `customer.created`; an update records nothing (customer.updated is not among the webhook events).
 */
export async function upsertCustomer(
  ctx: Ctx,
  caller: Caller,
  input: CustomerCreateIn,
): Promise<{ customer: CustomerRow; created: boolean }> {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() => transact(ctx, (tx) => upsertIn(tx, caller, input)));
}

/** A live customer by id or source_id. */
export async function getCustomer(ctx: Ctx, projectId: string, idOrSourceId: string): Promise<CustomerRow> {
  const row = await findLive(ctx.db.kysely, projectId, idOrSourceId);
  if (!row) throw customerNotFound(idOrSourceId);
  return row;
}

/** An unconfirmed customer (`ucust_…`) waiting for confirmation. */
export async function getUnconfirmedCustomer(
  ctx: Ctx,
  projectId: string,
  id: string,
): Promise<UnconfirmedCustomerRow> {
  const row = await repo.findUnconfirmedCustomer(ctx.db.kysely, projectId, id);
  if (!row) throw customerNotFound(id);
  return row;
}

/** `PUT /v1/customers/{idOrSourceId}`: sets the given fields; null clears one. Records no event. */
export async function updateCustomer(
  ctx: Ctx,
  caller: Caller,
  idOrSourceId: string,
  input: CustomerUpdateIn,
): Promise<CustomerRow> {
  checkMetadata(input.metadata);
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const row = await findLive(tx.db, caller.projectId, idOrSourceId);
      if (!row) throw customerNotFound(idOrSourceId);
      return applyUpdate(tx, row, input);
    }),
  );
}

/**
 * `DELETE /v1/customers/{idOrSourceId}`: the customer disappears from the API and `customer.deleted` is
 * recorded. As Voucherify does, the row keeps existing with its source_id renamed to
 * `<source_id>_deleted<ISO time>`, so the source_id is free for a new customer at once.
 */
export async function deleteCustomer(ctx: Ctx, caller: Caller, idOrSourceId: string): Promise<void> {
  await transact(ctx, async (tx) => {
    const row = await findLive(tx.db, caller.projectId, idOrSourceId);
    if (!row) throw customerNotFound(idOrSourceId);
    const patch: Partial<CustomerRow> = {
      source_id: row.source_id === null ? null : `${row.source_id}_deleted${iso(tx.now)}`,
      updated_at: tx.now,
      deleted_at: tx.now,
    };
    await repo.updateCustomerRow(tx.db, row.id, patch);
    await recordEventFor(tx, caller, CustomerDeleted, row.id, {
      customer: presentCustomer({ ...row, ...patch }),
    });
  });
}

/**
 * `POST /v1/customers/{idOrSourceId}/permanent-deletion`: removes the row. A live customer also records
 * `customer.deleted`; one deleted earlier (reachable by id only) is erased without a second event.
 */
export async function deleteCustomerPermanently(ctx: Ctx, caller: Caller, idOrSourceId: string) {
  return transact(ctx, async (tx) => {
    const live = await findLive(tx.db, caller.projectId, idOrSourceId);
    const row = live ?? (await repo.findAnyCustomerById(tx.db, caller.projectId, idOrSourceId));
    if (!row) throw customerNotFound(idOrSourceId);
    if (live) await recordEventFor(tx, caller, CustomerDeleted, row.id, { customer: presentCustomer(row) });
    await repo.deleteCustomerRow(tx.db, row.id);
    return presentPermanentDeletion(newId('permanentDeletion'), row.id, tx.now);
  });
}

function dateParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw invalidDateParam(name);
  return ms;
}

/** `GET /v1/customers`: filters, sort, and either `page` or a `starting_after` date cursor. */
export async function listCustomers(ctx: Ctx, projectId: string, q: CustomerListQuery) {
  const filter: repo.CustomerFilter = {
    projectId,
    email: q.email,
    city: q.city,
    name: q.name,
    createdBefore: dateParam('created_at[before]', q['created_at[before]']),
    createdAfter: dateParam('created_at[after]', q['created_at[after]']),
    updatedBefore: dateParam('updated_at[before]', q['updated_at[before]']),
    updatedAfter: dateParam('updated_at[after]', q['updated_at[after]']),
  };
  const total = await repo.countCustomers(ctx.db.kysely, filter);
  const startingAfter = dateParam('starting_after', q.starting_after);
  // As in Voucherify, a cursor replaces the page: it pages by date, newest first unless order asks otherwise.
  const offset = startingAfter === undefined ? (q.page - 1) * q.limit : 0;
  const { rows, hasMore } = await repo.selectCustomers(
    ctx.db.kysely,
    { ...filter, startingAfter },
    q.order ?? '-created_at',
    q.limit,
    offset,
  );
  return { rows, total, hasMore };
}

/**
 * `POST /client/v1/customers` with `X-Voucherify-Double-Opt-In: true`: stores an unconfirmed customer
 * (`ucust_…`) and records nothing until it is confirmed.
 */
export async function createUnconfirmedCustomer(
  ctx: Ctx,
  caller: Caller,
  input: CustomerCreateIn,
): Promise<UnconfirmedCustomerRow> {
  checkMetadata(input.metadata);
  // Only the customer fields are kept; confirming replays them as a create body.
  const payload: CustomerCreateIn = {};
  for (const k of PAYLOAD_KEYS) if (input[k] !== undefined) Object.assign(payload, { [k]: input[k] });
  const row: UnconfirmedCustomerRow = {
    id: newId('unconfirmedCustomer'),
    project_id: caller.projectId,
    source_id: payload.source_id ?? null,
    email: payload.email ?? null,
    payload: JSON.stringify(payload),
    created_at: ctx.clock.now(),
  };
  await repo.insertUnconfirmedCustomer(ctx.db.kysely, row);
  return row;
}

/**
 * `POST /v1/customers/unconfirmed/{id}/confirm`: turns the unconfirmed customer into a `cust_…` one, in one
 * transaction. A new customer records `customer.created`, then `customer.confirmed` with
 * `{customer, unconfirmed_customer: {id}}`. When a live customer already has the source_id, it is updated
 * from the stored body and only `customer.confirmed` is recorded. The unconfirmed customer is gone after.
 */
export async function confirmCustomer(ctx: Ctx, caller: Caller, unconfirmedId: string): Promise<CustomerRow> {
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const pending = await repo.findUnconfirmedCustomer(tx.db, caller.projectId, unconfirmedId);
      if (!pending || !(await repo.deleteUnconfirmedCustomerRow(tx.db, pending.id)))
        throw unconfirmedCustomerNotFound(unconfirmedId);
      const input = JSON.parse(pending.payload) as CustomerCreateIn;
      const { customer } = await upsertIn(tx, caller, input);
      await recordEventFor(tx, caller, CustomerConfirmed, customer.id, {
        customer: presentCustomer(customer),
        unconfirmed_customer: { id: pending.id },
      });
      return customer;
    }),
  );
}
