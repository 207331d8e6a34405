import { CONDITIONS } from './rule-conditions.js';
import type { RuleContext, RuleOrderItem } from './rule-context.js';
import { type CompiledRule, type CompiledSet, compileSet } from './rule-compile.js';
import type { LogicNode } from './rule-logic.js';
import { type Env, lineMatches, linesOf, type ViolationKey } from './rule-names.js';

/**
 * The rule engine: a pure function from validation rules and the facts of one validation or redemption
 * (`RuleContext`) to pass, or fail with the failing rule. No I/O, no clock of its own, no `eval`.
 * The contract other contexts rely on is in README.md beside this file.
 */

/** A validation rule as the engine needs it: its id, its rule set, and the message it fails with. */
export interface EngineRule {
  id: string;
  name?: string;
  /** The rule set, as stored: `{"1": {name, property, conditions, rules, error}, …, logic}`. */
  rules: unknown;
  error?: { message?: string | null } | null;
}

export interface RuleFailure {
  /** The failing validation rule (`val_…`). */
  rule_id: string;
  /** The number of the failing rule in its set (`"2"`). */
  rule: string;
  /** Its rule name (`order.amount`). */
  name: string;
  /** Voucherify's error key: `customer_rules_violated`, `order_rules_violated` or `redemption_rules_violated`. */
  key: ViolationKey;
  /** A default message for the key. */
  message: string;
  /**
   * The message the user configured, as Voucherify returns it in the error's `error.message`: the failing
   * rule's own `error.message`, else the validation rule's; null when neither is set.
   */
  error: { message: string } | null;
}

export type RuleEvaluation = { valid: true } | { valid: false; failure: RuleFailure };

const DEFAULT_MESSAGES: Record<ViolationKey, string> = {
  customer_rules_violated: 'Customer does not match validation rules',
  order_rules_violated: 'Order does not match validation rules',
  redemption_rules_violated: 'Redemption does not match validation rules',
};

const conditionsHold = (rule: CompiledRule, value: unknown): boolean =>
  rule.conditions.every(([name, values]) => CONDITIONS[name]!.test(value, values));

const nestedHolds = (rule: CompiledRule, env: Env): boolean =>
  rule.nested === null || setHolds(rule.nested, env).pass;

function lineHolds(rule: CompiledRule, env: Env, items: readonly RuleOrderItem[], item: RuleOrderItem) {
  if (rule.spec.mode !== 'line') return false;
  return (
    conditionsHold(rule, rule.spec.read(item, rule.property)) &&
    nestedHolds(rule, { ctx: env.ctx, scope: { items, item } })
  );
}

function ruleHolds(rule: CompiledRule, env: Env): boolean {
  const spec = rule.spec;
  if (spec.mode === 'value')
    return conditionsHold(rule, spec.read(env, rule.property)) && nestedHolds(rule, env);
  const lines = linesOf(env);
  if (spec.mode === 'line') {
    const one = (item: RuleOrderItem) => lineHolds(rule, env, lines, item);
    if (spec.lines === 'scope' && env.scope?.item) return one(env.scope.item);
    if (spec.lines === 'every') return lines.length > 0 && lines.every(one);
    return lines.some(one);
  }
  // order.items.any|every|none: for each listed product or SKU, the lines that are it, of which one must
  // satisfy the nested rules (with no nested rules, being in the order is enough).
  const present = rule.refs.map((ref) => {
    const matched = lines.filter((l) => lineMatches(l, ref));
    return matched.some((item) => nestedHolds(rule, { ctx: env.ctx, scope: { items: matched, item } }));
  });
  if (spec.quantifier === 'any') return present.some(Boolean);
  if (spec.quantifier === 'every') return present.every(Boolean);
  return !present.some(Boolean);
}

type Outcome = { pass: true } | { pass: false; failed: string };

const firstRuleOf = (n: LogicNode): string =>
  n.kind === 'rule' ? n.key : n.kind === 'not' ? firstRuleOf(n.operand) : firstRuleOf(n.left);

/** Walks the logic; a failure names the rule to report: the leftmost one that made the whole fail. */
function evalNode(set: CompiledSet, node: LogicNode, env: Env): Outcome {
  switch (node.kind) {
    case 'rule':
      return ruleHolds(set.rules.get(node.key)!, env) ? { pass: true } : { pass: false, failed: node.key };
    case 'not':
      return evalNode(set, node.operand, env).pass
        ? { pass: false, failed: firstRuleOf(node.operand) }
        : { pass: true };
    case 'and': {
      const left = evalNode(set, node.left, env);
      return left.pass ? evalNode(set, node.right, env) : left;
    }
    case 'or': {
      const left = evalNode(set, node.left, env);
      if (left.pass) return left;
      const right = evalNode(set, node.right, env);
      return right.pass ? right : left;
    }
  }
}

function setHolds(set: CompiledSet, env: Env): Outcome {
  return set.logic === null ? { pass: true } : evalNode(set, set.logic, env);
}

/**
 * Checks a rule set and compiles it; throws RuleDefinitionError (path and reason) when a rule name, a
 * condition, a value or the logic cannot be evaluated. The services call it before storing a rule.
 */
export function checkRuleSet(rules: unknown): CompiledSet {
  return compileSet('rules', rules);
}

/** Evaluates one validation rule. */
export function evaluateRule(rule: EngineRule, ctx: RuleContext): RuleEvaluation {
  const set = compileSet('rules', rule.rules ?? {});
  const outcome = setHolds(set, { ctx, scope: null });
  if (outcome.pass) return { valid: true };
  const failed = set.rules.get(outcome.failed)!;
  const custom = failed.errorMessage ?? (rule.error?.message || null);
  return {
    valid: false,
    failure: {
      rule_id: rule.id,
      rule: failed.key,
      name: failed.name,
      key: failed.spec.key,
      message: DEFAULT_MESSAGES[failed.spec.key],
      error: custom === null ? null : { message: custom },
    },
  };
}

/**
 * Evaluates every rule assigned to a redeemable, in the given order: it passes when all pass, else it
 * fails with the first failing rule.
 */
export function evaluateRules(rules: readonly EngineRule[], ctx: RuleContext): RuleEvaluation {
  for (const rule of rules) {
    const r = evaluateRule(rule, ctx);
    if (!r.valid) return r;
  }
  return { valid: true };
}
