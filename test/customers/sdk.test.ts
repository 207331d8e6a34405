import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import {
  type CustomerObject,
  type CustomersCreateResponse,
  VoucherifyClientSide,
  VoucherifyServerSide,
} from '@voucherify/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';
import { buildCustomer, createClientKey } from '../helpers/factories.js';
import { send } from '../helpers/request.js';
import { eventDataErrors, schemaErrors } from '../helpers/schemas.js';

const ORIGIN = 'https://shop.example';

/** The x-request-id of the SDK's last response, from the request controller it keeps. */
function lastRequestId(sdk: object): string {
  const holder = sdk as { apiLimitsHandler?: { requestController: any }; client?: any };
  const controller = holder.apiLimitsHandler?.requestController ?? holder.client;
  return controller.getLastResponseHeaders()['x-request-id'];
}

/** Narrows the SDK's create/get/update answer to a confirmed customer. */
function confirmedCustomer(x: CustomersCreateResponse): CustomerObject {
  if (x.object !== 'customer') throw new Error(`expected a customer, got ${x.object}`);
  return x;
}

for (const dialect of DIALECTS) {
  describe(`customers through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let receiver: Receiver;
    let apiUrl: string;
    let server: ReturnType<typeof VoucherifyServerSide>;
    let client: ReturnType<typeof VoucherifyClientSide>;
    let clientKey: { client_app_id: string; name: string };

    beforeAll(async () => {
      t = await startTestApp(dialect);
      await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
      apiUrl = `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
      receiver = await new Receiver().start();
      const hook = await send(t, 'POST', `/management/v1/projects/${t.projectId}/webhooks`, {
        key: t.mgmt,
        body: {
          target_url: receiver.url,
          events: ['customer.created', 'customer.deleted', 'customer.confirmed'],
        },
      });
      expect(hook.status).toBe(200);
      server = VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
      const ck = await createClientKey(t, [ORIGIN]);
      clientKey = ck;
      client = VoucherifyClientSide({
        clientApplicationId: ck.client_app_id,
        clientSecretKey: ck.client_token,
        apiUrl,
        origin: ORIGIN,
      });
    });
    afterAll(async () => {
      await receiver.stop();
      await t.close();
    });

    /** Delivers what is queued, then returns the deliveries of `type` for `entityId`, each checked. */
    async function delivered(type: string, entityId: string) {
      await t.vs.dispatcher!.drain();
      const hits = receiver.received.filter((r) => {
        const b = JSON.parse(r.body);
        return b.type === type && b.event.entity_id === entityId;
      });
      for (const r of hits) {
        const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
        expect(r.headers['x-voucherify-signature']).toBe(expected);
        const body = JSON.parse(r.body);
        expect(Object.keys(body)).toEqual([
          'id',
          'project_id',
          'created_at',
          'type',
          'data',
          'source',
          'event',
        ]);
        expect(body.project_id).toBe(t.projectId);
        expect(eventDataErrors(type, body.data)).toBeNull();
      }
      return hits.map((r) => JSON.parse(r.body));
    }

    it('create: returns the SDK customer and delivers a signed customer.created from channel API', async () => {
      const input = buildCustomer({ source_id: 'sdk-1' });
      const c = confirmedCustomer(await server.customers.create(input));
      const requestId = lastRequestId(server);
      expect(requestId).toMatch(/^v-[0-9a-f]{18}$/);
      expect(c.object).toBe('customer');
      expect(c.id).toMatch(/^cust_/);
      expect(c).toMatchObject({
        source_id: 'sdk-1',
        name: input.name,
        email: input.email,
        metadata: input.metadata,
      });
      expect(schemaErrors('customers.json', 'CustomersCreateResponseBody', c)).toBeNull();

      const [ev] = await delivered('customer.created', c.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.event.event_source).toEqual({
        channel: 'API',
        user: null,
        api_key: { name: 'Default', app_id: KEYS.appId },
      });
      expect(ev.data).toEqual(asDelivered('customer.created', { customer: c }));
      expect(Object.keys(ev.data)).toEqual(['customer']);

      // An upsert of the same source_id updates and records nothing.
      const again = confirmedCustomer(await server.customers.create({ source_id: 'sdk-1', name: 'Renamed' }));
      expect(again.id).toBe(c.id);
      expect(await delivered('customer.created', c.id)).toHaveLength(1);
    });

    it('get, update and list return what the SDK types promise', async () => {
      const c = confirmedCustomer(
        await server.customers.create({ source_id: 'sdk-2', email: 'two@shop.example' }),
      );
      const got = confirmedCustomer(await server.customers.get('sdk-2'));
      expect(got.id).toBe(c.id);
      const upd = await server.customers.update({ id: c.id, name: 'Two', address: { city: 'Oslo' } });
      expect(upd).toMatchObject({ id: c.id, name: 'Two', address: { city: 'Oslo' } });
      const bySource = await server.customers.update({ source_id: 'sdk-2', phone: '+47 1234' });
      expect(bySource).toMatchObject({ id: c.id, name: 'Two', phone: '+47 1234' });
      const list = await server.customers.list({ email: 'two@shop.example' });
      expect(list.object).toBe('list');
      expect(list.data_ref).toBe('customers');
      expect(list.total).toBe(1);
      expect(list.customers[0].id).toBe(c.id);
      const seen: string[] = [];
      const scroll = server.customers.scroll({ order: 'created_at' }) as AsyncIterable<CustomerObject>;
      for await (const x of scroll) seen.push(x.id);
      expect(seen).toContain(c.id);
      expect(new Set(seen).size).toBe(seen.length);
    });

    it('delete and deletePermanently deliver customer.deleted with the request id', async () => {
      const a = confirmedCustomer(await server.customers.create({ source_id: 'sdk-del', name: 'Gone' }));
      await server.customers.delete(a.id);
      const delId = lastRequestId(server);
      const [ev] = await delivered('customer.deleted', a.id);
      expect(ev.event.group_id).toBe(delId);
      expect(ev.event.event_source.channel).toBe('API');
      expect(ev.data.customer).toMatchObject({ id: a.id, name: 'Gone', object: 'customer' });
      expect(ev.data.customer.source_id).toMatch(/^sdk-del_deleted\d{4}-/);
      await expect(server.customers.get(a.id)).rejects.toMatchObject({ code: 404, key: 'not_found' });

      const b = confirmedCustomer(await server.customers.create({ source_id: 'sdk-perm' }));
      const receipt = await server.customers.deletePermanently(b.id);
      const permId = lastRequestId(server);
      expect(receipt).toMatchObject({ related_object_id: b.id, related_object: 'customer', status: 'DONE' });
      const [pev] = await delivered('customer.deleted', b.id);
      expect(pev.event.group_id).toBe(permId);
      await expect(server.customers.get('sdk-perm')).rejects.toMatchObject({ code: 404 });
    });

    it('client-side createCustomer delivers customer.created from channel CLIENT_API', async () => {
      const c = (await client.createCustomer({ source_id: 'web-1', email: 'web@shop.example' })) as any;
      const requestId = lastRequestId(client);
      expect(c).toMatchObject({ object: 'customer', source_id: 'web-1' });
      const [ev] = await delivered('customer.created', c.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.event.event_source).toEqual({
        channel: 'CLIENT_API',
        user: null,
        api_key: { name: clientKey.name, app_id: clientKey.client_app_id },
      });
    });

    it('double opt-in: an unconfirmed customer fires nothing until confirmed, then created and confirmed', async () => {
      const before = receiver.received.length;
      const u = (await client.createCustomer(
        { source_id: 'optin-1', email: 'optin@shop.example' },
        true,
      )) as any;
      expect(u.object).toBe('unconfirmed_customer');
      expect(u.id).toMatch(/^ucust_/);
      expect(u).toMatchObject({
        email: 'optin@shop.example',
        summary: expect.any(Object),
        loyalty: expect.any(Object),
      });
      await t.vs.dispatcher!.drain();
      expect(receiver.received.length).toBe(before);
      await expect(server.customers.get('optin-1')).rejects.toMatchObject({ code: 404 });
      expect((await server.customers.get(u.id)).object).toBe('unconfirmed_customer');

      const res = await fetch(`${apiUrl}/v1/customers/unconfirmed/${u.id}/confirm`, {
        method: 'POST',
        headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
      });
      expect(res.status).toBe(200);
      const requestId = res.headers.get('x-request-id');
      const customer = (await res.json()) as any;
      expect(customer).toMatchObject({
        object: 'customer',
        source_id: 'optin-1',
        email: 'optin@shop.example',
      });
      expect(customer.id).toMatch(/^cust_/);

      const [created] = await delivered('customer.created', customer.id);
      const [confirmed] = await delivered('customer.confirmed', customer.id);
      for (const ev of [created, confirmed]) {
        expect(ev.event.group_id).toBe(requestId);
        expect(ev.event.event_source.channel).toBe('API');
      }
      expect(confirmed.data).toEqual({ customer, unconfirmed_customer: { id: u.id } });

      const twice = await fetch(`${apiUrl}/v1/customers/unconfirmed/${u.id}/confirm`, {
        method: 'POST',
        headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
      });
      expect(twice.status).toBe(404);
      expect(((await twice.json()) as any).resource_type).toBe('unconfirmed_customer');
    });

    it('SDK errors carry Voucherify keys', async () => {
      await expect(server.customers.create({ email: 'bad' })).rejects.toMatchObject({
        code: 400,
        key: 'invalid_payload',
      });
      await expect(server.customers.get('cust_nobody')).rejects.toMatchObject({
        code: 404,
        key: 'not_found',
        resource_type: 'customer',
      });
    });
  });
}
