import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { delivered, type Harness, harness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`orders (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    let shirt: any;
    let shirtRed: any;
    let mug: any;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t);
      shirt = await h.sdk.products.create({
        source_id: 'shirt',
        name: 'Shirt',
        price: 2500,
        attributes: ['color'],
      });
      shirtRed = await h.sdk.products.createSku(shirt.id, {
        sku: 'Red shirt',
        source_id: 'shirt-red',
        price: 2700,
        attributes: { color: 'red' },
      });
      mug = await h.sdk.products.create({ source_id: 'mug', name: 'Mug', price: 990 });
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    it('SDK create: prices from the catalogue, totals in cents, a new customer created on the fly', async () => {
      const order = await h.sdk.orders.create({
        source_id: 'order-1',
        customer: { source_id: 'buyer-1', name: 'Ann Buyer' },
        items: [
          { product_id: shirt.id, quantity: 2 },
          { source_id: 'shirt-red', related_object: 'sku', quantity: 1 },
          { source_id: 'mug', related_object: 'product', quantity: 3, price: 1000 },
          { source_id: 'gift-wrap', quantity: 1, price: 199 },
        ],
        metadata: { channel: 'web' },
      });
      expect(order).toMatchObject({
        source_id: 'order-1',
        status: 'CREATED',
        amount: 2 * 2500 + 2700 + 3 * 1000 + 199,
        initial_amount: 10899,
        discount_amount: 0,
        total_discount_amount: 0,
        total_amount: 10899,
        metadata: { channel: 'web' },
        object: 'order',
      });
      expect(order.id).toMatch(/^ord_/);
      expect(order.items).toEqual([
        expect.objectContaining({
          object: 'order_item',
          product_id: shirt.id,
          source_id: 'shirt',
          related_object: 'product',
          quantity: 2,
          price: 2500,
          amount: 5000,
          subtotal_amount: 5000,
          product: { id: shirt.id, source_id: 'shirt', name: 'Shirt', metadata: {}, price: 2500 },
        }),
        expect.objectContaining({
          product_id: shirt.id,
          sku_id: shirtRed.id,
          related_object: 'sku',
          price: 2700,
          amount: 2700,
          sku: { id: shirtRed.id, source_id: 'shirt-red', sku: 'Red shirt', metadata: {}, price: 2700 },
        }),
        expect.objectContaining({ product_id: mug.id, price: 1000, amount: 3000 }),
        expect.objectContaining({ source_id: 'gift-wrap', price: 199, amount: 199 }),
      ]);
      expect(order.items![3]).not.toHaveProperty('product_id');
      expect(schemaErrors('orders.json', 'OrdersCreateResponseBody', order)).toBeNull();

      const customerId = (order as any).customer_id;
      expect(customerId).toMatch(/^cust_/);
      expect((order as any).customer).toEqual({ id: customerId, object: 'customer' });
      const created = await delivered(h, 'customer.created', customerId);
      expect(created).toHaveLength(1);
      expect(created[0].event.group_id).toBe(lastRequestId(h.sdk));
      expect(created[0].data.customer).toMatchObject({ source_id: 'buyer-1', name: 'Ann Buyer' });

      expect(await h.sdk.orders.get(order.id)).toEqual(order);
      expect(await h.sdk.orders.get('order-1')).toEqual(order);
    });

    it('SDK update: status and items change, the customer stays; POST with a known source_id updates', async () => {
      t.clock.advance(1000);
      const order = await h.sdk.orders.create({
        source_id: 'order-2',
        items: [{ product_id: mug.id, quantity: 1 }],
      });
      t.clock.advance(1000);
      const paid = await h.sdk.orders.update({ id: order.id, status: 'PAID', metadata: { paid: true } });
      expect(paid).toMatchObject({ id: order.id, status: 'PAID', amount: 990, metadata: { paid: true } });
      expect(paid.updated_at).toBe(new Date(t.clock.now()).toISOString());
      const more = await h.sdk.orders.update({
        id: 'order-2',
        items: [{ product_id: mug.id, quantity: 4 }],
      } as any);
      expect(more).toMatchObject({
        status: 'PAID',
        amount: 3960,
        total_amount: 3960,
        metadata: { paid: true },
      });
      const again = await h.sdk.orders.create({ source_id: 'order-2', status: 'FULFILLED' });
      expect(again).toMatchObject({ id: order.id, status: 'FULFILLED', amount: 3960 });
      const byCustomerId = await h.sdk.orders.update({
        id: order.id,
        customer: { id: ((await h.sdk.customers.create({ source_id: 'c-upd' })) as any).id },
      });
      expect(byCustomerId.customer).toMatchObject({ object: 'customer' });
    });

    it('SDK list: pages, counts, filters by status and customer, oldest first', async () => {
      const list = await h.sdk.orders.list({ limit: 2, page: 1 });
      expect(list).toMatchObject({ object: 'list', data_ref: 'orders', total: 2 });
      expect(list.orders.map((o) => o.source_id)).toEqual(['order-1', 'order-2']);
      const fulfilled = await send(t, 'GET', '/v1/orders?status=FULFILLED');
      expect(fulfilled.body.orders.map((o: any) => o.source_id)).toEqual(['order-2']);
      const first = await h.sdk.orders.get('order-1');
      const mine = await send(t, 'GET', `/v1/orders?customer_id=${(first as any).customer_id}`);
      expect(mine.body).toMatchObject({ total: 1, orders: [{ source_id: 'order-1' }] });
      const newest = await send(t, 'GET', '/v1/orders?order=-created_at&limit=1');
      expect(newest.body.orders[0].source_id).toBe('order-2');
      expect(schemaErrors('orders.json', 'OrdersListResponseBody', list)).toBeNull();
    });

    it('10 parallel creates of one new source_id end in one order, each answered with it', async () => {
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, k) =>
          send(t, 'POST', '/v1/orders', {
            body: {
              source_id: 'order-race',
              customer: { source_id: 'racer' },
              items: [{ product_id: mug.id, quantity: k + 1 }],
            },
          }),
        ),
      );
      expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(new Set(answers.map((a) => a.body.customer_id)).size).toBe(1);
      const stored = await send(t, 'GET', '/v1/orders/order-race');
      expect(answers.map((a) => a.body.amount)).toContain(stored.body.amount);
      expect(
        (await send(t, 'GET', '/v1/orders?limit=100')).body.orders.filter(
          (o: any) => o.source_id === 'order-race',
        ),
      ).toHaveLength(1);
    });

    it('refuses a malformed order with 400 naming the field, an unknown product or order with 404, and writes nothing', async () => {
      const before = await tableContents(t);
      const cases: [unknown, RegExp][] = [
        [{ items: [{ product_id: mug.id, quantity: -1 }] }, /items\.0\.quantity/],
        [{ items: [{ source_id: 'x', price: -5 }] }, /items\.0\.price/],
        [{ amount: -1 }, /amount/],
        [
          { items: [{ source_id: 'x', quantity: 2, price: 500, amount: 900 }] },
          /items\[0\]\.amount is 900, but price 500 × quantity 2 is 1000/,
        ],
        [
          { amount: 5000, items: [{ product_id: mug.id, quantity: 2 }] },
          /^amount is 5000, but the amounts of its items add up to 1980/,
        ],
        [{ items: [{ product_id: mug.id, quantity: 1.5 }] }, /quantity/],
        [{ status: 'SHIPPED' }, /status/],
        [
          {
            items: [
              { product_id: shirt.id, sku_id: shirtRed.id },
              { product_id: mug.id, sku_id: shirtRed.id },
            ],
          },
          /items\[1\]\.sku_id/,
        ],
      ];
      for (const [body, details] of cases)
        expectError(
          await send(t, 'POST', '/v1/orders', {
            body: { customer: { source_id: 'never' }, ...(body as object) },
          }),
          400,
          'invalid_payload',
          details,
        );
      const unknownProduct = await send(t, 'POST', '/v1/orders', {
        body: {
          customer: { source_id: 'never' },
          items: [{ product_id: 'prod_nope' }],
        },
      });
      expectError(unknownProduct, 404, 'not_found');
      expect(unknownProduct.body).toMatchObject({ resource_type: 'product', resource_id: 'prod_nope' });
      expectError(
        await send(t, 'POST', '/v1/orders', { body: { items: [{ sku_id: 'sku_nope' }] } }),
        404,
        'not_found',
        /sku/,
      );
      expectError(
        await send(t, 'POST', '/v1/orders', { body: { id: 'ord_nope' } }),
        404,
        'not_found',
        /order/,
      );
      expectError(
        await send(t, 'PUT', '/v1/orders/ord_nope', { body: { status: 'PAID' } }),
        404,
        'not_found',
        /order/,
      );
      expectError(await send(t, 'GET', '/v1/orders/nope'), 404, 'not_found', /order/);
      expectError(
        await send(t, 'PUT', '/v1/orders/order-2', { body: { source_id: 'order-1' } }),
        409,
        'duplicate_found',
        /order-1/,
      );
      expectError(
        await send(t, 'GET', '/v1/orders?created_at[before]=yesterday'),
        400,
        'invalid_query_params',
      );
      expect(await tableContents(t)).toEqual(before);
    });
  });
}
