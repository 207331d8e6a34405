import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import {
  THREE_LINE_ORDER,
  createStandaloneGiftCard,
  createVoucher,
  getVoucher,
} from '../helpers/factories.js';
import { send } from '../helpers/request.js';

/**
 * Each discount type, on the whole order and on its items, redeemed in one stack with 10.00 of gift credits
 * after it: the answered order, the stored order and the gift card agree to the cent. The order is 100.00:
 * A 2 × 25.00, B 1 × 30.00, C 1 × 20.00.
 */
const CASES: [string, Record<string, unknown>, { items: number; order: number }][] = [
  ['AMOUNT on the order', { type: 'AMOUNT', amount_off: 1500 }, { items: 0, order: 1500 }],
  // 5.00 off each of the three lines.
  [
    'AMOUNT on the items',
    { type: 'AMOUNT', amount_off: 500, effect: 'APPLY_TO_ITEMS' },
    { items: 1500, order: 0 },
  ],
  ['PERCENT on the order', { type: 'PERCENT', percent_off: 10 }, { items: 0, order: 1000 }],
  // 50 % capped at 20.00.
  [
    'PERCENT with amount_limit',
    { type: 'PERCENT', percent_off: 50, amount_limit: 2000 },
    { items: 0, order: 2000 },
  ],
  // 10 % of 50.00, 30.00 and 20.00.
  [
    'PERCENT on the items',
    { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ITEMS' },
    { items: 1000, order: 0 },
  ],
  // The order costs 60.00.
  ['FIXED on the order', { type: 'FIXED', fixed_amount: 6000 }, { items: 0, order: 4000 }],
  // Each unit costs 10.00: 2 × 15.00 off A, 20.00 off B, 10.00 off C.
  [
    'FIXED on the items',
    { type: 'FIXED', fixed_amount: 1000, effect: 'APPLY_TO_ITEMS' },
    { items: 6000, order: 0 },
  ],
];

const GIFT = 1000;

describe.each(DIALECTS)('a discount and gift credits in one stack ($name)', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t.close());

  it.each(CASES)('%s, then 10.00 of gift credits', async (_name, discount, expected) => {
    const v = await createVoucher(t, { discount });
    const g = await createStandaloneGiftCard(t, 5000);
    const r = await send(t, 'POST', '/v1/redemptions', {
      body: {
        redeemables: [
          { object: 'voucher', id: v.code },
          { object: 'voucher', id: g.code, gift: { credits: GIFT } },
        ],
        order: THREE_LINE_ORDER,
      },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const total = expected.items + expected.order + GIFT;
    const order = r.body.order;
    expect(order).toMatchObject({
      amount: 10000,
      items_discount_amount: expected.items,
      discount_amount: expected.order + GIFT,
      total_discount_amount: total,
      total_amount: 10000 - total,
    });
    expect(order.items.reduce((a: number, i: any) => a + i.discount_amount, 0)).toBe(expected.items);
    expect(r.body.redemptions.map((x: any) => x.amount)).toEqual([0, GIFT]);
    const stored = await send(t, 'GET', `/v1/orders/${order.id}`);
    expect(stored.body).toMatchObject({
      status: 'PAID',
      amount: 10000,
      total_discount_amount: total,
      total_amount: 10000 - total,
    });
    expect((await getVoucher(t, g.code)).gift.balance).toBe(5000 - GIFT);
  });
});
