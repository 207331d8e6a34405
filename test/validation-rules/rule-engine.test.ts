import { describe, expect, it } from 'vitest';
import { CONDITION_ALIASES, CONDITIONS } from '../../src/validation-rules/rule-conditions.js';
import type { RuleContext } from '../../src/validation-rules/rule-context.js';
import { evaluateRules } from '../../src/validation-rules/rule-engine.js';
import { RULE_NAMES } from '../../src/validation-rules/rule-names.js';

type Ctx = Omit<RuleContext, 'now'>;

/** One rule, alone in its set, evaluated against a context. */
function holds(rule: Record<string, unknown>, ctx: Ctx): boolean {
  const r = evaluateRules([{ id: 'val_t', rules: { '1': rule, logic: '1' } }], { now: 0, ...ctx });
  return r.valid;
}

const order = (o: NonNullable<Ctx['order']>): Ctx => ({ order: o });
const items = (...lines: NonNullable<NonNullable<Ctx['order']>['items']>): Ctx => ({
  order: { items: lines },
});
const customer = (c: NonNullable<Ctx['customer']>): Ctx => ({ customer: c });

interface Row {
  what: string;
  rule: Record<string, unknown>;
  pass: Ctx[];
  fail: Ctx[];
}

const shirt = {
  product_id: 'prod_shirt',
  source_id: 'shirt',
  quantity: 2,
  price: 2500,
  metadata: { color: 'red' },
};
const socks = {
  sku_id: 'sku_socks',
  source_id: 'socks-1',
  related_object: 'sku' as const,
  quantity: 5,
  price: 300,
};

/** Every rule name, with contexts it passes and contexts it fails. */
const NAME_TABLE: Row[] = [
  {
    what: 'order.amount more than 100.00 (exact integers)',
    rule: { name: 'order.amount', conditions: { $more_than: [10000] } },
    pass: [order({ amount: 10001 }), items({ price: 5001, quantity: 2 })],
    fail: [order({ amount: 10000 }), order({}), {}],
  },
  {
    what: 'order.initial_amount is 99.00, defaulting to the amount',
    rule: { name: 'order.initial_amount', conditions: { $is: [9900] } },
    pass: [order({ initial_amount: 9900, amount: 5000 }), order({ amount: 9900 })],
    fail: [order({ initial_amount: 9901 }), order({ initial_amount: 5000, amount: 9900 })],
  },
  {
    what: 'order.items.count (lines) at least 2',
    rule: { name: 'order.items.count', conditions: { $more_than_equal: [2] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt), items(), {}],
  },
  {
    what: 'order.items.quantity: some line has more than 3 units',
    rule: { name: 'order.items.quantity', conditions: { $more_than: [3] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt), items({ product_id: 'p' })],
  },
  {
    what: 'order.items.aggregated_quantity: 7 units in all',
    rule: { name: 'order.items.aggregated_quantity', conditions: { $is: [7] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt), {}],
  },
  {
    what: 'order.items.price: some line costs less than 5.00',
    rule: { name: 'order.items.price', conditions: { $less_than: [500] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt)],
  },
  {
    what: 'order.items.amount: some line amounts to 50.00 (price × quantity)',
    rule: { name: 'order.items.amount', conditions: { $is: [5000] } },
    pass: [items(shirt), items({ amount: 5000 })],
    fail: [items(socks)],
  },
  {
    what: 'order.items.aggregated_amount under 60.00',
    rule: { name: 'order.items.aggregated_amount', conditions: { $less_than_equal: [6500] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt, socks, { amount: 1 }), {}],
  },
  {
    what: 'order.items.price_any is 25.00',
    rule: { name: 'order.items.price_any', conditions: { $is: [2500] } },
    pass: [items(socks, shirt)],
    fail: [items(socks), items()],
  },
  {
    what: 'order.items.price_each more than 2.00',
    rule: { name: 'order.items.price_each', conditions: { $more_than: [200] } },
    pass: [items(socks, shirt)],
    fail: [items(socks, shirt, { price: 100 }), items()],
  },
  {
    what: 'order.items.metadata color is red on some line',
    rule: { name: 'order.items.metadata', property: 'color', conditions: { $is: ['red'] } },
    pass: [items(socks, shirt)],
    fail: [items(socks), items({ metadata: { color: 'blue' } })],
  },
  {
    what: 'order.items.any: the shirt (by id) or the socks (by source id)',
    rule: {
      name: 'order.items.any',
      conditions: {
        $in: [
          { object: 'product', id: 'prod_shirt' },
          { object: 'sku', source_id: 'socks-1' },
        ],
      },
    },
    pass: [items(shirt), items(socks)],
    fail: [items({ product_id: 'prod_other' }), {}],
  },
  {
    what: 'order.items.every: both the shirt and the socks (several products in $is, as the rule builder writes)',
    rule: { name: 'order.items.every', conditions: { $is: ['prod_shirt', 'sku_socks'] } },
    pass: [items(shirt, socks)],
    fail: [items(shirt)],
  },
  {
    what: 'order.items.none: no shirt (by source id)',
    rule: { name: 'order.items.none', conditions: { $is: [{ object: 'product', source_id: 'shirt' }] } },
    pass: [items(socks), {}],
    fail: [items(socks, shirt)],
  },
  {
    what: 'order.metadata location is Santorini',
    rule: { name: 'order.metadata', property: 'location', conditions: { $is: ['Santorini'] } },
    pass: [order({ metadata: { location: 'Santorini' } })],
    fail: [order({ metadata: { location: 'Mykonos' } }), order({}), {}],
  },
  {
    what: 'customer.metadata tier is gold',
    rule: { name: 'customer.metadata', property: 'tier', conditions: { $is: ['gold'] } },
    pass: [customer({ metadata: { tier: 'gold' } })],
    fail: [customer({ metadata: { tier: 'silver' } }), customer({}), {}],
  },
  {
    what: 'customer.segment is seg_vip',
    rule: { name: 'customer.segment', conditions: { $is: ['seg_vip'] } },
    pass: [customer({ segment_ids: ['seg_a', 'seg_vip'] })],
    fail: [customer({ segment_ids: ['seg_a'] }), customer({}), {}],
  },
  {
    what: 'redemption.count.per_customer at most 2 (counting this one)',
    rule: { name: 'redemption.count.per_customer', conditions: { $less_than_equal: [2] } },
    pass: [
      { customer: { id: 'c' }, redemptions: { per_customer: 1 } },
      { customer: { id: 'c' }, redemptions: {} },
      // A customer the request names but not stored yet: counted, with none so far.
      { redemptions: { per_customer: 0 } },
    ],
    fail: [
      { customer: { id: 'c' }, redemptions: { per_customer: 2 } },
      { redemptions: { per_customer: 2 } },
      // No customer at all: nothing to count per customer.
      { redemptions: { per_customer: null } },
      {},
    ],
  },
  {
    what: 'redemption.count.daily less than 100 (counting this one)',
    rule: { name: 'redemption.count.daily', conditions: { $less_than: [100] } },
    pass: [{ redemptions: { daily: 98 } }, {}],
    fail: [{ redemptions: { daily: 99 } }],
  },
  {
    what: 'redemption.api_key is one of two keys',
    rule: { name: 'redemption.api_key', conditions: { $in: ['app_shop', 'app_pos'] } },
    pass: [{ api_key: 'app_pos' }],
    fail: [{ api_key: 'app_other' }, {}],
  },
  {
    what: 'custom_event.metadata visits more than 3',
    rule: { name: 'custom_event.metadata', property: 'visits', conditions: { $more_than: [3] } },
    pass: [{ custom_event: { metadata: { visits: 4 } } }],
    fail: [{ custom_event: { metadata: { visits: 3 } } }, { custom_event: {} }, {}],
  },
];

const m = (value: unknown): Ctx => customer({ metadata: value === undefined ? {} : { p: value } });
const cond = (c: Record<string, unknown[]>) => ({ name: 'customer.metadata', property: 'p', conditions: c });

/** Every condition, on a metadata value (where each applies), passing and failing. */
const CONDITION_TABLE: Row[] = [
  {
    what: '$is',
    rule: cond({ $is: ['a'] }),
    pass: [m('a'), m(['x', 'a'])],
    fail: [m('b'), m(undefined), m(1)],
  },
  { what: '$is (number is not string)', rule: cond({ $is: [1] }), pass: [m(1)], fail: [m('1')] },
  {
    what: '$is_not',
    rule: cond({ $is_not: ['a'] }),
    pass: [m('b'), m(undefined), m(['b'])],
    fail: [m('a'), m(['a'])],
  },
  {
    what: '$in',
    rule: cond({ $in: ['a', 'b'] }),
    pass: [m('b'), m(['c', 'a'])],
    fail: [m('c'), m(undefined)],
  },
  {
    what: '$not_in',
    rule: cond({ $not_in: ['a', 'b'] }),
    pass: [m('c'), m(undefined)],
    fail: [m('a'), m(['c', 'b'])],
  },
  {
    what: '$more_than',
    rule: cond({ $more_than: [10] }),
    pass: [m(11)],
    fail: [m(10), m('11'), m(undefined)],
  },
  {
    what: '$more_than (dates)',
    rule: cond({ $more_than: ['2026-01-01'] }),
    pass: [m('2026-01-02T00:00:00Z')],
    fail: [m('2025-12-31'), m('not a date')],
  },
  { what: '$more_than_equal', rule: cond({ $more_than_equal: [10] }), pass: [m(10), m(11)], fail: [m(9)] },
  { what: '$less_than', rule: cond({ $less_than: [10] }), pass: [m(9)], fail: [m(10), m(undefined)] },
  { what: '$less_than_equal', rule: cond({ $less_than_equal: [10] }), pass: [m(10)], fail: [m(11)] },
  {
    what: '$contains',
    rule: cond({ $contains: ['ell'] }),
    pass: [m('hello'), m(['x', 'bell'])],
    fail: [m('help'), m(5)],
  },
  {
    what: '$starts_with',
    rule: cond({ $starts_with: ['he'] }),
    pass: [m('hello')],
    fail: [m('ahe'), m(undefined)],
  },
  {
    what: '$ends_with',
    rule: cond({ $ends_with: ['lo', 'xx'] }),
    pass: [m('hello'), m('axx')],
    fail: [m('loa')],
  },
  {
    what: '$is_empty',
    rule: cond({ $is_empty: [] }),
    pass: [m(undefined), m(''), m([]), m({}), m(null)],
    fail: [m('a'), m([1]), m(0)],
  },
  {
    what: '$is_not_empty',
    rule: cond({ $is_not_empty: [true] }),
    pass: [m('a'), m([1])],
    fail: [m(''), m(undefined)],
  },
  { what: '$count', rule: cond({ $count: [2] }), pass: [m([1, 2])], fail: [m([1]), m('ab'), m(undefined)] },
  { what: '$count_more', rule: cond({ $count_more: [1] }), pass: [m([1, 2])], fail: [m([1])] },
  { what: '$count_less', rule: cond({ $count_less: [2] }), pass: [m([]), m([1])], fail: [m([1, 2])] },
  {
    what: '$more_than_or_equal (spec spelling)',
    rule: cond({ $more_than_or_equal: [5] }),
    pass: [m(5)],
    fail: [m(4)],
  },
  {
    what: '$less_than_or_equal (spec spelling)',
    rule: cond({ $less_than_or_equal: [5] }),
    pass: [m(5)],
    fail: [m(6)],
  },
  {
    what: '$greater_than_or_equal (published example)',
    rule: cond({ $greater_than_or_equal: [5] }),
    pass: [m(6)],
    fail: [m(4)],
  },
  {
    what: 'two conditions in one rule must both hold',
    rule: cond({ $more_than: [10], $less_than: [20] }),
    pass: [m(15)],
    fail: [m(5), m(25)],
  },
];

describe('the rule engine, rule by rule', () => {
  for (const row of [...NAME_TABLE, ...CONDITION_TABLE]) {
    it(`${row.what}: passes`, () => {
      for (const ctx of row.pass) expect(holds(row.rule, ctx), JSON.stringify(ctx)).toBe(true);
    });
    it(`${row.what}: fails`, () => {
      for (const ctx of row.fail) expect(holds(row.rule, ctx), JSON.stringify(ctx)).toBe(false);
    });
  }

  it('the tables cover every rule name and every condition, with passing and failing cases', () => {
    const names = new Set(NAME_TABLE.filter((r) => r.pass.length && r.fail.length).map((r) => r.rule.name));
    expect([...Object.keys(RULE_NAMES)].filter((n) => !names.has(n))).toEqual([]);
    const used = new Set(
      [...NAME_TABLE, ...CONDITION_TABLE]
        .filter((r) => r.pass.length && r.fail.length)
        .flatMap((r) => Object.keys(r.rule.conditions as object)),
    );
    const all = [...Object.keys(CONDITIONS), ...Object.keys(CONDITION_ALIASES)];
    expect(all.filter((c) => !used.has(c))).toEqual([]);
  });
});
