import { invalidPayload } from '../platform/errors.js';

/**
 * When points expire: the campaign's `voucher.loyalty_card.expiration_rules`, or the balance request's own
 * `expiration_type`. Dates are whole UTC days; a bucket carries its last good day (UTC midnight, in ms) and
 * expires when that day is over.
 */

export type ExpirationType = 'PROGRAM_RULES' | 'NON_EXPIRING' | 'CUSTOM_DATE';

/** How the points of one addition expire: by the program's rules (the default), never, or on a date. */
export interface PointsExpiration {
  type: ExpirationType;
  /** `YYYY-MM-DD` or an ISO 8601 date-time (its UTC day counts), for CUSTOM_DATE. */
  date?: string;
}

type Rules = Record<string, unknown>;

const DAY = 86_400_000;

/** The UTC midnight of the day of `ms`. */
export const dayOf = (ms: number) => Math.floor(ms / DAY) * DAY;

/** The last day of the month `month` (0-based, may run past 11) of `year`, at UTC midnight. */
const endOfMonth = (year: number, month: number) => Date.UTC(year, month + 1, 0);

function addMonths(ms: number, n: number): number {
  const d = new Date(ms);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + n;
  const day = Math.min(d.getUTCDate(), new Date(endOfMonth(y, m)).getUTCDate());
  return Date.UTC(y, m, day);
}

const int = (rules: Rules, key: string, min: number, max: number, field: string): number => {
  const v = rules[key];
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw invalidPayload(`${field}.${key} must be an integer from ${min} to ${max}`);
  return v;
};

/** The last good day of points added at `now` under the program's expiration rules; null: they never expire. */
export function lastDayByRules(now: number, rules: Rules | null | undefined, field: string): number | null {
  if (!rules) return null;
  const today = dayOf(now);
  if (rules.period_type === 'FIXED_DAY_OF_YEAR') {
    const month = int(rules, 'fixed_month', 1, 12, field) - 1;
    const day = int(rules, 'fixed_day', 1, 31, field);
    const year = new Date(today).getUTCFullYear();
    const on = (y: number) => Date.UTC(y, month, Math.min(day, new Date(endOfMonth(y, month)).getUTCDate()));
    return on(year) >= today ? on(year) : on(year + 1);
  }
  if (rules.period_type !== 'MONTH')
    throw invalidPayload(`${field}.period_type must be MONTH or FIXED_DAY_OF_YEAR`);
  const after = addMonths(today, int(rules, 'period_value', 1, 1200, field));
  const d = new Date(after);
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth();
  switch (rules.rounding_type) {
    case undefined:
    case null:
      return after;
    case 'END_OF_MONTH':
      return endOfMonth(y, m);
    case 'END_OF_QUARTER':
      return endOfMonth(y, m - (m % 3) + 2);
    case 'END_OF_HALF_YEAR':
      return endOfMonth(y, m < 6 ? 5 : 11);
    case 'END_OF_YEAR':
      return endOfMonth(y, 11);
    case 'PARTICULAR_MONTH': {
      const target = int(rules, 'rounding_value', 1, 12, field) - 1;
      return endOfMonth(target >= m ? y : y + 1, target);
    }
    default:
      throw invalidPayload(
        `${field}.rounding_type must be one of END_OF_MONTH, END_OF_QUARTER, END_OF_HALF_YEAR, END_OF_YEAR, PARTICULAR_MONTH`,
      );
  }
}

/** The UTC day of a `YYYY-MM-DD` or ISO 8601 date-time, at midnight; a 400 naming `field` otherwise. */
export function parseDay(input: string, field: string): number {
  const ms = Date.parse(/^\d{4}-\d{2}-\d{2}$/.test(input) ? `${input}T00:00:00Z` : input);
  if (Number.isNaN(ms)) throw invalidPayload(`${field} must be a date (YYYY-MM-DD) or an ISO 8601 date-time`);
  return dayOf(ms);
}

/**
 * The last good day of points added at `now`: the request's expiration when given, else the program's rules.
 * A CUSTOM_DATE needs a date; one already past makes points that the next run of the expiration job expires.
 */
export function lastDayOf(
  now: number,
  programRules: Rules | null | undefined,
  expiration: PointsExpiration | undefined,
): number | null {
  switch (expiration?.type ?? 'PROGRAM_RULES') {
    case 'NON_EXPIRING':
      return null;
    case 'CUSTOM_DATE': {
      if (!expiration?.date)
        throw invalidPayload('expiration_date is required with expiration_type CUSTOM_DATE');
      return parseDay(expiration.date, 'expiration_date');
    }
    default:
      return lastDayByRules(now, programRules, 'voucher.loyalty_card.expiration_rules');
  }
}

/** The last good day of buckets that are due at `now`: any whose day is over. */
export const lastDueDay = (now: number) => dayOf(now) - DAY;
