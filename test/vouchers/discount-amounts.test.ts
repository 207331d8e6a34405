import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

/** Each discount type's amount is required, with or without a formula, as Voucherify's Discount schemas say. */
const CASES: [string, Record<string, unknown>, string][] = [
  ['FIXED with an empty formula', { type: 'FIXED', fixed_amount_formula: '' }, 'discount.fixed_amount'],
  [
    'FIXED with a formula only',
    { type: 'FIXED', fixed_amount_formula: 'ORDER_AMOUNT' },
    'discount.fixed_amount',
  ],
  ['FIXED with nothing', { type: 'FIXED' }, 'discount.fixed_amount'],
  [
    'AMOUNT with a formula only',
    { type: 'AMOUNT', amount_off_formula: 'ORDER_AMOUNT' },
    'discount.amount_off',
  ],
  ['PERCENT with a formula only', { type: 'PERCENT', percent_off_formula: '10' }, 'discount.percent_off'],
  [
    'FIXED with an empty formula and an amount',
    { type: 'FIXED', fixed_amount: 500, fixed_amount_formula: ' ' },
    'discount.fixed_amount_formula',
  ],
];

describe.each(DIALECTS)('discount amounts on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t.close());

  const post = (url: string, body: Record<string, unknown>) => send(t, 'POST', url, { body });

  it.each(CASES)(
    'refuses %s on a voucher and on a campaign, naming the field, and writes nothing',
    async (_n, discount, field) => {
      const v = await post('/v1/vouchers', { type: 'DISCOUNT_VOUCHER', discount });
      expect(v.status).toBe(400);
      expect(v.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      expect(v.body.details).toContain(field);
      const c = await post('/v1/campaigns', {
        name: `c-${field}-${Math.random()}`,
        campaign_type: 'DISCOUNT_COUPONS',
        voucher: { type: 'DISCOUNT_VOUCHER', discount },
      });
      expect(c.status).toBe(400);
      expect(c.body.details).toContain(field);
      const db = t.vs.ctx.db.kysely;
      expect(await db.selectFrom('vouchers').select('id').execute()).toEqual([]);
      expect(await db.selectFrom('campaigns').select('id').execute()).toEqual([]);
    },
  );

  it('accepts a FIXED discount with its amount and a formula, and answers it as given', async () => {
    const v = await post('/v1/vouchers', {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'FIXED', fixed_amount: 1500, fixed_amount_formula: 'ORDER_AMOUNT - 500' },
    });
    expect(v.status).toBe(200);
    expect(v.body.discount).toEqual({
      type: 'FIXED',
      fixed_amount: 1500,
      fixed_amount_formula: 'ORDER_AMOUNT - 500',
      effect: 'APPLY_TO_ORDER',
    });
  });
});
