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
    what: 'order.items.every: both the shirt and the socks',
    rule: { name: 'order.items.every', conditions: { $in: ['prod_shirt', 'sku_socks'] } },
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
    ],
    fail: [{ customer: { id: 'c' }, redemptions: { per_customer: 2 } }, { redemptions: { per_customer: 0 } }],
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

describe('nested rules', () => {
  const threeShirts = {
    name: 'order.items.any',
    conditions: { $is: [{ object: 'product', id: 'prod_shirt' }] },
    rules: { '1': { name: 'order.items.quantity', conditions: { $more_than_equal: [3] } }, logic: '1' },
  };

  it('run on the matched lines of order.items.any: some shirt line with 3 units or more', () => {
    expect(holds(threeShirts, items({ ...shirt, quantity: 3 }))).toBe(true);
    expect(holds(threeShirts, items(shirt, { ...socks, quantity: 9 }))).toBe(false);
    expect(holds(threeShirts, items(shirt, { ...shirt, quantity: 4 }))).toBe(true);
  });

  it('aggregate over the matched lines: shirts count 4 units over two lines', () => {
    const rule = {
      ...threeShirts,
      rules: { '1': { name: 'order.items.aggregated_quantity', conditions: { $is: [4] } } },
    };
    expect(holds(rule, items(shirt, { ...shirt, quantity: 2 }, socks))).toBe(true);
    expect(holds(rule, items(shirt, socks))).toBe(false);
  });

  it('order.items.every needs each listed product to satisfy its nested rules', () => {
    const rule = {
      name: 'order.items.every',
      conditions: { $in: ['prod_shirt', 'sku_socks'] },
      rules: {
        '1': { name: 'order.items.price', conditions: { $more_than: [200] } },
        '2': { name: 'order.items.metadata', property: 'color', conditions: { $is: ['red'] } },
        logic: '1 and (2 or 1)',
      },
    };
    expect(holds(rule, items(shirt, socks))).toBe(true);
    expect(holds(rule, items(shirt, { ...socks, price: 100 }))).toBe(false);
  });

  it('under any other rule they are one more condition', () => {
    const rule = {
      name: 'order.amount',
      conditions: { $more_than: [1000] },
      rules: { '1': { name: 'customer.metadata', property: 'vip', conditions: { $is: [true] } } },
    };
    expect(holds(rule, { order: { amount: 2000 }, customer: { metadata: { vip: true } } })).toBe(true);
    expect(holds(rule, { order: { amount: 2000 }, customer: { metadata: { vip: false } } })).toBe(false);
  });
});

describe('what a failure reports', () => {
  const rules = {
    '1': { name: 'order.amount', conditions: { $more_than: [5000] } },
    '2': { name: 'customer.segment', conditions: { $is: ['seg_vip'] }, error: { message: 'VIPs only' } },
    '3': { name: 'redemption.api_key', conditions: { $is: ['app_pos'] } },
    logic: '1 and 2 and 3',
  };
  const ctx: RuleContext = {
    now: 0,
    order: { amount: 6000 },
    customer: { segment_ids: [] },
    api_key: 'app_pos',
  };

  it("the first failing rule, its key, and its own error.message before the validation rule's", () => {
    const r = evaluateRules([{ id: 'val_a', rules, error: { message: 'Not for you' } }], ctx);
    expect(r).toEqual({
      valid: false,
      failure: {
        rule_id: 'val_a',
        rule: '2',
        name: 'customer.segment',
        key: 'customer_rules_violated',
        message: 'Customer does not match validation rules',
        error: { message: 'VIPs only' },
      },
    });
  });

  it("the validation rule's message when the rule has none, and null when neither has one", () => {
    const failing = { ...ctx, order: { amount: 10 } };
    const withMessage = evaluateRules([{ id: 'val_a', rules, error: { message: 'Not for you' } }], failing);
    expect(withMessage).toMatchObject({
      valid: false,
      failure: { rule: '1', key: 'order_rules_violated', error: { message: 'Not for you' } },
    });
    const without = evaluateRules([{ id: 'val_a', rules }], { ...failing, api_key: 'x' });
    expect(without).toMatchObject({ valid: false, failure: { rule: '1', error: null } });
    const redemption = evaluateRules([{ id: 'val_b', rules: { ...rules, logic: '3' } }], {
      ...ctx,
      api_key: 'app_web',
    });
    expect(redemption).toMatchObject({ valid: false, failure: { key: 'redemption_rules_violated' } });
  });

  it('every rule must pass; the first failing rule in order is reported', () => {
    const ok = { id: 'val_ok', rules: { '1': { name: 'order.amount', conditions: { $more_than: [1] } } } };
    const bad = { id: 'val_bad', rules: { '1': { name: 'order.amount', conditions: { $less_than: [1] } } } };
    expect(evaluateRules([ok, ok], ctx)).toEqual({ valid: true });
    expect(evaluateRules([ok, bad, ok], ctx)).toMatchObject({
      valid: false,
      failure: { rule_id: 'val_bad' },
    });
    expect(evaluateRules([], ctx)).toEqual({ valid: true });
  });

  it('with "or" both failing reports the left; "not" reports the first rule it negates', () => {
    const set = (logic: string) => ({ id: 'v', rules: { ...rules, logic } });
    const none: RuleContext = { now: 0 };
    expect(evaluateRules([set('2 or 1')], none)).toMatchObject({ failure: { rule: '2' } });
    expect(evaluateRules([set('not (3 or 2)')], { now: 0, api_key: 'app_pos' })).toMatchObject({
      failure: { rule: '3' },
    });
  });

  it('an empty set, or blank logic over no rules, always passes; blank logic over rules joins them with and', () => {
    expect(evaluateRules([{ id: 'v', rules: {} }], { now: 0 })).toEqual({ valid: true });
    expect(evaluateRules([{ id: 'v', rules: { logic: '' } }], { now: 0 })).toEqual({ valid: true });
    const blank = { id: 'v', rules: { ...rules, logic: '  ' } };
    expect(evaluateRules([blank], ctx)).toMatchObject({ failure: { rule: '2' } });
  });
});
