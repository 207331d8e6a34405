import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { tableContents } from '../helpers/db.js';
import { isVoucherifyError } from '../helpers/request.js';
import { THREE_LINE_ORDER, createVoucher } from '../helpers/factories.js';

/**
 * Bad input to a redemption is 400 in Voucherify's error shape, naming the field, and writes nothing: no
 * redemption, no failure record, no order, no customer, no event, no spent use.
 */
describe.each(DIALECTS)('malformed redemption requests ($name)', (dialect) => {
  let t: TestApp;
  let code: string;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    code = (
      await createVoucher(t, { discount: { type: 'AMOUNT', amount_off: 100 }, redemption: { quantity: 5 } })
    ).code;
  });
  afterAll(async () => t.close());

  const voucher = () => ({ object: 'voucher', id: code });
  const withItems = (items: Record<string, unknown>[], amount?: number) => ({
    redeemables: [voucher()],
    order: { ...(amount === undefined ? {} : { amount }), items },
    customer: { source_id: 'never-created' },
  });

  const CASES: [string, () => unknown, RegExp][] = [
    [
      'an unknown redeemable object type',
      () => ({ redeemables: [{ object: 'coupon', id: 'X' }] }),
      /redeemables\.0\.object/,
    ],
    [
      'more redeemables than the stacking limit (30)',
      () => ({ redeemables: Array.from({ length: 31 }, (_, i) => ({ object: 'voucher', id: `C${i}` })) }),
      /redeemables/,
    ],
    ['the same redeemable twice', () => ({ redeemables: [voucher(), voucher()] }), /more than once/],
    [
      'a negative quantity',
      () => withItems([{ source_id: 'a', quantity: -1, price: 100 }]),
      /items\.0\.quantity/,
    ],
    ['a negative price', () => withItems([{ source_id: 'a', quantity: 1, price: -100 }]), /items\.0\.price/],
    [
      "a line's amount that is not price × quantity",
      () => withItems([{ source_id: 'a', quantity: 2, price: 100, amount: 300 }]),
      /order\.items\[0\]\.amount/,
    ],
    [
      "an order amount that is not the sum of its lines'",
      () => withItems(THREE_LINE_ORDER.items, 9999),
      /order\.amount/,
    ],
  ];

  it.each(CASES)('%s: 400 naming the field, nothing written', async (_name, payload, field) => {
    const before = await tableContents(t);
    const r = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/redemptions',
      headers: t.appKey,
      payload: payload() as object,
    });
    const body = r.json();
    expect(r.statusCode, r.body).toBe(400);
    expect(isVoucherifyError({ status: r.statusCode, body, headers: r.headers })).toBe(true);
    expect(body.details).toMatch(field);
    expect(await tableContents(t)).toEqual(before);
  });
});
