import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { expectError, send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { listen, type ServerSdk, serverSdk } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`products and SKUs (${dialect.name})`, () => {
    let t: TestApp;
    let sdk: ServerSdk;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      sdk = serverSdk(await listen(t));
    });
    afterAll(async () => {
      await t.close();
    });

    it('SDK: create, get (by id and source_id), update, createSku, getSku, delete', async () => {
      const created = await sdk.products.create({
        source_id: 'shirt-1',
        name: 'Shirt',
        price: 2599,
        attributes: ['color', 'size'],
        metadata: { brand: 'Acme' },
      });
      expect(created).toMatchObject({
        source_id: 'shirt-1',
        name: 'Shirt',
        price: 2599,
        attributes: ['color', 'size'],
        metadata: { brand: 'Acme' },
        image_url: null,
        updated_at: null,
        object: 'product',
      });
      expect(created.id).toMatch(/^prod_/);
      expect(schemaErrors('redemptions.json', 'ProductWithoutSkus', created)).toBeNull();

      const sku = await sdk.products.createSku(created.id, {
        sku: 'Red shirt M',
        source_id: 'shirt-1-red-m',
        price: 2799,
        attributes: { color: 'red', size: 'M' },
      });
      expect(sku).toMatchObject({
        product_id: created.id,
        sku: 'Red shirt M',
        source_id: 'shirt-1-red-m',
        price: 2799,
        attributes: { color: 'red', size: 'M' },
        object: 'sku',
      });
      expect(sku.id).toMatch(/^sku_/);
      expect(schemaErrors('redemptions.json', 'Sku', sku)).toBeNull();
      expect(await sdk.products.getSku(sku.id)).toEqual(sku);
      expect(await sdk.products.getSku('shirt-1-red-m')).toEqual(sku);

      const got = await sdk.products.get('shirt-1');
      expect(got.id).toBe(created.id);
      expect(got.skus).toEqual({ object: 'list', data_ref: 'data', data: [sku], total: 1 });
      expect(schemaErrors('redemptions.json', 'Product', got)).toBeNull();

      const updated = await sdk.products.update({ source_id: 'shirt-1', price: 2999, name: 'Shirt 2' });
      expect(updated).toMatchObject({
        id: created.id,
        price: 2999,
        name: 'Shirt 2',
        attributes: ['color', 'size'],
      });
      expect((updated as { updated_at?: string | null }).updated_at).not.toBeNull();
      expect((await sdk.products.get(created.id)).price).toBe(2999);

      const skuUpdated = await sdk.products.updateSku(created.id, { id: sku.id, sku: 'Red M', price: 2899 });
      expect(skuUpdated).toMatchObject({ id: sku.id, sku: 'Red M', price: 2899, source_id: 'shirt-1-red-m' });
      expect((await sdk.products.listSkus(created.id)).skus).toEqual([skuUpdated]);

      await sdk.products.deleteSku(created.id, sku.id);
      expect((await send(t, 'GET', `/v1/skus/${sku.id}`)).status).toBe(404);
      await sdk.products.delete(created.id);
      const gone = await send(t, 'GET', `/v1/products/${created.id}`);
      expect(gone.status).toBe(404);
      expect(gone.body).toMatchObject({
        key: 'not_found',
        resource_type: 'product',
        resource_id: created.id,
      });
    });

    it('POST /v1/products is an upsert by source_id; the list pages and counts', async () => {
      const a = await send(t, 'POST', '/v1/products', {
        body: { source_id: 'mug', name: 'Mug', price: 900 },
      });
      const b = await send(t, 'POST', '/v1/products', { body: { source_id: 'mug', price: 950 } });
      expect(a.status).toBe(200);
      expect(b.body).toMatchObject({ id: a.body.id, name: 'Mug', price: 950 });
      t.clock.advance(1000);
      await send(t, 'POST', '/v1/products', { body: { name: 'Plate' } });
      const page = await sdk.products.list({ limit: 1, page: 1 });
      expect(page).toMatchObject({ object: 'list', data_ref: 'products', total: 2 });
      expect(page.products).toHaveLength(1);
      const all = await send(t, 'GET', '/v1/products?limit=10&order=created_at');
      expect(all.body.products.map((p: any) => p.name)).toEqual(['Mug', 'Plate']);
      expect(all.body.products[0].skus).toMatchObject({ object: 'list', total: 0, data: [] });
    });

    it('refuses bad input with the field named and writes nothing', async () => {
      const p = await send(t, 'POST', '/v1/products', { body: { source_id: 'lamp', attributes: ['color'] } });
      const other = await send(t, 'POST', '/v1/products', { body: { source_id: 'desk' } });
      await send(t, 'POST', `/v1/products/${p.body.id}/skus`, {
        body: { sku: 'Lamp red', source_id: 'lamp-red' },
      });
      const before = await tableContents(t);
      expectError(
        await send(t, 'POST', '/v1/products', { body: { name: 'x', price: -1 } }),
        400,
        'invalid_payload',
        /price/,
      );
      expectError(
        await send(t, 'POST', '/v1/products', { body: { price: 1.5 } }),
        400,
        'invalid_payload',
        /price/,
      );
      expectError(
        await send(t, 'POST', `/v1/products/${p.body.id}/skus`, {
          body: { sku: 'x', attributes: { weight: '2kg' } },
        }),
        400,
        'invalid_payload',
        /attributes\.weight/,
      );
      expectError(
        await send(t, 'PUT', `/v1/products/${other.body.id}`, { body: { source_id: 'lamp' } }),
        409,
        'duplicate_found',
        /lamp/,
      );
      expectError(
        await send(t, 'POST', `/v1/products/${other.body.id}/skus`, {
          body: { source_id: 'lamp-red', sku: 'y' },
        }),
        409,
        'duplicate_found',
        /belongs to product/,
      );
      expectError(
        await send(t, 'POST', '/v1/products', { body: { id: 'prod_nope' } }),
        404,
        'not_found',
        /prod_nope/,
      );
      expectError(await send(t, 'GET', '/v1/products/nope/skus'), 404, 'not_found', /product/);
      expectError(
        await send(t, 'GET', `/v1/products/${other.body.id}/skus/lamp-red`),
        404,
        'not_found',
        /sku/,
      );
      expectError(await send(t, 'DELETE', '/v1/products/nope'), 404, 'not_found');
      expect(await tableContents(t)).toEqual(before);
    });
  });
}
