import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

describe.each(DIALECTS)('categories on $name', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  const post = (url: string, body: Record<string, unknown>) => send(t, 'POST', url, { body });

  it('keeps a category name on campaigns and vouchers, and answers an unknown category_id with 404 on both', async () => {
    const voucher = await post('/v1/vouchers/CAT-1', {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'AMOUNT', amount_off: 500 },
      category: 'Summer',
    });
    expect(voucher.status).toBe(200);
    expect(voucher.body.category).toBe('Summer');
    const list = await send(t, 'GET', '/v1/vouchers?category=Summer');
    expect(list.body.vouchers.map((v: { code: string }) => v.code)).toEqual(['CAT-1']);

    for (const [url, body] of [
      [
        '/v1/vouchers/CAT-2',
        { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 5 }, category_id: 'cat_nope' },
      ],
      [
        '/v1/campaigns',
        {
          name: 'C',
          campaign_type: 'DISCOUNT_COUPONS',
          category_id: 'cat_nope',
          voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'PERCENT', percent_off: 5 } },
        },
      ],
    ] as const) {
      const res = await post(url, body);
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({
        key: 'not_found',
        resource_type: 'category',
        resource_id: 'cat_nope',
      });
    }
  });
});
