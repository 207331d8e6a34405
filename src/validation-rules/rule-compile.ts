import { CONDITIONS, canonicalCondition, isDateString, UNSUPPORTED_CONDITIONS } from './rule-conditions.js';
import { type LogicNode, LogicError, parseLogic, ruleKeysOf } from './rule-logic.js';
import { type ItemRef, RULE_NAMES, type RuleNameSpec } from './rule-names.js';

/**
 * Checks a rule set as Voucherify sends it (`{"1": {name, property, conditions, rules, error}, …, logic}`)
 * and turns it into a tree the engine walks. Anything the engine could not evaluate is refused here, with
 * the path of the fault (`rules.2.conditions.$foo`), so no rule is ever stored that would be ignored.
 */

/** A rule set that cannot be evaluated; `path` names the field, `message` says why. */
export class RuleDefinitionError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(`${path}: ${message}`);
  }
}

export interface CompiledRule {
  key: string;
  name: string;
  spec: RuleNameSpec;
  property: string | null;
  /** Canonical condition name and its values, all of which must hold. */
  conditions: [string, readonly unknown[]][];
  /** Listed products and SKUs of an `order.items.any|every|none` rule. */
  refs: ItemRef[];
  nested: CompiledSet | null;
  errorMessage: string | null;
}

export interface CompiledSet {
  /** Null when the set has no rules: it always holds. */
  logic: LogicNode | null;
  rules: Map<string, CompiledRule>;
}

const RULE_KEY = /^[1-9][0-9]{0,5}$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** The logic evaluated when none is given: every rule of the set, joined by "and", in number order. */
export function defaultLogic(keys: readonly string[]): string {
  return [...keys].sort((a, b) => Number(a) - Number(b)).join(' and ');
}

function checkRef(path: string, v: unknown): ItemRef {
  if (typeof v === 'string' && v.length > 0) return v;
  if (!isObject(v)) throw new RuleDefinitionError(path, 'must be a product or SKU: an id or {object, id}');
  if (v.object === 'products_collection')
    throw new RuleDefinitionError(
      `${path}.object`,
      'products_collection cannot be evaluated: collections are not kept',
    );
  if (v.object !== undefined && v.object !== 'product' && v.object !== 'sku')
    throw new RuleDefinitionError(`${path}.object`, 'must be "product" or "sku"');
  const id = typeof v.id === 'string' && v.id.length > 0 ? v.id : undefined;
  const sourceId = typeof v.source_id === 'string' && v.source_id.length > 0 ? v.source_id : undefined;
  if (id === undefined && sourceId === undefined)
    throw new RuleDefinitionError(path, 'must name the product or SKU by id or source_id');
  return { object: v.object as 'product' | 'sku' | undefined, id, source_id: sourceId };
}

function checkValue(path: string, spec: RuleNameSpec, family: string, v: unknown): void {
  const bad = (what: string) => new RuleDefinitionError(path, `must be ${what}`);
  if (family === 'count') {
    if (!Number.isInteger(v) || (v as number) < 0) throw bad('a whole number of elements, 0 or more');
  } else if (family === 'text') {
    if (typeof v !== 'string') throw bad('a string');
  } else if (family === 'order') {
    if (spec.values === 'number' ? typeof v !== 'number' : typeof v !== 'number' && !isDateString(v))
      throw bad(spec.values === 'number' ? 'a number' : 'a number or an ISO 8601 date');
  } else if (spec.values === 'number') {
    if (typeof v !== 'number') throw bad('a number');
  } else if (spec.values === 'string') {
    if (typeof v !== 'string') throw bad('a string');
  } else if (v === null || (typeof v === 'object' && !isObject(v)))
    throw bad('a string, number, boolean or object');
}

function checkConditions(path: string, spec: RuleNameSpec, raw: unknown): CompiledRule['conditions'] {
  if (!isObject(raw) || Object.keys(raw).length === 0)
    throw new RuleDefinitionError(
      path,
      'must be an object with at least one condition, such as {"$is": [1]}',
    );
  const out: CompiledRule['conditions'] = [];
  for (const [key, values] of Object.entries(raw)) {
    const at = `${path}.${key}`;
    const name = canonicalCondition(key);
    if (name === undefined)
      throw new RuleDefinitionError(
        at,
        UNSUPPORTED_CONDITIONS.has(key)
          ? `the condition ${key} is not supported`
          : `unknown condition ${key}`,
      );
    const cond = CONDITIONS[name]!;
    const allowed =
      spec.mode === 'items' ? name === '$is' || name === '$in' : spec.families.includes(cond.family);
    if (!allowed) throw new RuleDefinitionError(at, `the condition ${key} does not apply to this rule`);
    if (!Array.isArray(values)) throw new RuleDefinitionError(at, 'must be an array of values');
    // Order-item rules list products in `$is` as Voucherify's rule builder does, one or several.
    const arity = spec.mode === 'items' ? 'some' : cond.arity;
    if (arity === 'one' && values.length !== 1) throw new RuleDefinitionError(at, 'takes exactly one value');
    if (arity === 'some' && values.length === 0)
      throw new RuleDefinitionError(at, 'takes at least one value');
    if (cond.arity === 'flag' && !(values.length === 0 || (values.length === 1 && values[0] === true)))
      throw new RuleDefinitionError(at, 'takes no value, or [true]');
    if (spec.mode !== 'items' && cond.arity !== 'flag')
      for (const [i, v] of values.entries()) checkValue(`${at}[${i}]`, spec, cond.family, v);
    out.push([name, values]);
  }
  return out;
}

function checkError(path: string, raw: unknown): string | null {
  if (raw === undefined || raw === null) return null;
  if (
    !isObject(raw) ||
    (raw.message !== undefined && raw.message !== null && typeof raw.message !== 'string')
  )
    throw new RuleDefinitionError(path, 'must be {"message": string}');
  return typeof raw.message === 'string' && raw.message.length > 0 ? raw.message : null;
}

function compileRule(path: string, key: string, raw: unknown): CompiledRule {
  if (!isObject(raw)) throw new RuleDefinitionError(path, 'must be a rule object {name, conditions}');
  if (typeof raw.name !== 'string') throw new RuleDefinitionError(`${path}.name`, 'is required');
  const spec = Object.hasOwn(RULE_NAMES, raw.name) ? RULE_NAMES[raw.name] : undefined;
  if (!spec) throw new RuleDefinitionError(`${path}.name`, `the rule name "${raw.name}" cannot be evaluated`);
  const property = raw.property ?? null;
  if (property !== null && typeof property !== 'string')
    throw new RuleDefinitionError(`${path}.property`, 'must be a string');
  if (spec.property && !property)
    throw new RuleDefinitionError(`${path}.property`, `is required for ${raw.name} (the metadata key)`);
  const conditions = checkConditions(`${path}.conditions`, spec, raw.conditions);
  const refs: ItemRef[] = [];
  if (spec.mode === 'items')
    for (const [name, values] of conditions)
      for (const [i, v] of values.entries()) refs.push(checkRef(`${path}.conditions.${name}[${i}]`, v));
  const nested =
    raw.rules === undefined || raw.rules === null ? null : compileSet(`${path}.rules`, raw.rules);
  return {
    key,
    name: raw.name,
    spec,
    property: spec.property ? property : null,
    conditions,
    refs,
    nested: nested && nested.rules.size > 0 ? nested : null,
    errorMessage: checkError(`${path}.error`, raw.error),
  };
}

function compileLogic(path: string, logic: unknown, keys: string[]): LogicNode | null {
  if (logic !== undefined && logic !== null && typeof logic !== 'string')
    throw new RuleDefinitionError(`${path}.logic`, 'must be a string');
  const text = typeof logic === 'string' && logic.trim() !== '' ? logic : defaultLogic(keys);
  if (text === '') return null;
  let tree: LogicNode;
  try {
    tree = parseLogic(text);
  } catch (e) {
    if (e instanceof LogicError) throw new RuleDefinitionError(`${path}.logic`, `${e.message} in "${text}"`);
    throw e;
  }
  for (const { key, position } of ruleKeysOf(tree))
    if (!keys.includes(key))
      throw new RuleDefinitionError(
        `${path}.logic`,
        `rule ${key} at position ${position} of "${text}" is not defined`,
      );
  return tree;
}

/** Checks and compiles a rule set. Throws RuleDefinitionError naming the first fault. */
export function compileSet(path: string, raw: unknown): CompiledSet {
  if (!isObject(raw)) throw new RuleDefinitionError(path, 'must be an object of numbered rules and logic');
  const rules = new Map<string, CompiledRule>();
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'logic') continue;
    if (!RULE_KEY.test(key))
      throw new RuleDefinitionError(
        `${path}.${key}`,
        'rules are numbered 1, 2, 3…; this key is neither a number nor logic',
      );
    rules.set(key, compileRule(`${path}.${key}`, key, value));
  }
  return { logic: compileLogic(path, raw.logic, [...rules.keys()]), rules };
}

/**
 * A checked rule set as it is stored and answered: rules in number order, each with `name`, `property`
 * (null when the name needs none), `conditions` as given, `rules` (nested set, `{}` when none) and `error`
 * when set; `logic` as given, or the default logic when none was given.
 */
export function normaliseSet(raw: Record<string, unknown>): Record<string, unknown> {
  const keys = Object.keys(raw)
    .filter((k) => k !== 'logic')
    .sort((a, b) => Number(a) - Number(b));
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const r = raw[key] as Record<string, unknown>;
    const spec = RULE_NAMES[r.name as string]!;
    const rule: Record<string, unknown> = {
      name: r.name,
      property: spec.property ? r.property : null,
      conditions: r.conditions,
      rules: isObject(r.rules) ? normaliseSet(r.rules) : {},
    };
    const message = isObject(r.error) ? r.error.message : undefined;
    if (typeof message === 'string' && message.length > 0) rule.error = { message };
    out[key] = rule;
  }
  const logic = typeof raw.logic === 'string' && raw.logic.trim() !== '' ? raw.logic : defaultLogic(keys);
  // A nested set with nothing in it stays `{}`, as Voucherify echoes it.
  if (keys.length > 0 || logic !== '') out.logic = logic;
  return out;
}
