/**
 * The conditions a rule can test its value with, as data: each says what values it takes and how it
 * compares. A rule's conditions must all hold (several conditions in one rule are joined by "and").
 *
 * - An **absent** value (missing or null) fails every condition except `$is_not`, `$not_in` and `$is_empty`:
 *   a customer without `metadata.tier` "is not" gold, and fails "tier is gold".
 * - Numbers compare as numbers, exactly (amounts are integers). Two strings that both read as ISO 8601
 *   dates compare as times. A number never equals a string: `1` is not `"1"`.
 * - When the value is an **array** (array metadata), `$is`, `$in` and the text conditions hold when some
 *   element does, `$is_not` and `$not_in` when no element matches, and `$count…` count the elements.
 */

export type ConditionFamily = 'equality' | 'membership' | 'order' | 'text' | 'empty' | 'count';

export interface ConditionSpec {
  family: ConditionFamily;
  /** `one`: exactly one value; `some`: one or more; `flag`: `[]` or `[true]`. */
  arity: 'one' | 'some' | 'flag';
  test(actual: unknown, values: readonly unknown[]): boolean;
}

const isAbsent = (v: unknown): boolean => v === undefined || v === null;

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** Equal, or for an array value, holding an equal element. */
const matches = (actual: unknown, expected: unknown): boolean =>
  Array.isArray(actual) ? actual.some((x) => sameJson(x, expected)) : sameJson(actual, expected);

const DATE_RE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** True for an ISO 8601 date or date-time string. */
export const isDateString = (v: unknown): v is string =>
  typeof v === 'string' && DATE_RE.test(v) && !Number.isNaN(Date.parse(v));

/** Sign of `actual - expected`, or null when the two do not compare (not both numbers or both dates). */
function compare(actual: unknown, expected: unknown): number | null {
  if (typeof actual === 'number' && typeof expected === 'number')
    return Number.isFinite(actual) ? Math.sign(actual - expected) : null;
  if (isDateString(actual) && isDateString(expected))
    return Math.sign(Date.parse(actual) - Date.parse(expected));
  return null;
}

const ordered =
  (ok: (sign: number) => boolean): ConditionSpec['test'] =>
  (actual, [v]) => {
    const c = compare(actual, v);
    return c !== null && ok(c);
  };

const text =
  (ok: (s: string, v: string) => boolean): ConditionSpec['test'] =>
  (actual, values) => {
    const hit = (s: unknown) => typeof s === 'string' && values.some((v) => ok(s, v as string));
    return Array.isArray(actual) ? actual.some(hit) : hit(actual);
  };

function isEmpty(v: unknown): boolean {
  if (isAbsent(v) || v === '') return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && Object.keys(v as object).length === 0;
}

const counted =
  (ok: (length: number, n: number) => boolean): ConditionSpec['test'] =>
  (actual, [n]) =>
    Array.isArray(actual) && ok(actual.length, n as number);

/** Every condition the engine evaluates, by its canonical name. */
export const CONDITIONS: Record<string, ConditionSpec> = {
  $is: { family: 'equality', arity: 'one', test: (a, [v]) => !isAbsent(a) && matches(a, v) },
  $is_not: { family: 'equality', arity: 'one', test: (a, [v]) => isAbsent(a) || !matches(a, v) },
  $in: {
    family: 'membership',
    arity: 'some',
    test: (a, vs) => !isAbsent(a) && vs.some((v) => matches(a, v)),
  },
  $not_in: {
    family: 'membership',
    arity: 'some',
    test: (a, vs) => isAbsent(a) || !vs.some((v) => matches(a, v)),
  },
  $more_than: { family: 'order', arity: 'one', test: ordered((c) => c > 0) },
  $more_than_equal: { family: 'order', arity: 'one', test: ordered((c) => c >= 0) },
  $less_than: { family: 'order', arity: 'one', test: ordered((c) => c < 0) },
  $less_than_equal: { family: 'order', arity: 'one', test: ordered((c) => c <= 0) },
  $contains: { family: 'text', arity: 'some', test: text((s, v) => s.includes(v)) },
  $starts_with: { family: 'text', arity: 'some', test: text((s, v) => s.startsWith(v)) },
  $ends_with: { family: 'text', arity: 'some', test: text((s, v) => s.endsWith(v)) },
  $is_empty: { family: 'empty', arity: 'flag', test: (a) => isEmpty(a) },
  $is_not_empty: { family: 'empty', arity: 'flag', test: (a) => !isEmpty(a) },
  $count: { family: 'count', arity: 'one', test: counted((len, n) => len === n) },
  $count_more: { family: 'count', arity: 'one', test: counted((len, n) => len > n) },
  $count_less: { family: 'count', arity: 'one', test: counted((len, n) => len < n) },
};

/**
 * Other spellings accepted and evaluated as the canonical condition: Voucherify's OpenAPI spells the
 * inclusive bounds `$more_than_or_equal` / `$less_than_or_equal`, its dashboard `$more_than_equal` /
 * `$less_than_equal`, and its published create example uses `$greater_than_or_equal`.
 */
export const CONDITION_ALIASES: Record<string, string> = {
  $more_than_or_equal: '$more_than_equal',
  $less_than_or_equal: '$less_than_equal',
  $greater_than_or_equal: '$more_than_equal',
};

/** Conditions Voucherify documents that this engine does not evaluate: refused by name when a rule is saved. */
export const UNSUPPORTED_CONDITIONS = new Set([
  '$timeframe',
  '$timeframe_absolute',
  '$timeframe_daily_hours',
  '$dow',
  '$not_differ',
  '$not_intersect',
  '$from',
  '$after',
  '$before',
  '$more_than_ago',
  '$less_than_ago',
  '$is_days_ago',
  '$more_than_future',
  '$less_than_future',
  '$is_days_in_future',
]);

/** The canonical name of a condition key, or undefined when it is not one the engine evaluates. */
export function canonicalCondition(key: string): string | undefined {
  if (Object.hasOwn(CONDITIONS, key)) return key;
  // hasOwn, not a plain lookup: `constructor` or `toString` must not find Object.prototype's members.
  return Object.hasOwn(CONDITION_ALIASES, key) ? CONDITION_ALIASES[key] : undefined;
}
