import { type CustomerRef, ensureCustomer } from '../customers/index.js';
import { accrueForPaidOrder, cancelPendingPointsOfOrder } from '../earning-rules/index.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { invalidQueryParams } from '../platform/errors.js';
import { resolveOrderInput } from './order-input.service.js';
import { duplicateOrderSourceId, metadataTooLarge, orderNotFound } from './order.errors.js';
import { plainItem } from './order.presenter.js';
import * as repo from './order.repository.js';
import type { OrderCreateIn, OrderIn, OrderListQuery, OrderStatus, OrderUpdateIn } from './order.schemas.js';
import type { OrderRow } from './order.table.js';

/**
 * Orders: stored with their lines and totals, created or updated by the orders API and by redemptions (inside
 * their transaction). They record no event of their own; a customer created on the fly records
 * `customer.created`, and an order that becomes PAID is rewarded by the order.paid earning rules of the
 * customer's loyalty programs (the earning-rules door, in the same transaction).
 */

/** The totals a discount calculation gave the order, and optionally its calculated lines. */
export interface OrderDiscount {
  initial_amount?: number;
  discount_amount: number;
  items_discount_amount: number;
  total_discount_amount: number;
  total_amount: number;
  applied_discount_amount: number;
  items_applied_discount_amount: number;
  total_applied_discount_amount: number;
  items?: Record<string, unknown>[];
}

export interface SaveOrderOptions {
  /** The customer, by id (must exist), source_id or inline; a new one is created (`customer.created`). */
  customer?: CustomerRef;
  /** Or the customer's id, already resolved. */
  customerId?: string | null;
  status?: OrderStatus;
  discount?: OrderDiscount;
  /** An entry for the order's `redemptions` map (Voucherify's `OrderRedemptionsEntry`), by redemption id. */
  redemption?: { id: string; entry: Record<string, unknown> };
  /** The customer who referred the order's customer (the holder of a referral code it redeemed). */
  referrerId?: string;
}

type Totals = Pick<
  OrderRow,
  | 'amount'
  | 'initial_amount'
  | 'discount_amount'
  | 'items_discount_amount'
  | 'total_discount_amount'
  | 'total_amount'
  | 'applied_discount_amount'
  | 'items_applied_discount_amount'
  | 'total_applied_discount_amount'
>;

const noDiscount = (amount: number): Totals => ({
  amount,
  initial_amount: amount,
  discount_amount: 0,
  items_discount_amount: 0,
  total_discount_amount: 0,
  total_amount: amount,
  applied_discount_amount: 0,
  items_applied_discount_amount: 0,
  total_applied_discount_amount: 0,
});

/** The totals after this save: the discount's when given, else the stored ones moved to a new amount. */
function totalsOf(order: OrderIn, existing: OrderRow | undefined, discount?: OrderDiscount): Totals | null {
  const amount = order.amount ?? existing?.amount ?? 0;
  if (discount) {
    const { items: _i, initial_amount, ...rest } = discount;
    return { amount, initial_amount: initial_amount ?? amount, ...rest };
  }
  if (!existing) return noDiscount(amount);
  if (order.amount === undefined) return null;
  return {
    ...noDiscount(amount),
    discount_amount: existing.discount_amount,
    items_discount_amount: existing.items_discount_amount,
    total_discount_amount: existing.total_discount_amount,
    total_amount: Math.max(0, amount - existing.total_discount_amount),
  };
}

function checkMetadata(metadata: unknown): void {
  if (metadata != null && Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
}

async function findExisting(tx: Tx, projectId: string, order: OrderIn): Promise<OrderRow | undefined> {
  if (order.id !== undefined) {
    const row = await repo.findOrderById(tx.db, projectId, order.id);
    if (!row) throw orderNotFound(order.id);
    return row;
  }
  return order.source_id ? repo.findOrderBySourceId(tx.db, projectId, order.source_id) : undefined;
}

function patchOf(
  order: OrderIn,
  existing: OrderRow | undefined,
  opts: SaveOrderOptions,
  customerId: string | null | undefined,
) {
  const patch: Partial<OrderRow> = {};
  if (existing && order.id !== undefined && order.source_id !== undefined) patch.source_id = order.source_id;
  const t = totalsOf(order, existing, opts.discount);
  if (t) Object.assign(patch, t);
  const items = opts.discount?.items ?? order.items?.map(plainItem);
  if (items !== undefined) patch.items = JSON.stringify(items);
  if (order.metadata !== undefined) patch.metadata = JSON.stringify(order.metadata);
  if (opts.status !== undefined) patch.status = opts.status;
  if (customerId !== undefined) patch.customer_id = customerId;
  if (opts.referrerId !== undefined) patch.referrer_id = opts.referrerId;
  if (opts.redemption) {
    const map = JSON.parse(existing?.redemptions ?? '{}') as Record<string, unknown>;
    map[opts.redemption.id] = opts.redemption.entry;
    patch.redemptions = JSON.stringify(map);
  }
  return patch;
}

async function applyUpdate(tx: Tx, row: OrderRow, patch: Partial<OrderRow>): Promise<OrderRow> {
  if (patch.source_id != null && patch.source_id !== row.source_id) {
    const holder = await repo.findOrderBySourceId(tx.db, row.project_id, patch.source_id);
    if (holder && holder.id !== row.id) throw duplicateOrderSourceId(patch.source_id, holder.id);
  }
  const next = { ...patch, updated_at: tx.now };
  await repo.updateOrderRow(tx.db, row.id, next);
  return { ...row, ...next };
}

/**
 * Creates the order, or updates the one its `id` (which must exist) or `source_id` names, inside the
 * caller's transaction. `order` is complete (`resolveOrderInput`); only what it and `opts` give changes on an
 * update. Without `discount` a new order has no discount, and an update keeps the stored discount amounts.
 * Two saves of one new source_id at once end in one order: the second waits for the first and updates it.
 */
export async function saveOrder(
  tx: Tx,
  caller: Caller,
  order: OrderIn,
  opts: SaveOrderOptions = {},
): Promise<OrderRow> {
  const before = { status: undefined as OrderStatus | undefined };
  const row = await storeOrder(tx, caller, order, opts, before);
  // An order that became PAID (created so, or moved to it) is what order.paid earning rules reward.
  if (row.status === 'PAID' && before.status !== 'PAID') await accrueForPaidOrder(tx, caller, row);
  // An order that became CANCELED takes back what its payment left pending (pending_points.canceled).
  if (row.status === 'CANCELED' && before.status !== undefined && before.status !== 'CANCELED')
    await cancelPendingPointsOfOrder(tx, caller, row);
  return row;
}

async function storeOrder(
  tx: Tx,
  caller: Caller,
  order: OrderIn,
  opts: SaveOrderOptions,
  before: { status: OrderStatus | undefined },
): Promise<OrderRow> {
  checkMetadata(order.metadata);
  const customerId = opts.customer ? (await ensureCustomer(tx, caller, opts.customer)).id : opts.customerId;
  const existing = await findExisting(tx, caller.projectId, order);
  before.status = existing?.status as OrderStatus | undefined;
  if (existing) return applyUpdate(tx, existing, patchOf(order, existing, opts, customerId));
  const row: OrderRow = {
    id: newId('order'),
    project_id: caller.projectId,
    source_id: order.source_id ?? null,
    status: 'CREATED',
    customer_id: null,
    referrer_id: null,
    ...noDiscount(0),
    items: '[]',
    metadata: '{}',
    redemptions: '{}',
    created_at: tx.now,
    updated_at: null,
    ...patchOf(order, undefined, opts, customerId),
  };
  if (await repo.insertOrderUnlessTaken(tx.db, row)) return row;
  const winner = await repo.findOrderBySourceId(tx.db, caller.projectId, row.source_id!);
  if (!winner) throw orderNotFound(row.source_id!);
  before.status = winner.status as OrderStatus;
  return applyUpdate(tx, winner, patchOf(order, winner, opts, customerId));
}

/** Runs the unit of work again once when it lost a race on a unique key (a new customer's source_id). */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return work();
  }
}

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** `POST /v1/orders`: creates, or updates the order with the body's `id` or `source_id` (an upsert). */
export async function createOrder(ctx: Ctx, caller: Caller, input: OrderCreateIn): Promise<OrderRow> {
  const { customer, status, ...order } = input;
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const resolved = await resolveOrderInput(tx.db, caller.projectId, order);
      return saveOrder(tx, caller, resolved, { customer, status });
    }),
  );
}

/** `PUT /v1/orders/{id}`: sets what the body gives of the order named by id or source_id. */
export async function updateOrder(ctx: Ctx, caller: Caller, idOrSourceId: string, input: OrderUpdateIn) {
  const { customer, status, ...order } = input;
  return retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const row = await findOrder(tx.db, caller.projectId, idOrSourceId);
      const resolved = await resolveOrderInput(tx.db, caller.projectId, { ...order, id: row.id });
      return saveOrder(tx, caller, resolved, { customer, status });
    }),
  );
}

/** An order by id, else by source_id; 404 when there is none. */
export async function findOrder(db: Ctx['db']['kysely'], projectId: string, idOrSourceId: string) {
  const row =
    (await repo.findOrderById(db, projectId, idOrSourceId)) ??
    (await repo.findOrderBySourceId(db, projectId, idOrSourceId));
  if (!row) throw orderNotFound(idOrSourceId);
  return row;
}

function dateParam(name: string, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const ms = Date.parse(raw);
  if (Number.isNaN(ms)) throw invalidQueryParams(`${name} must be an ISO 8601 date-time`);
  return ms;
}

/** `GET /v1/orders`: filters, sort (oldest first unless `order` says), `limit` and `page`. */
export async function listOrders(ctx: Ctx, projectId: string, q: OrderListQuery) {
  const filter: repo.OrderFilter = {
    projectId,
    status: q.status,
    customerId: q.customer_id,
    createdBefore: dateParam('created_at[before]', q['created_at[before]']),
    createdAfter: dateParam('created_at[after]', q['created_at[after]']),
  };
  const db = ctx.db.kysely;
  const total = await repo.countOrders(db, filter);
  const rows = await repo.selectOrders(db, filter, q.order ?? 'created_at', q.limit, (q.page - 1) * q.limit);
  return { rows, total };
}
