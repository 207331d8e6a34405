import { describe, expect, it } from 'vitest';
import type { RuleContext } from '../../src/validation-rules/rule-context.js';
import { evaluateRules } from '../../src/validation-rules/rule-engine.js';

type Ctx = Omit<RuleContext, 'now'>;

/** One rule, alone in its set, evaluated against a context. */
function holds(rule: Record<string, unknown>, ctx: Ctx): boolean {
  return evaluateRules([{ id: 'val_t', rules: { '1': rule, logic: '1' } }], { now: 0, ...ctx }).valid;
}

const items = (...lines: NonNullable<NonNullable<Ctx['order']>['items']>): Ctx => ({
  order: { items: lines },
});
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
