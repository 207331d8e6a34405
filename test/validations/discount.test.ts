import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  applyDiscount,
  type DiscountDef,
  type ItemState,
  orderState,
  remainingOf,
} from '../../src/validations/discount.js';
import { distribute, percentOf } from '../../src/validations/money.js';

/** 100.00 in three lines: A 2 × 25.00, B 1 × 30.00, C 1 × 20.00; A and B are the applicable ones. */
const line = (id: string, quantity: number, price: number) => ({
  product_id: id,
  quantity,
  price,
  amount: quantity * price,
});
const ORDER = () =>
  orderState(10000, [line('prod_a', 2, 2500), line('prod_b', 1, 3000), line('prod_c', 1, 2000)]);
const AB = [true, true, false];

interface Row {
  name: string;
  d: DiscountDef;
  discount: number;
  items: number[];
  amount?: number;
  added?: number[];
}

const TABLE: Row[] = [
  // AMOUNT
  { name: 'AMOUNT on the order', d: { type: 'AMOUNT', amount_off: 1500 }, discount: 1500, items: [0, 0, 0] },
  {
    name: 'AMOUNT on the order, more than the order',
    d: { type: 'AMOUNT', amount_off: 15000 },
    discount: 10000,
    items: [0, 0, 0],
  },
  {
    name: 'AMOUNT on each applicable item',
    d: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [1000, 1000, 0],
  },
  {
    name: 'AMOUNT on items, capped by each item',
    d: { type: 'AMOUNT', amount_off: 4000, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [4000, 3000, 0],
  },
  {
    name: 'AMOUNT per unit',
    d: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ITEMS_BY_QUANTITY' },
    discount: 0,
    items: [2000, 1000, 0],
  },
  {
    name: 'AMOUNT per unit, capped by each item',
    d: { type: 'AMOUNT', amount_off: 3000, effect: 'APPLY_TO_ITEMS_BY_QUANTITY' },
    discount: 0,
    items: [5000, 3000, 0],
  },
  {
    name: 'AMOUNT split by item amount',
    d: { type: 'AMOUNT', amount_off: 1000, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY' },
    discount: 0,
    items: [625, 375, 0],
  },
  {
    name: 'AMOUNT split by item amount, to the cent',
    d: { type: 'AMOUNT', amount_off: 999, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY' },
    discount: 0,
    items: [624, 375, 0],
  },
  {
    name: 'AMOUNT split by item amount, more than the items',
    d: { type: 'AMOUNT', amount_off: 9000, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY' },
    discount: 0,
    items: [5000, 3000, 0],
  },
  {
    name: 'AMOUNT split by quantity',
    d: { type: 'AMOUNT', amount_off: 900, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY' },
    discount: 0,
    items: [600, 300, 0],
  },
  {
    name: 'AMOUNT split by quantity, to the cent',
    d: { type: 'AMOUNT', amount_off: 7000, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY' },
    discount: 0,
    items: [4667, 2333, 0],
  },
  {
    name: 'AMOUNT split by quantity, a full item passes its share on',
    d: { type: 'AMOUNT', amount_off: 8000, effect: 'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY' },
    discount: 0,
    items: [5000, 3000, 0],
  },
  // PERCENT
  { name: 'PERCENT on the order', d: { type: 'PERCENT', percent_off: 10 }, discount: 1000, items: [0, 0, 0] },
  {
    name: 'PERCENT on the order, up to amount_limit',
    d: { type: 'PERCENT', percent_off: 10, amount_limit: 500 },
    discount: 500,
    items: [0, 0, 0],
  },
  {
    name: 'PERCENT on the order, amount_limit above the percent',
    d: { type: 'PERCENT', percent_off: 10, amount_limit: 5000 },
    discount: 1000,
    items: [0, 0, 0],
  },
  {
    name: 'PERCENT 100 on the order',
    d: { type: 'PERCENT', percent_off: 100 },
    discount: 10000,
    items: [0, 0, 0],
  },
  { name: 'PERCENT 0', d: { type: 'PERCENT', percent_off: 0 }, discount: 0, items: [0, 0, 0] },
  {
    name: 'PERCENT on each applicable item',
    d: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [500, 300, 0],
  },
  {
    name: 'PERCENT on items, amount_limit shared by item discount',
    d: { type: 'PERCENT', percent_off: 10, amount_limit: 400, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [250, 150, 0],
  },
  {
    name: 'PERCENT with decimals on items, each rounded to the cent',
    d: { type: 'PERCENT', percent_off: 33.335, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [1667, 1000, 0],
  },
  // FIXED: the order, or each unit, costs the fixed amount
  { name: 'FIXED order price', d: { type: 'FIXED', fixed_amount: 8000 }, discount: 2000, items: [0, 0, 0] },
  {
    name: 'FIXED order price above the order',
    d: { type: 'FIXED', fixed_amount: 12000 },
    discount: 0,
    items: [0, 0, 0],
  },
  {
    name: 'FIXED unit price on items',
    d: { type: 'FIXED', fixed_amount: 1000, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [3000, 2000, 0],
  },
  {
    name: 'FIXED unit price above the items',
    d: { type: 'FIXED', fixed_amount: 4000, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [0, 0, 0],
  },
  {
    name: 'FIXED unit price 0 makes the items free',
    d: { type: 'FIXED', fixed_amount: 0, effect: 'APPLY_TO_ITEMS' },
    discount: 0,
    items: [5000, 3000, 0],
  },
  // UNIT
  {
    name: 'UNIT present in the order',
    d: { type: 'UNIT', unit_off: 1, unit_type: 'prod_c', effect: 'ADD_MISSING_ITEMS' },
    discount: 0,
    items: [0, 0, 2000],
    added: [0, 0, 0],
    amount: 10000,
  },
  {
    name: 'UNIT adds the missing units',
    d: { type: 'UNIT', unit_off: 3, unit_type: 'prod_a', effect: 'ADD_MISSING_ITEMS' },
    discount: 0,
    items: [7500, 0, 0],
    added: [1, 0, 0],
    amount: 12500,
  },
  {
    name: 'UNIT adds new units',
    d: { type: 'UNIT', unit_off: 1, unit_type: 'prod_b', effect: 'ADD_NEW_ITEMS' },
    discount: 0,
    items: [0, 3000, 0],
    added: [0, 1, 0],
    amount: 13000,
  },
  {
    name: 'UNIT with many units',
    d: {
      type: 'UNIT',
      effect: 'ADD_MANY_ITEMS',
      units: [
        { unit_off: 1, unit_type: 'prod_b', effect: 'ADD_NEW_ITEMS' },
        { unit_off: 1, unit_type: 'prod_c', effect: 'ADD_MISSING_ITEMS' },
      ],
    },
    discount: 0,
    items: [0, 3000, 2000],
    added: [0, 1, 0],
    amount: 13000,
  },
  {
    name: 'UNIT of a product not in the order',
    d: { type: 'UNIT', unit_off: 2, unit_type: 'prod_x', effect: 'ADD_NEW_ITEMS' },
    discount: 0,
    items: [0, 0, 0],
    added: [0, 0, 0],
    amount: 10000,
  },
];

describe('the discount of one voucher on 100.00 (table)', () => {
  it.each(TABLE)('$name', (row) => {
    const r = applyDiscount(row.d, ORDER(), AB);
    expect(r.discount).toBe(row.discount);
    expect(r.itemDiscounts).toEqual(row.items);
    expect(r.itemsDiscount).toBe(row.items.reduce((a, b) => a + b, 0));
    expect(r.order.amount).toBe(row.amount ?? 10000);
    if (row.added) expect(r.addedQuantities).toEqual(row.added);
    expect(r.order.items.map((i) => i.discount)).toEqual(row.items);
  });

  it('a stack applies each discount to what the previous ones left', () => {
    const half = applyDiscount({ type: 'PERCENT', percent_off: 50 }, ORDER(), AB);
    const more = applyDiscount({ type: 'AMOUNT', amount_off: 8000 }, half.order, AB);
    expect([half.discount, more.discount, remainingOf(more.order)]).toEqual([5000, 5000, 0]);
    const items = applyDiscount({ type: 'AMOUNT', amount_off: 4000, effect: 'APPLY_TO_ITEMS' }, ORDER(), AB);
    const order = applyDiscount({ type: 'PERCENT', percent_off: 50 }, items.order, AB);
    expect([items.itemsDiscount, order.discount, remainingOf(order.order)]).toEqual([7000, 1500, 1500]);
    // Items already free get nothing more; the order-level rest stays what it was.
    const free = applyDiscount({ type: 'FIXED', fixed_amount: 0, effect: 'APPLY_TO_ITEMS' }, ORDER(), [
      true,
      true,
      true,
    ]);
    const after = applyDiscount({ type: 'AMOUNT', amount_off: 500, effect: 'APPLY_TO_ITEMS' }, free.order, [
      true,
      true,
      true,
    ]);
    expect([free.itemsDiscount, after.itemsDiscount, remainingOf(after.order)]).toEqual([10000, 0, 0]);
  });

  it('an order-level discount first leaves items no more than the order still costs', () => {
    const first = applyDiscount({ type: 'AMOUNT', amount_off: 9000 }, ORDER(), AB);
    const items = applyDiscount(
      { type: 'AMOUNT', amount_off: 4000, effect: 'APPLY_TO_ITEMS' },
      first.order,
      AB,
    );
    expect(items.itemsDiscount).toBe(1000);
    const units = applyDiscount(
      { type: 'UNIT', unit_off: 2, unit_type: 'prod_c', effect: 'ADD_MISSING_ITEMS' },
      items.order,
      AB,
    );
    // One unit of C (20.00) is added, so 20.00 more is left to discount, not the 40.00 the two units are worth.
    expect([units.order.amount, units.itemsDiscount, remainingOf(units.order)]).toEqual([12000, 2000, 0]);
  });
});

describe('money arithmetic', () => {
  it('percentOf is exact and rounds half up, also for amounts past 2^53 / 100', () => {
    expect(percentOf(9999, 12.5)).toBe(1250); // 1249.875
    expect(percentOf(1005, 10)).toBe(101); // 100.5
    expect(percentOf(1004, 10)).toBe(100); // 100.4
    expect(percentOf(3, 33.3333)).toBe(1);
    expect(percentOf(90_071_992_547_409, 10)).toBe(9_007_199_254_741); // 9007199254740.9
    expect(percentOf(100, 0)).toBe(0);
  });

  it('distribute sums to min(total, caps) and keeps each share within its cap', () => {
    expect(distribute(10, [1, 1, 1], [10, 10, 10])).toEqual([4, 3, 3]);
    expect(distribute(10, [1, 0], [3, 10])).toEqual([3, 7]);
    expect(distribute(100, [5, 5], [10, 20])).toEqual([10, 20]);
    expect(distribute(0, [1], [5])).toEqual([0]);
  });
});

const UNIT_TYPES = ['prod_a', 'prod_b', 'sku_c', 'src_d', 'prod_missing'];

const itemArb = fc
  .record({
    id: fc.constantFrom('prod_a', 'prod_b', 'sku_c', 'src_d'),
    quantity: fc.integer({ min: 0, max: 20 }),
    price: fc.option(fc.integer({ min: 0, max: 100_000 }), { nil: null }),
    odd: fc.integer({ min: 0, max: 2_000_000 }),
  })
  .map(({ id, quantity, price, odd }) => ({
    product_id: id.startsWith('prod_') ? id : undefined,
    sku_id: id.startsWith('sku_') ? id : undefined,
    source_id: id.startsWith('src_') ? id : undefined,
    quantity,
    price,
    // With a price the amount follows it; without one any amount, as a client may send.
    amount: price === null ? odd : price * quantity,
  }));

const money = fc.integer({ min: 0, max: 3_000_000 });
const unitArb = fc.record({
  unit_off: fc.integer({ min: 0, max: 10 }),
  unit_type: fc.constantFrom(...UNIT_TYPES),
  effect: fc.constantFrom('ADD_MISSING_ITEMS', 'ADD_NEW_ITEMS'),
});
const ITEM_EFFECTS = [
  'APPLY_TO_ORDER',
  'APPLY_TO_ITEMS',
  'APPLY_TO_ITEMS_BY_QUANTITY',
  'APPLY_TO_ITEMS_PROPORTIONALLY',
  'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY',
];

const discountArb: fc.Arbitrary<DiscountDef> = fc.oneof(
  fc.record({
    type: fc.constant('AMOUNT' as const),
    amount_off: money,
    effect: fc.constantFrom(...ITEM_EFFECTS),
  }),
  fc.record(
    {
      type: fc.constant('PERCENT' as const),
      percent_off: fc.double({ min: 0, max: 100, noNaN: true }),
      amount_limit: money,
      effect: fc.constantFrom('APPLY_TO_ORDER', 'APPLY_TO_ITEMS'),
    },
    { requiredKeys: ['type', 'percent_off', 'effect'] },
  ),
  fc.record({
    type: fc.constant('FIXED' as const),
    fixed_amount: money,
    effect: fc.constantFrom('APPLY_TO_ORDER', 'APPLY_TO_ITEMS'),
  }),
  unitArb.map((u) => ({ type: 'UNIT' as const, ...u })),
  fc
    .array(unitArb, { minLength: 1, maxLength: 3 })
    .map((units) => ({ type: 'UNIT' as const, effect: 'ADD_MANY_ITEMS', units })),
);

function checkInvariants(items: ItemState[], orderDiscount: number, amount: number) {
  for (const i of items) {
    expect(Number.isInteger(i.discount)).toBe(true);
    expect(i.discount).toBeGreaterThanOrEqual(0);
    expect(i.discount).toBeLessThanOrEqual(i.amount);
  }
  const total = orderDiscount + items.reduce((a, i) => a + i.discount, 0);
  expect(Number.isInteger(orderDiscount)).toBe(true);
  expect(orderDiscount).toBeGreaterThanOrEqual(0);
  expect(total).toBeLessThanOrEqual(amount);
}

describe('discount properties (fast-check)', () => {
  it('a stack of any discounts never exceeds the order or an item, and never goes below zero', () => {
    fc.assert(
      fc.property(
        fc.array(itemArb, { maxLength: 6 }),
        fc.option(money, { nil: undefined }),
        fc.array(discountArb, { minLength: 1, maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 6, maxLength: 6 }),
        (items, given, discounts, applicable) => {
          const amount = given ?? items.reduce((a, i) => a + i.amount, 0);
          let o = orderState(amount, items);
          for (const d of discounts) {
            const r = applyDiscount(d, o, applicable);
            expect(r.discount).toBeGreaterThanOrEqual(0);
            expect(r.itemsDiscount).toBeGreaterThanOrEqual(0);
            expect(r.itemDiscounts.every((x) => x >= 0 && Number.isInteger(x))).toBe(true);
            expect(r.order.amount).toBeGreaterThanOrEqual(o.amount);
            o = r.order;
            checkInvariants(o.items, o.discount, o.amount);
          }
        },
      ),
      { numRuns: 1000 },
    );
  });
});
