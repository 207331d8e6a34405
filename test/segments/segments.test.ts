import type { AddressInfo } from 'node:net';
import { VoucherifyServerSide } from '@voucherify/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { segmentIdsOfCustomer } from '../../src/segments/index.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

for (const dialect of DIALECTS) {
  describe(`static segments through @voucherify/sdk (${dialect.name})`, () => {
    let t: TestApp;
    let sdk: ReturnType<typeof VoucherifyServerSide>;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
      const apiUrl = `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
      sdk = VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
    });
    afterAll(() => t.close());

    it('create with customers by id or source_id, get, list a customer’s segments, delete', async () => {
      const ann: any = await sdk.customers.create({ source_id: 'seg-ann' });
      const bob: any = await sdk.customers.create({ source_id: 'seg-bob' });
      const vip = await sdk.segments.create({ name: 'VIP', type: 'static', customers: [ann.id, 'seg-bob'] });
      expect(vip).toEqual({
        id: expect.stringMatching(/^seg_/),
        name: 'VIP',
        created_at: expect.any(String),
        metadata: {},
        filter: null,
        type: 'static',
        object: 'segment',
      });
      t.clock.advance(1000);
      const solo = await sdk.segments.create({ name: 'Solo', type: 'static', customers: ['seg-ann'] });
      expect(await sdk.segments.get(vip.id)).toEqual(vip);

      const annSegments = await sdk.segments.list('seg-ann');
      expect(annSegments).toEqual({
        object: 'list',
        data_ref: 'data',
        data: [
          { id: vip.id, name: 'VIP', object: 'segment' },
          { id: solo.id, name: 'Solo', object: 'segment' },
        ],
        total: 2,
      });
      expect((await sdk.segments.list(bob.id)).data.map((s) => s.id)).toEqual([vip.id]);
      expect(await segmentIdsOfCustomer(t.vs.ctx.db.kysely, t.projectId, ann.id)).toEqual([vip.id, solo.id]);

      await sdk.segments.delete(vip.id);
      await expect(sdk.segments.get(vip.id)).rejects.toMatchObject({
        code: 404,
        key: 'not_found',
        resource_type: 'segment',
      });
      await expect(sdk.segments.delete(vip.id)).rejects.toMatchObject({ code: 404 });
      expect(await segmentIdsOfCustomer(t.vs.ctx.db.kysely, t.projectId, ann.id)).toEqual([solo.id]);
      // A customer Vouchsafe does not know belongs to no segment.
      expect(await sdk.segments.list('nobody')).toMatchObject({ data: [], total: 0 });
    });

    it('an unknown customer is 404 and nothing is created; auto-update segments are refused', async () => {
      const ann: any = await sdk.customers.create({ source_id: 'seg-ann-2' });
      const r = await send(t, 'POST', '/v1/segments', {
        body: {
          name: 'X',
          type: 'static',
          customers: [ann.id, 'ghost'],
        },
      });
      expect(r.status).toBe(404);
      expect(r.body).toMatchObject({ key: 'not_found', resource_type: 'customer', resource_id: 'ghost' });
      expect((await sdk.segments.list(ann.id)).total).toBe(0);
      const twice = await send(t, 'POST', '/v1/segments', {
        body: {
          name: 'X',
          type: 'static',
          customers: [ann.id, 'seg-ann-2'],
        },
      });
      expect(twice.body).toMatchObject({ code: 400, details: 'customers lists seg-ann-2 more than once' });
      const auto = await send(t, 'POST', '/v1/segments', {
        body: {
          name: 'Y',
          type: 'auto-update',
          filter: { junction: 'AND' },
        },
      });
      expect(auto.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      expect((await sdk.segments.list(ann.id)).total).toBe(0);
    });

    it('a permanently deleted customer leaves its segments', async () => {
      const c: any = await sdk.customers.create({ source_id: 'seg-gone' });
      const s = await sdk.segments.create({ name: 'Gone', type: 'static', customers: [c.id] });
      await sdk.customers.deletePermanently(c.id);
      expect(await segmentIdsOfCustomer(t.vs.ctx.db.kysely, t.projectId, c.id)).toEqual([]);
      expect(await sdk.segments.get(s.id)).toMatchObject({ id: s.id });
    });
  });
}
