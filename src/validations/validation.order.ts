import { type Applied, type OrderState, orderState } from './discount.js';
import { orderLines } from '../orders/index.js';
import type { OrderIn, OrderItemIn } from './validation.schemas.js';

/**
 * The order of a validation request as the discount calculation sees it, and back as Voucherify's
 * calculated order (`OrderCalculated` with `OrderCalculatedItem` lines). A line's amount is the one sent,
 * else its price (or its product's or SKU's) times its quantity (1 when left out); the order's amount is
 * the one sent, else the sum of its lines.
 */

/** An item of the discount's target list (a validation rule's `applicable_to`): by product or SKU. */
export interface ItemTarget {
  object?: string;
  id?: string;
  source_id?: string;
  product_id?: string;
}

export interface ApplicableTo {
  included?: ItemTarget[];
  excluded?: ItemTarget[];
  included_all?: boolean;
}

/** The order's state before any discount: its amounts by the orders context's one rule. */
export function stateOf(order: OrderIn | undefined): OrderState {
  const { amount, items } = orderLines(order);
  return orderState(amount, items);
}

function matches(item: OrderState['items'][number], t: ItemTarget): boolean {
  const ids = [item.product_id, item.sku_id].filter((x): x is string => x !== undefined);
  if (t.id !== undefined && ids.includes(t.id)) return true;
  if (t.product_id !== undefined && item.product_id === t.product_id) return true;
  return t.source_id !== undefined && item.source_id === t.source_id;
}

/**
 * Which lines an item discount applies to: without a target list every line; else the included ones (all
 * with `included_all`), never an excluded one.
 */
export function applicableLines(state: OrderState, to: ApplicableTo | null): boolean[] {
  return state.items.map((item) => {
    if (!to) return true;
    if ((to.excluded ?? []).some((t) => matches(item, t))) return false;
    return to.included_all === true || (to.included ?? []).some((t) => matches(item, t));
  });
}

/** What the redeemables applied so far add up to, per order and per line. */
export interface Totals {
  discount: number;
  itemsDiscount: number;
  itemDiscounts: number[];
  addedQuantities: number[];
}

export const noTotals = (state: OrderState): Totals => ({
  discount: 0,
  itemsDiscount: 0,
  itemDiscounts: state.items.map(() => 0),
  addedQuantities: state.items.map(() => 0),
});

export function addTotals(t: Totals, a: Applied): Totals {
  return {
    discount: t.discount + a.discount,
    itemsDiscount: t.itemsDiscount + a.itemsDiscount,
    itemDiscounts: t.itemDiscounts.map((x, k) => x + a.itemDiscounts[k]!),
    addedQuantities: t.addedQuantities.map((x, k) => x + a.addedQuantities[k]!),
  };
}

function presentItem(input: OrderItemIn, s: OrderState['items'][number], applied: number, added: number) {
  const out: Record<string, unknown> = { object: 'order_item' };
  for (const k of ['product_id', 'sku_id', 'source_id', 'related_object'] as const)
    if (input[k] !== undefined) out[k] = input[k];
  out.quantity = s.quantity;
  if (s.addedQuantity > 0) {
    out.initial_quantity = s.quantity - s.addedQuantity;
    out.applied_quantity = added;
    out.applied_quantity_amount = added * (s.price ?? 0);
  }
  out.amount = s.amount;
  if (s.addedAmount > 0) out.initial_amount = s.amount - s.addedAmount;
  out.discount_amount = s.discount;
  out.applied_discount_amount = applied;
  if (s.price !== null) out.price = s.price;
  out.subtotal_amount = s.amount - s.discount;
  if (input.product) out.product = input.product;
  if (input.sku) out.sku = input.sku;
  if (input.metadata) out.metadata = input.metadata;
  return out;
}

/**
 * The calculated order: `discount_amount` (order-level) and `items_discount_amount` (line-level) of all
 * redeemables applied so far, `total_amount` what is left to pay, and the `applied_…` amounts of `applied`
 * (one redeemable, or all of them for the request's own order).
 */
export function presentOrder(
  input: OrderIn | undefined,
  initial: number,
  s: OrderState,
  applied: Totals,
  customerId: string | null,
) {
  const itemsDiscount = s.items.reduce((a, i) => a + i.discount, 0);
  const total = s.discount + itemsDiscount;
  const out: Record<string, unknown> = {};
  if (input?.source_id != null) out.source_id = input.source_id;
  out.amount = s.amount;
  out.initial_amount = initial;
  out.discount_amount = s.discount;
  out.items_discount_amount = itemsDiscount;
  out.total_discount_amount = total;
  out.total_amount = s.amount - total;
  out.applied_discount_amount = applied.discount;
  out.items_applied_discount_amount = applied.itemsDiscount;
  out.total_applied_discount_amount = applied.discount + applied.itemsDiscount;
  out.items = (input?.items ?? []).map((i, k) =>
    presentItem(i, s.items[k]!, applied.itemDiscounts[k] ?? 0, applied.addedQuantities[k] ?? 0),
  );
  out.metadata = input?.metadata ?? {};
  out.customer_id = customerId;
  out.object = 'order';
  return out;
}
