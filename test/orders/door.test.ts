import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveOrderInput, saveOrder } from '../../src/orders/index.js';
import { transact } from '../../src/platform/db/transaction.js';
import type { Caller } from '../../src/projects/index.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { send } from '../helpers/request.js';

/** What redemptions do with a request's order inside their own transaction: resolve it, then save it. */
for (const dialect of DIALECTS) {
  describe(`the orders door inside a caller's transaction (${dialect.name})`, () => {
    let t: TestApp;
    let caller: Caller;
    let productId: string;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      caller = {
        projectId: t.projectId,
        requestId: 'v-0123456789abcdef01',
        source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: KEYS.appId } },
      };
      productId = (await send(t, 'POST', '/v1/products', { body: { source_id: 'book', price: 1500 } })).body
        .id;
    });
    afterAll(async () => {
      await t.close();
    });

    it('stores the discount it is given, the status, a redemption entry and a customer created in the same transaction', async () => {
      const row = await transact(t.vs.ctx, async (tx) => {
        const order = await resolveOrderInput(
          tx.db,
          t.projectId,
          { source_id: 'door-1', items: [{ source_id: 'book', quantity: 3 }] },
          'order.',
        );
        expect(order).toMatchObject({
          amount: 4500,
          items: [{ product_id: productId, price: 1500, amount: 4500 }],
        });
        return saveOrder(tx, caller, order, {
          customer: { source_id: 'door-buyer' },
          status: 'PAID',
          discount: {
            discount_amount: 500,
            items_discount_amount: 0,
            total_discount_amount: 500,
            total_amount: 4000,
            applied_discount_amount: 500,
            items_applied_discount_amount: 0,
            total_applied_discount_amount: 500,
          },
          redemption: {
            id: 'r_1',
            entry: { date: '2026-01-01T00:00:00.000Z', related_object_type: 'voucher' },
          },
        });
      });
      const got = await send(t, 'GET', `/v1/orders/${row.id}`);
      expect(got.body).toMatchObject({
        source_id: 'door-1',
        status: 'PAID',
        amount: 4500,
        initial_amount: 4500,
        discount_amount: 500,
        total_amount: 4000,
        redemptions: { r_1: { related_object_type: 'voucher' } },
      });
      const customer = await send(t, 'GET', '/v1/customers/door-buyer');
      expect(got.body.customer_id).toBe(customer.body.id);

      // A second save by source_id (a rollback) changes only what it gives.
      await transact(t.vs.ctx, (tx) =>
        saveOrder(tx, caller, { source_id: 'door-1' }, { status: 'CANCELED' }),
      );
      expect((await send(t, 'GET', '/v1/orders/door-1')).body).toMatchObject({
        id: row.id,
        status: 'CANCELED',
        total_amount: 4000,
        customer_id: customer.body.id,
      });
    });

    it('a refusal later in the transaction leaves no order and no customer', async () => {
      const before = await tableContents(t);
      await expect(
        transact(t.vs.ctx, async (tx) => {
          const order = await resolveOrderInput(
            tx.db,
            t.projectId,
            { source_id: 'door-2', amount: 100 },
            'order.',
          );
          await saveOrder(tx, caller, order, { customer: { source_id: 'door-buyer-2' } });
          throw new Error('refused later');
        }),
      ).rejects.toThrow('refused later');
      expect(await tableContents(t)).toEqual(before);
      await expect(
        resolveOrderInput(t.vs.ctx.db.kysely, t.projectId, { amount: 1, items: [{ price: 2 }] }, 'order.'),
      ).rejects.toMatchObject({
        status: 400,
        key: 'invalid_payload',
        details: expect.stringMatching(/^order\.amount/),
      });
    });
  });
}
