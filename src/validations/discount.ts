import { distribute, percentOf } from './money.js';

/**
 * The discount a voucher gives on an order, as a pure function of the order's state: AMOUNT, PERCENT (with
 * `amount_limit`), FIXED and UNIT, on the whole order or on its applicable items. Amounts are integers in the
 * smallest currency unit (10000 is 100.00) and every result is exact to the unit.
 *
 * Invariants, whatever the input: no discount is negative; an item's discounts never exceed its amount;
 * the order's discounts (order-level and item-level together) never exceed the order's amount. Discounts of
 * a stack apply one after another, each to what the previous ones left, so a stack keeps these too.
 *
 * Formulas (`amount_off_formula`, …) are not evaluated: the discount's fixed value applies.
 */

export interface DiscountDef {
  type: 'AMOUNT' | 'PERCENT' | 'FIXED' | 'UNIT';
  effect?: string;
  amount_off?: number;
  percent_off?: number;
  amount_limit?: number;
  fixed_amount?: number;
  unit_off?: number;
  unit_type?: string;
  units?: { unit_off?: number; unit_type?: string; effect?: string }[];
}

/** An order line as the calculation sees it. */
export interface ItemState {
  product_id?: string;
  sku_id?: string;
  source_id?: string;
  /** Units in the order (after units a discount added). */
  quantity: number;
  /** Price of one unit, when known. */
  price: number | null;
  /** The line's amount (after units a discount added). */
  amount: number;
  /** Item-level discounts on the line so far. */
  discount: number;
  /** Units and amount added by UNIT discounts so far. */
  addedQuantity: number;
  addedAmount: number;
}

export interface OrderState {
  /** The order's amount, units added by discounts included. */
  amount: number;
  /** Order-level discounts so far. */
  discount: number;
  items: ItemState[];
}

/** What one discount did: order-level and item-level amounts, per line discounts and added units. */
export interface Applied {
  order: OrderState;
  discount: number;
  itemsDiscount: number;
  itemDiscounts: number[];
  addedQuantities: number[];
}

const itemsDiscountOf = (o: OrderState) => o.items.reduce((a, i) => a + i.discount, 0);

/** What the order still costs after every discount so far; order-level discounts are capped by it. */
export const remainingOf = (o: OrderState) => Math.max(0, o.amount - o.discount - itemsDiscountOf(o));

/** A new order state from the request's order: lines with their amounts, nothing discounted yet. */
export function orderState(
  amount: number,
  items: Omit<ItemState, 'discount' | 'addedQuantity' | 'addedAmount'>[],
): OrderState {
  return {
    amount,
    discount: 0,
    items: items.map((i) => ({ ...i, discount: 0, addedQuantity: 0, addedAmount: 0 })),
  };
}

const whole = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) || n < 0 ? 0 : Math.floor(n);

/** How much more each line can be discounted: its amount less its discounts, and never above what the order still costs. */
function itemRoom(o: OrderState, applicable: boolean[]): number[] {
  return o.items.map((i, k) => (applicable[k] ? Math.max(0, i.amount - i.discount) : 0));
}

/** Per-line wishes, cut down so that the lines together never exceed what the order still costs. */
function capItems(o: OrderState, wishes: number[], room: number[]): number[] {
  const capped = wishes.map((w, k) => Math.min(whole(w), room[k]!));
  const sum = capped.reduce((a, b) => a + b, 0);
  const left = remainingOf(o);
  return sum <= left ? capped : distribute(left, capped, capped);
}

function itemWishes(d: DiscountDef, o: OrderState, room: number[]): number[] {
  const effect = d.effect ?? 'APPLY_TO_ITEMS';
  switch (d.type) {
    case 'AMOUNT': {
      const off = whole(d.amount_off);
      if (effect === 'APPLY_TO_ITEMS_BY_QUANTITY')
        return o.items.map((i, k) => (room[k]! > 0 ? off * i.quantity : 0));
      if (effect === 'APPLY_TO_ITEMS_PROPORTIONALLY') return distribute(off, room, room);
      if (effect === 'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY')
        return distribute(
          off,
          o.items.map((i, k) => (room[k]! > 0 ? i.quantity : 0)),
          room,
        );
      return room.map((r) => (r > 0 ? off : 0));
    }
    case 'PERCENT': {
      const each = room.map((r) => percentOf(r, d.percent_off ?? 0));
      const total = each.reduce((a, b) => a + b, 0);
      const limit = d.amount_limit === undefined ? total : whole(d.amount_limit);
      return total <= limit ? each : distribute(limit, each, each);
    }
    case 'FIXED':
      return o.items.map((i, k) =>
        room[k]! > 0 ? Math.max(0, room[k]! - whole(d.fixed_amount) * i.quantity) : 0,
      );
    default:
      return room.map(() => 0);
  }
}

function orderWish(d: DiscountDef, left: number): number {
  switch (d.type) {
    case 'AMOUNT':
      return whole(d.amount_off);
    case 'PERCENT': {
      const p = percentOf(left, d.percent_off ?? 0);
      return d.amount_limit === undefined ? p : Math.min(p, whole(d.amount_limit));
    }
    case 'FIXED':
      return Math.max(0, left - whole(d.fixed_amount));
    default:
      return 0;
  }
}

/** The line a UNIT discount names: by SKU or product id, or by the line's source_id. */
const matchesUnit = (i: ItemState, unitType: string) =>
  i.sku_id === unitType || i.product_id === unitType || i.source_id === unitType;

/** A line's unit price: the given price, else its amount over its quantity (rounded down). */
function unitPrice(i: ItemState): number {
  if (i.price !== null) return whole(i.price);
  const ordered = i.quantity - i.addedQuantity;
  return ordered > 0 ? Math.floor((i.amount - i.addedAmount) / ordered) : 0;
}

/**
 * UNIT: `unit_off` units of the line named by `unit_type` free. ADD_MISSING_ITEMS adds the units the order
 * lacks to reach `unit_off`; ADD_NEW_ITEMS adds `unit_off` units. A unit type with no line in the order has
 * no price to go by (there is no product catalogue), so it gives nothing and adds nothing.
 */
function applyUnits(d: DiscountDef, o: OrderState): Applied {
  const units = d.effect === 'ADD_MANY_ITEMS' ? (d.units ?? []) : [d];
  const items = o.items.map((i) => ({ ...i }));
  const itemDiscounts = items.map(() => 0);
  const addedQuantities = items.map(() => 0);
  let amount = o.amount;
  for (const u of units) {
    const k = items.findIndex((i) => u.unit_type !== undefined && matchesUnit(i, u.unit_type));
    if (k < 0) continue;
    const line = items[k]!;
    const off = whole(u.unit_off);
    const price = unitPrice(line);
    const add =
      (u.effect ?? 'ADD_MISSING_ITEMS') === 'ADD_NEW_ITEMS' ? off : Math.max(0, off - line.quantity);
    line.quantity += add;
    line.addedQuantity += add;
    line.amount += add * price;
    line.addedAmount += add * price;
    amount += add * price;
    addedQuantities[k] += add;
    const left = remainingOf({ amount, discount: o.discount, items });
    const give = Math.min(off * price, Math.max(0, line.amount - line.discount), left);
    line.discount += give;
    itemDiscounts[k] += give;
  }
  const order = { ...o, amount, items };
  const itemsDiscount = itemDiscounts.reduce((a, b) => a + b, 0);
  return { order, discount: 0, itemsDiscount, itemDiscounts, addedQuantities };
}

/**
 * Applies one discount to the order's state: APPLY_TO_ORDER as an order-level discount, the item effects
 * to the lines marked applicable (each line's discount capped by its amount), UNIT to its unit type's line.
 */
export function applyDiscount(d: DiscountDef, o: OrderState, applicable: boolean[]): Applied {
  if (d.type === 'UNIT') return applyUnits(d, o);
  const none = o.items.map(() => 0);
  if ((d.effect ?? 'APPLY_TO_ORDER') === 'APPLY_TO_ORDER') {
    const left = remainingOf(o);
    const give = Math.min(orderWish(d, left), left);
    return {
      order: { ...o, discount: o.discount + give },
      discount: give,
      itemsDiscount: 0,
      itemDiscounts: none,
      addedQuantities: none,
    };
  }
  const room = itemRoom(o, applicable);
  const given = capItems(o, itemWishes(d, o, room), room);
  const items = o.items.map((i, k) => ({ ...i, discount: i.discount + given[k]! }));
  const itemsDiscount = given.reduce((a, b) => a + b, 0);
  return { order: { ...o, items }, discount: 0, itemsDiscount, itemDiscounts: given, addedQuantities: none };
}
