import { describe, expect, it } from 'vitest';
import type { CampaignRow } from '../../src/campaigns/index.js';
import type { VoucherRow } from '../../src/vouchers/index.js';
import { type CheckContext, voucherRefusal } from '../../src/validations/validation.checks.js';
import { localTime, parseDuration, withinValidity } from '../../src/platform/validity.js';

const T0 = Date.parse('2026-03-02T10:00:00.000Z'); // a Monday

function row(over: Partial<VoucherRow> = {}): VoucherRow {
  return {
    id: 'v_1',
    project_id: 'proj_1',
    code: 'CODE',
    campaign_id: null,
    category: null,
    type: 'DISCOUNT_VOUCHER',
    discount: JSON.stringify({ type: 'AMOUNT', amount_off: 100 }),
    gift_amount: null,
    gift_subtracted_amount: null,
    gift_balance: null,
    gift_effect: null,
    loyalty_points: null,
    loyalty_balance: null,
    loyalty_pending_points: null,
    loyalty_expired_points: null,
    loyalty_subtracted_points: null,
    start_date: null,
    expiration_date: null,
    validity_timeframe: null,
    validity_day_of_week: null,
    validity_hours: null,
    active: 1,
    additional_info: null,
    metadata: '{}',
    is_referral_code: 0,
    holder_id: null,
    referrer_id: null,
    redemption_quantity: null,
    redeemed_quantity: 0,
    redeemed_amount: 0,
    redeemed_points: 0,
    publish_count: 0,
    created_at: T0 - 1000,
    updated_at: null,
    deleted_at: null,
    ...over,
  };
}

const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
  now: T0,
  timeZone: 'UTC',
  customerId: null,
  customerGiven: false,
  ...over,
});

const campaign = (active: number) => ({ id: 'camp_1', name: 'Spring', active }) as CampaignRow;
const hours = (start_time: string, expiration_time: string, days_of_week?: number[]) =>
  JSON.stringify({ daily: [{ start_time, expiration_time, ...(days_of_week ? { days_of_week } : {}) }] });

describe('the checks a redemption makes of a voucher (table)', () => {
  const cases: [string, VoucherRow, CheckContext, string | null, CampaignRow | null][] = [
    ['an active voucher with no limits passes', row(), ctx(), null, null],
    ['a disabled voucher', row({ active: 0 }), ctx(), 'voucher_disabled', null],
    [
      'a voucher of a disabled campaign',
      row({ campaign_id: 'camp_1' }),
      ctx(),
      'voucher_disabled',
      campaign(0),
    ],
    ['a voucher of an active campaign passes', row({ campaign_id: 'camp_1' }), ctx(), null, campaign(1)],
    ['before start_date', row({ start_date: T0 + 1 }), ctx(), 'voucher_not_active', null],
    ['at start_date', row({ start_date: T0 }), ctx(), null, null],
    ['after expiration_date', row({ expiration_date: T0 - 1 }), ctx(), 'voucher_expired', null],
    ['at expiration_date', row({ expiration_date: T0 }), ctx(), null, null],
    ['on an allowed day', row({ validity_day_of_week: '[1]' }), ctx(), null, null],
    ['on another day', row({ validity_day_of_week: '[0,2,3,4,5,6]' }), ctx(), 'voucher_not_active_now', null],
    ['within daily hours', row({ validity_hours: hours('09:00', '11:00') }), ctx(), null, null],
    [
      'outside daily hours',
      row({ validity_hours: hours('11:00', '12:00') }),
      ctx(),
      'voucher_not_active_now',
      null,
    ],
    [
      'daily hours on another day',
      row({ validity_hours: hours('09:00', '11:00', [2]) }),
      ctx(),
      'voucher_not_active_now',
      null,
    ],
    [
      'daily hours past midnight, the morning after a listed day',
      row({ validity_hours: hours('22:00', '11:00', [0]) }),
      ctx(),
      null,
      null,
    ],
    [
      'daily hours read in the time zone',
      row({ validity_hours: hours('09:00', '11:00') }),
      ctx({ timeZone: 'Europe/Warsaw' }),
      'voucher_not_active_now',
      null,
    ],
    [
      'inside a timeframe',
      row({ start_date: T0 - 3600_000, validity_timeframe: '{"interval":"P1D","duration":"PT2H"}' }),
      ctx(),
      null,
      null,
    ],
    [
      'between two timeframe windows',
      row({ start_date: T0 - 3 * 3600_000, validity_timeframe: '{"interval":"P1D","duration":"PT2H"}' }),
      ctx(),
      'voucher_not_active_now',
      null,
    ],
    [
      'in a later monthly window',
      row({
        start_date: Date.parse('2026-01-02T09:00:00Z'),
        validity_timeframe: '{"interval":"P1M","duration":"PT2H"}',
      }),
      ctx(),
      null,
      null,
    ],
    [
      'a one-off timeframe that ran out',
      row({ start_date: T0 - 3 * 3600_000, validity_timeframe: '{"duration":"PT2H"}' }),
      ctx(),
      'voucher_not_active_now',
      null,
    ],
    [
      'redeemed as often as allowed',
      row({ redemption_quantity: 2, redeemed_quantity: 2 }),
      ctx(),
      'quantity_exceeded',
      null,
    ],
    ['redeemed less than allowed', row({ redemption_quantity: 2, redeemed_quantity: 1 }), ctx(), null, null],
    [
      'a loyalty card for its holder',
      row({ type: 'LOYALTY_CARD', discount: null, holder_id: 'cust_1' }),
      ctx({ customerId: 'cust_1', customerGiven: true }),
      null,
      null,
    ],
    [
      'a loyalty card for another customer',
      row({ type: 'LOYALTY_CARD', discount: null, holder_id: 'cust_1' }),
      ctx({ customerId: 'cust_2', customerGiven: true }),
      'invalid_customer',
      null,
    ],
    [
      'a loyalty card with no customer',
      row({ type: 'LOYALTY_CARD', discount: null, holder_id: 'cust_1' }),
      ctx(),
      'missing_customer',
      null,
    ],
    [
      'a discount code held by another customer passes',
      row({ holder_id: 'cust_1' }),
      ctx({ customerId: 'cust_2', customerGiven: true }),
      null,
      null,
    ],
    [
      'a gift card with balance',
      row({ type: 'GIFT_VOUCHER', discount: null, gift_balance: 500 }),
      ctx({ giftCredits: 500 }),
      null,
      null,
    ],
    [
      'a gift card asked for more than its balance',
      row({ type: 'GIFT_VOUCHER', discount: null, gift_balance: 500 }),
      ctx({ giftCredits: 501 }),
      'gift_amount_exceeded',
      null,
    ],
    [
      'an empty gift card',
      row({ type: 'GIFT_VOUCHER', discount: null, gift_balance: 0 }),
      ctx(),
      'gift_amount_exceeded',
      null,
    ],
  ];
  it.each(cases)('%s', (_name, v, c, key, camp) => {
    expect(voucherRefusal(v, camp, c)?.key ?? null).toBe(key);
  });

  it("checks run in a redemption's order: disabled before expired before quantity", () => {
    const all = row({ active: 0, expiration_date: T0 - 1, redemption_quantity: 1, redeemed_quantity: 1 });
    expect(voucherRefusal(all, null, ctx())?.key).toBe('voucher_disabled');
    expect(voucherRefusal({ ...all, active: 1 }, null, ctx())?.key).toBe('voucher_expired');
    expect(voucherRefusal({ ...all, active: 1, expiration_date: null }, null, ctx())?.key).toBe(
      'quantity_exceeded',
    );
  });
});

describe('validity helpers', () => {
  it('parses ISO 8601 durations', () => {
    expect(parseDuration('P1M')).toEqual({ months: 1, ms: 0 });
    expect(parseDuration('P1Y2M3W4DT5H6M7S')).toEqual({
      months: 14,
      ms: ((3 * 7 + 4) * 86400 + 5 * 3600 + 6 * 60 + 7) * 1000,
    });
    expect(parseDuration('P')).toBeNull();
    expect(parseDuration('PT')).toBeNull();
    expect(parseDuration('1D')).toBeNull();
  });

  it('reads weekday and time in a time zone, UTC for an unknown one', () => {
    expect(localTime(T0, 'UTC')).toEqual({ day: 1, minutes: 600 });
    expect(localTime(T0, 'Pacific/Kiritimati')).toEqual({ day: 2, minutes: 0 });
    expect(localTime(T0, 'Not/AZone')).toEqual({ day: 1, minutes: 600 });
  });

  it('a monthly window on the 31st falls on the last day of shorter months', () => {
    const w = {
      start_date: Date.parse('2026-01-31T09:00:00Z'),
      validity_timeframe: { interval: 'P1M', duration: 'PT1H' },
      validity_day_of_week: null,
      validity_hours: null,
    };
    expect(withinValidity(w, Date.parse('2026-02-28T09:30:00Z'), 'UTC')).toBe(true);
    expect(withinValidity(w, Date.parse('2026-03-31T09:30:00Z'), 'UTC')).toBe(true);
    expect(withinValidity(w, Date.parse('2026-03-28T09:30:00Z'), 'UTC')).toBe(false);
  });
});
