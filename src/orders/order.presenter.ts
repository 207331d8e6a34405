import { iso, isoOrNull } from '../platform/clock.js';
import type { OrderItemIn } from './order.schemas.js';
import type { OrderRow } from './order.table.js';

/*
 * Wire rule, from `api-orders.json`: the order lists its amounts (zero when nothing is discounted), its
 * calculated lines and `customer` as `{id, object}` when it has one; `source_id` and `updated_at` are null
 * when unset. Keys follow the order of Voucherify's example.
 */

export type OrderJson = Record<string, unknown>;

/** A line of a complete order (see `resolveOrderInput`) as stored, before any discount. */
export function plainItem(i: OrderItemIn): Record<string, unknown> {
  const out: Record<string, unknown> = { object: 'order_item' };
  for (const k of ['product_id', 'sku_id', 'source_id', 'related_object'] as const)
    if (i[k] !== undefined) out[k] = i[k];
  const amount = i.amount ?? 0;
  out.quantity = i.quantity ?? 1;
  out.amount = amount;
  out.discount_amount = 0;
  out.applied_discount_amount = 0;
  if (i.price !== undefined) out.price = i.price;
  out.subtotal_amount = amount;
  if (i.product) out.product = i.product;
  if (i.sku) out.sku = i.sku;
  if (i.metadata) out.metadata = i.metadata;
  return out;
}

function totals(row: OrderRow) {
  return {
    amount: row.amount,
    initial_amount: row.initial_amount,
    discount_amount: row.discount_amount,
    items_discount_amount: row.items_discount_amount,
    total_discount_amount: row.total_discount_amount,
    total_amount: row.total_amount,
    applied_discount_amount: row.applied_discount_amount,
    items_applied_discount_amount: row.items_applied_discount_amount,
    total_applied_discount_amount: row.total_applied_discount_amount,
  };
}

/** The order object of the orders API (`OrderCalculated` with its items). */
export function presentOrder(row: OrderRow): OrderJson {
  const out: OrderJson = {
    id: row.id,
    source_id: row.source_id,
    created_at: iso(row.created_at),
    updated_at: isoOrNull(row.updated_at),
    status: row.status,
    ...totals(row),
    items: JSON.parse(row.items),
    metadata: JSON.parse(row.metadata),
  };
  if (row.customer_id !== null) out.customer = { id: row.customer_id, object: 'customer' };
  out.customer_id = row.customer_id;
  out.referrer_id = row.referrer_id;
  out.object = 'order';
  const redemptions = JSON.parse(row.redemptions) as Record<string, unknown>;
  if (Object.keys(redemptions).length > 0) out.redemptions = redemptions;
  return out;
}

const SIMPLE_ITEM_KEYS = [
  'object',
  'source_id',
  'related_object',
  'product_id',
  'sku_id',
  'quantity',
  'discount_quantity',
  'amount',
  'discount_amount',
  'applied_discount_amount',
  'price',
  'subtotal_amount',
] as const;

/** `SimpleOrder`: the order as redemption and gift-card events carry it. */
export function presentSimpleOrder(row: OrderRow): OrderJson {
  const items = (JSON.parse(row.items) as Record<string, unknown>[]).map((i) => {
    const out: Record<string, unknown> = {};
    for (const k of SIMPLE_ITEM_KEYS) if (i[k] !== undefined) out[k] = i[k];
    return out;
  });
  const out: OrderJson = { id: row.id };
  if (row.source_id !== null) out.source_id = row.source_id;
  out.status = row.status;
  out.customer_id = row.customer_id;
  out.referrer_id = row.referrer_id;
  Object.assign(out, totals(row));
  delete out.initial_amount;
  out.items = items;
  out.metadata = JSON.parse(row.metadata);
  out.object = 'order';
  return out;
}
