import { invalidPayload } from '../platform/errors.js';

/**
 * The parts of a voucher that campaigns and vouchers share: discount, gift, loyalty card, redemption limit,
 * code_config, dates and validity windows. Each `normalise…` checks an input and returns it in a stored
 * form with known keys only, in the order of Voucherify's examples; a bad value is a 400 invalid_payload
 * naming the field.
 */

export const ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const DEFAULT_CODE_LENGTH = 8;
export const MAX_PART_LENGTH = 100;

export interface CodeConfig {
  length: number;
  charset: string;
  prefix: string;
  postfix: string;
  pattern: string;
}

export interface CodeConfigIn {
  length?: number | null;
  charset?: string | null;
  prefix?: string | null;
  postfix?: string | null;
  pattern?: string | null;
}

const bad = (field: string, why: string) => invalidPayload(`${field} ${why}`);

/**
 * `code_config` with Voucherify's defaults: 8 random alphanumeric characters. A `pattern` wins over
 * `length`: each `#` in it is one random character of the charset, anything else is kept as written, and
 * `length` becomes the number of `#`.
 */
export function normaliseCodeConfig(
  input: CodeConfigIn | null | undefined,
  field = 'code_config',
): CodeConfig {
  const charset = input?.charset ?? ALPHANUMERIC;
  if (charset.length === 0) throw bad(`${field}.charset`, 'must not be empty');
  if (new Set(charset).size !== [...charset].length)
    throw bad(`${field}.charset`, 'must not repeat a character');
  if ([...charset].length !== charset.length)
    throw bad(`${field}.charset`, 'must hold single-unit characters');
  const prefix = input?.prefix ?? '';
  const postfix = input?.postfix ?? '';
  if (prefix.length > MAX_PART_LENGTH)
    throw bad(`${field}.prefix`, `must be at most ${MAX_PART_LENGTH} characters`);
  if (postfix.length > MAX_PART_LENGTH)
    throw bad(`${field}.postfix`, `must be at most ${MAX_PART_LENGTH} characters`);
  let pattern = input?.pattern ?? null;
  if (pattern !== null) {
    if (pattern.length > MAX_PART_LENGTH)
      throw bad(`${field}.pattern`, `must be at most ${MAX_PART_LENGTH} characters`);
    if (!pattern.includes('#'))
      throw bad(`${field}.pattern`, 'must contain at least one # (a random character)');
  } else {
    const length = input?.length ?? DEFAULT_CODE_LENGTH;
    if (!Number.isInteger(length) || length < 1 || length > MAX_PART_LENGTH)
      throw bad(`${field}.length`, `must be an integer from 1 to ${MAX_PART_LENGTH}`);
    pattern = '#'.repeat(length);
  }
  const length = [...pattern].filter((c) => c === '#').length;
  return { length, charset, prefix, postfix, pattern };
}

/** How many distinct codes the config can make: charset size to the power of the `#` count. */
export function codeSpace(cfg: CodeConfig): number {
  return cfg.charset.length ** cfg.length;
}

export type DiscountType = 'AMOUNT' | 'PERCENT' | 'UNIT' | 'FIXED';
export type Discount = Record<string, unknown> & { type: DiscountType };

/** The effects each discount type allows; the first is the default. */
export const EFFECTS: Record<DiscountType, readonly string[]> = {
  AMOUNT: [
    'APPLY_TO_ORDER',
    'APPLY_TO_ITEMS',
    'APPLY_TO_ITEMS_PROPORTIONALLY',
    'APPLY_TO_ITEMS_PROPORTIONALLY_BY_QUANTITY',
    'APPLY_TO_ITEMS_BY_QUANTITY',
  ],
  PERCENT: ['APPLY_TO_ORDER', 'APPLY_TO_ITEMS'],
  FIXED: ['APPLY_TO_ORDER', 'APPLY_TO_ITEMS'],
  UNIT: ['ADD_MISSING_ITEMS', 'ADD_NEW_ITEMS', 'ADD_MANY_ITEMS'],
};
/** The effects of one unit of a UNIT discount. */
export const UNIT_EFFECTS: readonly string[] = ['ADD_NEW_ITEMS', 'ADD_MISSING_ITEMS'];
export const GIFT_EFFECTS: readonly string[] = ['APPLY_TO_ORDER', 'APPLY_TO_ITEMS'];

type In = Record<string, unknown>;

function num(d: In, key: string, field: string, opts: { max?: number; integer?: boolean } = {}) {
  const v = d[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'number' || !Number.isFinite(v)) throw bad(`${field}.${key}`, 'must be a number');
  if (v < 0) throw bad(`${field}.${key}`, 'must not be negative');
  if (opts.max !== undefined && v > opts.max) throw bad(`${field}.${key}`, `must be at most ${opts.max}`);
  if (opts.integer && !Number.isInteger(v)) throw bad(`${field}.${key}`, 'must be an integer');
  return v;
}

function str(d: In, key: string, field: string) {
  const v = d[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw bad(`${field}.${key}`, 'must be a string');
  return v;
}

/**
 * A discount's amount (`amount_off`, `percent_off`, `fixed_amount`) with its optional formula. The amount is
 * required even when a formula is given, as Voucherify's Discount schemas require it (the formula refines it
 * per order); a given formula must not be empty.
 */
function amountWithFormula(d: In, key: string, field: string, opts: { max?: number } = {}) {
  const amount = num(d, key, field, opts);
  const formula = str(d, `${key}_formula`, field);
  if (amount === undefined) throw bad(`${field}.${key}`, 'is required');
  if (formula !== undefined && formula.trim() === '')
    throw bad(`${field}.${key}_formula`, 'must not be empty');
  return { amount, formula };
}

function effect(d: In, type: string, field: string, fallback: string) {
  const e = str(d, 'effect', field) ?? fallback;
  if (!EFFECTS[type as DiscountType].includes(e))
    throw bad(`${field}.effect`, `must be one of ${EFFECTS[type as DiscountType].join(', ')}`);
  return e;
}

function pick(out: In): In {
  for (const k of Object.keys(out)) if (out[k] === undefined) delete out[k];
  return out;
}

function simpleRef(d: In, key: string, field: string) {
  const v = d[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'object' || typeof (v as In).id !== 'string')
    throw bad(`${field}.${key}`, 'must be an object with an id');
  const r = v as In;
  return pick({ id: r.id, source_id: r.source_id, name: r.name });
}

function oneUnit(u: unknown, field: string): In {
  if (!u || typeof u !== 'object') throw bad(field, 'must be an object');
  const d = u as In;
  const unitType = str(d, 'unit_type', field);
  if (!unitType) throw bad(`${field}.unit_type`, 'is required');
  const e = str(d, 'effect', field) ?? 'ADD_MISSING_ITEMS';
  if (!UNIT_EFFECTS.includes(e)) throw bad(`${field}.effect`, `must be one of ${UNIT_EFFECTS.join(', ')}`);
  const unitOff = num(d, 'unit_off', field, { integer: true });
  const formula = str(d, 'unit_off_formula', field);
  if (unitOff === undefined && formula === undefined) throw bad(`${field}.unit_off`, 'is required');
  return pick({
    unit_off: unitOff,
    unit_off_formula: formula,
    effect: e,
    unit_type: unitType,
    product: simpleRef(d, 'product', field),
    sku: simpleRef(d, 'sku', field),
  });
}

/** A discount of type AMOUNT, PERCENT, UNIT (one unit or many) or FIXED, with its limits. */
export function normaliseDiscount(input: unknown, field = 'discount'): Discount {
  if (!input || typeof input !== 'object') throw bad(field, 'must be an object');
  const d = input as In;
  const type = d.type;
  const dynamic = typeof d.is_dynamic === 'boolean' ? d.is_dynamic : undefined;
  switch (type) {
    case 'AMOUNT': {
      const { amount: off, formula } = amountWithFormula(d, 'amount_off', field);
      return pick({
        type,
        amount_off: off,
        amount_off_formula: formula,
        aggregated_amount_limit: num(d, 'aggregated_amount_limit', field, { integer: true }),
        effect: effect(d, type, field, 'APPLY_TO_ORDER'),
        is_dynamic: dynamic,
      }) as Discount;
    }
    case 'PERCENT': {
      const { amount: off, formula } = amountWithFormula(d, 'percent_off', field, { max: 100 });
      return pick({
        type,
        percent_off: off,
        percent_off_formula: formula,
        amount_limit: num(d, 'amount_limit', field),
        aggregated_amount_limit: num(d, 'aggregated_amount_limit', field, { integer: true }),
        effect: effect(d, type, field, 'APPLY_TO_ORDER'),
        is_dynamic: dynamic,
      }) as Discount;
    }
    case 'FIXED': {
      const { amount, formula } = amountWithFormula(d, 'fixed_amount', field);
      return pick({
        type,
        fixed_amount: amount,
        fixed_amount_formula: formula,
        effect: effect(d, type, field, 'APPLY_TO_ORDER'),
        is_dynamic: dynamic,
      }) as Discount;
    }
    case 'UNIT': {
      const e = effect(d, type, field, 'ADD_MISSING_ITEMS');
      if (e === 'ADD_MANY_ITEMS') {
        if (!Array.isArray(d.units) || d.units.length === 0)
          throw bad(`${field}.units`, 'must list at least one unit for ADD_MANY_ITEMS');
        return { type, effect: e, units: d.units.map((u, i) => oneUnit(u, `${field}.units.${i}`)) };
      }
      const one = oneUnit({ ...d, effect: 'ADD_MISSING_ITEMS' }, field);
      return pick({
        type,
        unit_off: one.unit_off,
        unit_off_formula: one.unit_off_formula,
        effect: e,
        unit_type: one.unit_type,
        product: one.product,
        sku: one.sku,
        is_dynamic: dynamic,
      }) as Discount;
    }
    default:
      throw bad(`${field}.type`, 'must be one of AMOUNT, PERCENT, UNIT, FIXED');
  }
}

export interface GiftTemplate {
  amount: number;
  effect?: 'APPLY_TO_ORDER' | 'APPLY_TO_ITEMS';
}

export function normaliseGift(input: unknown, field = 'gift'): GiftTemplate {
  if (!input || typeof input !== 'object') throw bad(field, 'must be an object');
  const d = input as In;
  const amount = num(d, 'amount', field, { integer: true });
  if (amount === undefined) throw bad(`${field}.amount`, 'is required');
  const e = str(d, 'effect', field);
  if (e !== undefined && e !== 'APPLY_TO_ORDER' && e !== 'APPLY_TO_ITEMS')
    throw bad(`${field}.effect`, 'must be one of APPLY_TO_ORDER, APPLY_TO_ITEMS');
  return e === undefined ? { amount } : { amount, effect: e };
}

export interface LoyaltyCardTemplate {
  points: number;
  expiration_rules?: Record<string, unknown>;
}

export const PERIOD_TYPES: readonly string[] = ['FIXED_DAY_OF_YEAR', 'MONTH'];

export function normaliseLoyaltyCard(input: unknown, field = 'loyalty_card'): LoyaltyCardTemplate {
  if (!input || typeof input !== 'object') throw bad(field, 'must be an object');
  const d = input as In;
  const points = num(d, 'points', field, { integer: true }) ?? 0;
  const rules = d.expiration_rules;
  if (rules === undefined || rules === null) return { points };
  if (typeof rules !== 'object' || !PERIOD_TYPES.includes((rules as In).period_type as string))
    throw bad(`${field}.expiration_rules.period_type`, `must be one of ${PERIOD_TYPES.join(', ')}`);
  return { points, expiration_rules: rules as Record<string, unknown> };
}

/** `redemption.quantity`: null is unlimited; otherwise at least 1. */
export function normaliseQuantity(input: unknown, field = 'redemption.quantity'): number | null {
  if (input === undefined || input === null) return null;
  if (typeof input !== 'number' || !Number.isInteger(input) || input < 1)
    throw bad(field, 'must be an integer of at least 1, or null for no limit');
  return input;
}

/** An ISO 8601 date-time as epoch ms; undefined stays undefined (no change), null clears. */
export function parseDate(input: string | null | undefined, field: string): number | null | undefined {
  if (input === undefined || input === null) return input;
  const ms = Date.parse(input);
  if (Number.isNaN(ms)) throw bad(field, 'must be an ISO 8601 date-time');
  return ms;
}

export function checkDateOrder(start: number | null, end: number | null): void {
  if (start !== null && end !== null && start > end)
    throw invalidPayload('start_date must not be later than expiration_date');
}

/** An ISO 8601 duration such as P2D or PT1H. */
export const DURATION = /^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+S)?)?$/;
/** A time of day such as 08:00. */
export const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$/;

export interface Validity {
  validity_timeframe: { interval?: string; duration?: string } | null;
  validity_day_of_week: number[] | null;
  validity_hours: Record<string, unknown> | null;
}

/** Checks the recurring validity windows; a timeframe needs a start_date to count its intervals from. */
export function checkValidity(v: Partial<Validity>, startDate: number | null): void {
  const tf = v.validity_timeframe;
  if (tf) {
    for (const k of ['interval', 'duration'] as const) {
      const x = tf[k];
      if (x !== undefined && !DURATION.test(x))
        throw bad(`validity_timeframe.${k}`, 'must be an ISO 8601 duration such as P2D or PT1H');
    }
    if (!tf.duration) throw bad('validity_timeframe.duration', 'is required');
    if (startDate === null) throw invalidPayload('start_date is required with validity_timeframe');
  }
  const daily = (v.validity_hours as { daily?: unknown } | null | undefined)?.daily;
  if (daily !== undefined && !Array.isArray(daily)) throw bad('validity_hours.daily', 'must be an array');
  for (const [i, h] of ((daily as In[] | undefined) ?? []).entries()) {
    for (const k of ['start_time', 'expiration_time'])
      if (typeof h[k] !== 'string' || !TIME_OF_DAY.test(h[k] as string))
        throw bad(`validity_hours.daily.${i}.${k}`, 'must be a time such as 08:00');
  }
}

export const jsonOrNull = (v: unknown): string | null =>
  v === undefined || v === null ? null : JSON.stringify(v);
export const parseOrNull = <T>(v: string | null): T | null => (v === null ? null : (JSON.parse(v) as T));

export type VoucherType = 'DISCOUNT_VOUCHER' | 'GIFT_VOUCHER' | 'LOYALTY_CARD';

/** The voucher template stored with a campaign and copied into each of its vouchers. */
export interface VoucherTemplate {
  type: VoucherType;
  discount?: Discount;
  gift?: GiftTemplate;
  loyalty_card?: LoyaltyCardTemplate;
  redemption: { quantity: number | null };
  code_config: CodeConfig;
  is_referral_code: boolean;
}
