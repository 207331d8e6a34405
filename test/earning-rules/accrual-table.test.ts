import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { send } from '../helpers/request.js';

/**
 * The accrual table: each kind of earning rule × the member's tier mapping of the rule × one event gives
 * exactly the points in the last column. One order serves every order rule: 5 × 15.00 of product A and
 * 3 × 16.15 of product B, 123.45 in all, with metadata `visits: 7`; the customer's metadata is `age: 42`;
 * the custom event `km_run` carries `km: 23`.
 */

type Kind = { name: string; event: string; loyalty: Record<string, unknown>; points: number };

const ratio = (every: number, points: number, extra: Record<string, unknown> = {}) => ({
  every,
  points,
  ...extra,
});
const proportional = (
  calculation_type: string,
  section: string,
  key: string,
  r: Record<string, unknown>,
) => ({
  type: 'PROPORTIONAL',
  calculation_type,
  [section]: { [key]: r },
});

const A = 'product A';
const B = 'product B';

function kinds(ids: Record<string, string>): Kind[] {
  return [
    { name: 'FIXED on order.paid', event: 'order.paid', loyalty: { type: 'FIXED', points: 25 }, points: 25 },
    {
      name: 'ORDER_AMOUNT: 1 per 10.00',
      event: 'order.paid',
      loyalty: proportional('ORDER_AMOUNT', 'order', 'amount', ratio(1000, 1)),
      points: 12,
    },
    {
      name: 'ORDER_TOTAL_AMOUNT: 10 per 5.00',
      event: 'order.paid',
      loyalty: proportional('ORDER_TOTAL_AMOUNT', 'order', 'total_amount', ratio(500, 10)),
      points: 240,
    },
    {
      name: 'ORDER_METADATA: 1 per 2 visits',
      event: 'order.paid',
      loyalty: proportional('ORDER_METADATA', 'order', 'metadata', ratio(2, 1, { property: 'visits' })),
      points: 3,
    },
    {
      name: 'ORDER_ITEMS_QUANTITY: 5 per 2 of A',
      event: 'order.paid',
      loyalty: proportional(
        'ORDER_ITEMS_QUANTITY',
        'order_items',
        'quantity',
        ratio(2, 5, { object: 'product', id: ids[A] }),
      ),
      points: 10,
    },
    {
      name: 'ORDER_ITEMS_AMOUNT: 1 per 10.00 of A',
      event: 'order.paid',
      loyalty: proportional(
        'ORDER_ITEMS_AMOUNT',
        'order_items',
        'amount',
        ratio(1000, 1, { object: 'product', id: ids[A] }),
      ),
      points: 7,
    },
    {
      name: 'ORDER_ITEMS_SUBTOTAL_AMOUNT: 2 per 10.00 of B',
      event: 'order.paid',
      loyalty: proportional(
        'ORDER_ITEMS_SUBTOTAL_AMOUNT',
        'order_items',
        'subtotal_amount',
        ratio(1000, 2, { object: 'product', id: ids[B] }),
      ),
      points: 8,
    },
    {
      name: 'CUSTOMER_METADATA: 3 per 10 years',
      event: 'order.paid',
      loyalty: proportional('CUSTOMER_METADATA', 'customer', 'metadata', ratio(10, 3, { property: 'age' })),
      points: 12,
    },
    { name: 'FIXED on a custom event', event: 'km_run', loyalty: { type: 'FIXED', points: 30 }, points: 30 },
    {
      name: 'CUSTOM_EVENT_METADATA: 2 per 5 km',
      event: 'km_run',
      loyalty: proportional(
        'CUSTOM_EVENT_METADATA',
        'custom_event',
        'metadata',
        ratio(5, 2, { property: 'km' }),
      ),
      points: 8,
    },
  ];
}

/** The member's tier mapping of the rule, and what it makes of the rule's points. */
const MAPPINGS: { name: string; mapping: Record<string, unknown> | null; apply: (p: number) => number }[] = [
  { name: 'no tier', mapping: null, apply: (p) => p },
  { name: 'tier × 2', mapping: { type: 'MULTIPLY', multiplier: 2 }, apply: (p) => p * 2 },
  {
    name: 'tier × 1.5 (rounded down)',
    mapping: { type: 'MULTIPLY', multiplier: 1.5 },
    apply: (p) => Math.floor(p * 1.5),
  },
  { name: 'tier CUSTOM 99', mapping: { type: 'CUSTOM', points: 99 }, apply: () => 99 },
];

for (const dialect of DIALECTS) {
  describe(`the accrual table (${dialect.name})`, () => {
    let t: TestApp;
    const ids: Record<string, string> = {};
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, body?: unknown) => {
      const r = await send(t, method, url, body === undefined ? {} : { body });
      expect(r.status, `${method} ${url}: ${r.raw}`).toBe(200);
      return r.body;
    };

    beforeAll(async () => {
      t = await startTestApp(dialect);
      ids[A] = (await call('POST', '/v1/products', { name: A, price: 1500 })).id;
      ids[B] = (await call('POST', '/v1/products', { name: B, price: 1615 })).id;
    });
    afterAll(() => t.close());

    const rows = () =>
      kinds(ids).flatMap((k) => MAPPINGS.map((m) => ({ ...k, mapping: m, expected: m.apply(k.points) })));
    // The table is built once the products exist; its shape (kinds × mappings) is fixed.
    const names = kinds({}).flatMap((k) => MAPPINGS.map((m) => `${k.name}, ${m.name}`));

    it.each(names)('%s', async (label) => {
      const row = rows().find((r) => `${r.name}, ${r.mapping.name}` === label)!;
      const campaign = await call(
        'POST',
        '/v1/campaigns',
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
          voucher: {
            type: 'LOYALTY_CARD',
            loyalty_card: { points: 0 },
            code_config: { pattern: 'AT-######' },
          },
        }),
      );
      const [rule] = await call('POST', `/v1/loyalties/${campaign.id}/earning-rules`, [
        { event: row.event, loyalty: row.loyalty },
      ]);
      if (row.mapping.mapping)
        await call('POST', `/v1/loyalties/${campaign.id}/tiers`, [
          {
            name: 'Everyone',
            points: { from: 0, to: 1_000_000 },
            earning_rules: { [rule.id]: row.mapping.mapping },
          },
        ]);
      const customer = { source_id: `at-${Math.random().toString(36).slice(2)}`, metadata: { age: 42 } };
      const member = await call('POST', `/v1/loyalties/${campaign.id}/members`, { customer });
      if (row.event === 'order.paid')
        await call('POST', '/v1/orders', {
          status: 'PAID',
          customer: { source_id: customer.source_id },
          metadata: { visits: 7 },
          items: [
            { product_id: ids[A], quantity: 5, price: 1500 },
            { product_id: ids[B], quantity: 3, price: 1615 },
          ],
        });
      else
        await call('POST', '/v1/events', {
          event: row.event,
          customer: { source_id: customer.source_id },
          metadata: { km: 23 },
        });
      const after = await call('GET', `/v1/loyalties/members/${member.code}`);
      expect(after.loyalty_card.balance).toBe(row.expected);
    });
  });
}
