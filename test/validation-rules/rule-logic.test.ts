import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkRuleSet, evaluateRules } from '../../src/validation-rules/rule-engine.js';
import { RuleDefinitionError } from '../../src/validation-rules/rule-compile.js';
import { type LogicNode, LogicError, parseLogic } from '../../src/validation-rules/rule-logic.js';

/** The tree as a fully parenthesised string, so precedence is visible. */
function show(n: LogicNode): string {
  if (n.kind === 'rule') return n.key;
  if (n.kind === 'not') return `(not ${show(n.operand)})`;
  return `(${show(n.left)} ${n.kind} ${show(n.right)})`;
}

describe('the logic parser', () => {
  it.each([
    ['1', '1'],
    ['1 and 2', '(1 and 2)'],
    ['1 or 2 and 3', '(1 or (2 and 3))'],
    ['1 and 2 or 3', '((1 and 2) or 3)'],
    ['not 1 and 2', '((not 1) and 2)'],
    ['not 1 or 2', '((not 1) or 2)'],
    ['not (1 or 2)', '(not (1 or 2))'],
    ['not not 1', '(not (not 1))'],
    ['1 or 2 or 3', '((1 or 2) or 3)'],
    ['1 and 2 and 3', '((1 and 2) and 3)'],
    ['(1 and 2) or 3', '((1 and 2) or 3)'],
    ['1 and (2 or 3)', '(1 and (2 or 3))'],
    [' 1 AND 2 AND (  3 AND 4 )', '((1 and 2) and (3 and 4))'],
    ['((1))', '1'],
    ['1 Or NOT 12', '(1 or (not 12))'],
    ['(1 and 2) and (3)', '((1 and 2) and 3)'],
  ])('%s parses as %s (not over and over or, left to right)', (logic, tree) => {
    expect(show(parseLogic(logic))).toBe(tree);
  });

  it.each([
    ['', 0, /expected a rule number/],
    ['1 and', 5, /expected a rule number, "not" or "\(" at position 5, found the end/],
    ['1 or or 2', 5, /at position 5, found "or"/],
    ['(1 and 2', 8, /the "\(" at position 0 is not closed: found the end at position 8/],
    ['1 and 2)', 7, /unexpected "\)" at position 7 with no "\(" to close/],
    ['1 2', 2, /unexpected "2" at position 2/],
    ['1 xor 2', 2, /unknown word "xor" at position 2/],
    ['1 && 2', 2, /unexpected character "&" at position 2/],
    ['not', 3, /at position 3, found the end/],
    ['()', 1, /at position 1, found "\)"/],
    ['1 and not', 9, /at position 9/],
  ])('%j is refused at position %i', (logic, position, message) => {
    let err: unknown;
    try {
      parseLogic(logic);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(LogicError);
    expect((err as LogicError).position).toBe(position);
    expect((err as LogicError).message).toMatch(message);
  });

  it('refuses nesting deeper than 64 levels instead of recursing without bound', () => {
    expect(() => parseLogic(`${'('.repeat(64)}1${')'.repeat(64)}`)).not.toThrow();
    expect(() => parseLogic(`${'('.repeat(65)}1${')'.repeat(65)}`)).toThrow(/deeper than 64/);
    expect(() => parseLogic(`${'not '.repeat(65)}1`)).toThrow(/deeper than 64/);
  });

  it('evaluates with the precedence it parses with', () => {
    const t = { name: 'order.amount', conditions: { $more_than: [0] } };
    const f = { name: 'order.amount', conditions: { $less_than: [0] } };
    const run = (logic: string) =>
      evaluateRules([{ id: 'v', rules: { '1': t, '2': f, '3': f, logic } }], { now: 0, order: { amount: 5 } })
        .valid;
    expect(run('1 or 2 and 3')).toBe(true); // 1 or (2 and 3)
    expect(run('(1 or 2) and 3')).toBe(false);
    expect(run('not 2 and 3')).toBe(false); // (not 2) and 3
    expect(run('not (2 and 3)')).toBe(true);
    expect(run('not 1 or 1')).toBe(true); // (not 1) or 1
    expect(run('not (1 or 1)')).toBe(false);
  });
});

/** The path and message a refused rule set reports. */
function refusal(rules: unknown): string {
  try {
    checkRuleSet(rules);
  } catch (e) {
    if (e instanceof RuleDefinitionError) return e.message;
    throw e;
  }
  throw new Error('accepted');
}

const amount = { name: 'order.amount', conditions: { $more_than: [1] } };

describe('rule sets the engine cannot evaluate are refused, naming the place', () => {
  it.each<[string, unknown, RegExp]>([
    [
      'an unknown rule name',
      { '1': { name: 'campaign.orders.amount', conditions: { $is: [1] } } },
      /^rules\.1\.name: the rule name "campaign\.orders\.amount" cannot be evaluated/,
    ],
    [
      'an unknown condition',
      { '1': { name: 'order.amount', conditions: { $foo: [1] } } },
      /^rules\.1\.conditions\.\$foo: unknown condition \$foo/,
    ],
    [
      'a documented but unsupported condition',
      { '1': { name: 'order.metadata', property: 'd', conditions: { $timeframe: ['x'] } } },
      /^rules\.1\.conditions\.\$timeframe: the condition \$timeframe is not supported/,
    ],
    [
      'a condition that does not fit the rule',
      { '1': { name: 'order.amount', conditions: { $starts_with: ['1'] } } },
      /\$starts_with does not apply to this rule/,
    ],
    [
      'a negative condition on order items',
      { '1': { name: 'order.items.any', conditions: { $is_not: ['p'] } } },
      /\$is_not does not apply/,
    ],
    [
      'a text value for an amount',
      { '1': { name: 'order.amount', conditions: { $is: ['100'] } } },
      /^rules\.1\.conditions\.\$is\[0\]: must be a number/,
    ],
    [
      'two values for $is',
      { '1': { name: 'order.amount', conditions: { $is: [1, 2] } } },
      /takes exactly one value/,
    ],
    [
      'no value for $in',
      { '1': { name: 'order.amount', conditions: { $in: [] } } },
      /takes at least one value/,
    ],
    [
      'a value for $is_empty',
      { '1': { name: 'order.metadata', property: 'p', conditions: { $is_empty: ['x'] } } },
      /takes no value, or \[true\]/,
    ],
    [
      'a fractional count',
      { '1': { name: 'order.metadata', property: 'p', conditions: { $count: [1.5] } } },
      /whole number/,
    ],
    [
      'conditions that are not an array',
      { '1': { name: 'order.amount', conditions: { $is: 1 } } },
      /must be an array/,
    ],
    ['no conditions', { '1': { name: 'order.amount', conditions: {} } }, /at least one condition/],
    [
      'metadata without property',
      { '1': { name: 'customer.metadata', conditions: { $is: ['x'] } } },
      /^rules\.1\.property: is required for customer\.metadata/,
    ],
    [
      'a product collection',
      {
        '1': {
          name: 'order.items.any',
          conditions: { $is: [{ object: 'products_collection', id: 'pc_1' }] },
        },
      },
      /products_collection cannot be evaluated/,
    ],
    [
      'a condition named like an object member',
      { '1': { name: 'order.amount', conditions: { constructor: [1] } } },
      /^rules\.1\.conditions\.constructor: unknown condition constructor/,
    ],
    [
      'a rule name like an object member',
      { '1': { name: 'toString', conditions: { $is: [1] } } },
      /^rules\.1\.name: the rule name "toString" cannot be evaluated/,
    ],
    [
      'order items listing no product',
      { '1': { name: 'order.items.any', conditions: { $is: [] } } },
      /^rules\.1\.conditions\.\$is: takes at least one value/,
    ],
    [
      'an item without id',
      { '1': { name: 'order.items.any', conditions: { $is: [{ object: 'product' }] } } },
      /by id or source_id/,
    ],
    ['a key that is not a number', { one: amount }, /^rules\.one: rules are numbered/],
    ['a rule that is not an object', { '1': 'order.amount' }, /^rules\.1: must be a rule object/],
    ['a missing name', { '1': { conditions: { $is: [1] } } }, /^rules\.1\.name: is required/],
    [
      'a bad nested rule, by its path',
      { '1': { ...amount, rules: { '1': amount, '2': { name: 'x.y', conditions: { $is: [1] } } } } },
      /^rules\.1\.rules\.2\.name: the rule name "x\.y"/,
    ],
    [
      'unbalanced parentheses',
      { '1': amount, '2': amount, logic: '(1 and 2' },
      /^rules\.logic: the "\(" at position 0 is not closed: found the end at position 8 in "\(1 and 2"/,
    ],
    [
      'a trailing operator',
      { '1': amount, logic: '1 or' },
      /^rules\.logic: expected a rule number.* at position 4/,
    ],
    [
      'a number with no rule',
      { '1': amount, logic: '1 and 3' },
      /^rules\.logic: rule 3 at position 6 of "1 and 3" is not defined/,
    ],
    ['logic over no rules', { logic: '1' }, /rule 1 at position 0/],
    [
      'bad logic in a nested set',
      { '1': { ...amount, rules: { '1': amount, logic: '1 2' } } },
      /^rules\.1\.rules\.logic: unexpected "2" at position 2/,
    ],
    ['logic that is not a string', { '1': amount, logic: 1 }, /^rules\.logic: must be a string/],
    ['an error that is not {message}', { '1': { ...amount, error: 'no' } }, /^rules\.1\.error: must be/],
  ])('%s', (_what, rules, message) => {
    expect(refusal(rules)).toMatch(message);
  });

  it('accepts every example rule set of the published reference that uses supported names', () => {
    const example = {
      '1': {
        name: 'customer.segment',
        error: { message: 'Incorrect segment' },
        rules: {},
        conditions: { $is: ['seg_n3vVcU5t0m3rs4rEPr3C1oU5'] },
      },
      '2': { name: 'order.initial_amount', rules: {}, conditions: { $more_than: [9900] } },
      '3': { name: 'order.items.count', rules: {}, conditions: { $more_than: [3] } },
      '4': { name: 'order.items.price_each', rules: {}, conditions: { $more_than: [500] } },
      logic: ' 1 AND 2 AND (  3 AND 4 )',
    };
    expect(() => checkRuleSet(example)).not.toThrow();
    expect(() => checkRuleSet({ logic: '' })).not.toThrow();
  });
});

type Expr = { k: 'rule'; n: number } | { k: 'not'; e: Expr } | { k: 'and' | 'or'; l: Expr; r: Expr };

/** Random logic trees over rules 1–4. */
const expr: fc.Arbitrary<Expr> = fc.letrec<{ e: Expr }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.integer({ min: 1, max: 4 }).map((n) => ({ k: 'rule' as const, n })),
    tie('e').map((e) => ({ k: 'not' as const, e })),
    fc.record({ k: fc.constantFrom('and' as const, 'or' as const), l: tie('e'), r: tie('e') }),
  ),
})).e;

const PRECEDENCE = { or: 1, and: 2, not: 3, rule: 4 };

/** The tree as text with only the parentheses precedence needs (left-grouping and/or). */
function print(e: Expr, keyword: (w: string) => string): string {
  const wrap = (child: Expr, min: number) => {
    const text = print(child, keyword);
    return PRECEDENCE[child.k] < min ? `(${text})` : text;
  };
  if (e.k === 'rule') return String(e.n);
  if (e.k === 'not') return `${keyword('not')} ${wrap(e.e, PRECEDENCE.not)}`;
  const p = PRECEDENCE[e.k];
  return `${wrap(e.l, p)} ${keyword(e.k)} ${wrap(e.r, p + 1)}`;
}

/** The generated tree in the format of `show`, to compare with what the parser built. */
function showExpr(e: Expr): string {
  if (e.k === 'rule') return String(e.n);
  if (e.k === 'not') return `(not ${showExpr(e.e)})`;
  return `(${showExpr(e.l)} ${e.k} ${showExpr(e.r)})`;
}

function truth(e: Expr, values: boolean[]): boolean {
  if (e.k === 'rule') return values[e.n - 1]!;
  if (e.k === 'not') return !truth(e.e, values);
  return e.k === 'and' ? truth(e.l, values) && truth(e.r, values) : truth(e.l, values) || truth(e.r, values);
}

describe('the logic parser, against random trees', () => {
  it('reads back every tree printed with minimal parentheses, in either keyword case, as that tree, and evaluates it as boolean logic', () => {
    fc.assert(
      fc.property(
        expr,
        fc.array(fc.boolean(), { minLength: 4, maxLength: 4 }),
        fc.constantFrom<(w: string) => string>(
          (w) => w,
          (w) => w.toUpperCase(),
        ),
        (tree, values, keyword) => {
          const logic = print(tree, keyword);
          const rule = (holds: boolean) => ({
            name: 'order.amount',
            conditions: holds ? { $more_than: [0] } : { $less_than: [0] },
          });
          const rules = Object.fromEntries(values.map((v, i) => [String(i + 1), rule(v)]));
          const result = evaluateRules([{ id: 'v', rules: { ...rules, logic } }], {
            now: 0,
            order: { amount: 1 },
          });
          expect(result.valid, logic).toBe(truth(tree, values));
          expect(show(parseLogic(logic)), logic).toBe(showExpr(tree));
        },
      ),
      { numRuns: 500 },
    );
  });
});
