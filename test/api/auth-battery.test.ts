import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createClientKey, send } from '../customers/support.js';

type Route = ['GET' | 'POST' | 'PUT' | 'DELETE', string];

/** Every /v1 route; each must refuse a request without a valid application key. */
const V1_ROUTES: Route[] = [
  ['POST', '/v1/customers'],
  ['GET', '/v1/customers'],
  ['GET', '/v1/customers/cust_x'],
  ['PUT', '/v1/customers/cust_x'],
  ['DELETE', '/v1/customers/cust_x'],
  ['POST', '/v1/customers/cust_x/permanent-deletion'],
  ['POST', '/v1/customers/unconfirmed/ucust_x/confirm'],
];

/** Every /client/v1 route; each must refuse a missing key, a wrong token and a foreign origin. */
const CLIENT_ROUTES: Route[] = [['POST', '/client/v1/customers']];

/** Every client-key management route; each must refuse a request without management credentials. */
const MANAGEMENT_ROUTES = (projectId: string): Route[] => [
  ['POST', `/management/v1/projects/${projectId}/client-keys`],
  ['GET', `/management/v1/projects/${projectId}/client-keys`],
  ['DELETE', `/management/v1/projects/${projectId}/client-keys/client_x`],
];

const body = (method: string) => (method === 'POST' || method === 'PUT' ? { body: {} } : {});

for (const dialect of DIALECTS) {
  describe(`auth on every route (${dialect.name})`, () => {
    let t: TestApp;
    let client: { client_app_id: string; client_token: string };
    beforeAll(async () => {
      t = await startTestApp(dialect);
      client = await createClientKey(t, ['https://shop.example']);
    });
    afterAll(async () => {
      await t.close();
    });

    it('/v1 refuses no key, a wrong token, a client key and management keys', async () => {
      const variants: Record<string, Record<string, string>> = {
        none: {},
        'wrong token': { 'x-app-id': t.appKey['x-app-id'], 'x-app-token': 'wrong-token' },
        'client key': { 'x-app-id': client.client_app_id, 'x-app-token': client.client_token },
        management: t.mgmt,
      };
      for (const [method, url] of V1_ROUTES)
        for (const [name, headers] of Object.entries(variants)) {
          const r = await send(t, method, url, { headers, ...body(method) });
          expect(r.status, `${method} ${url} with ${name}`).toBe(401);
          expect(r.body).toMatchObject({ code: 401, key: 'unauthorized' });
        }
    });

    it('/client/v1 refuses no key, a wrong token, an application key and a foreign origin', async () => {
      const ok = { 'x-client-application-id': client.client_app_id, 'x-client-token': client.client_token };
      const variants: Record<string, Record<string, string>> = {
        none: { origin: 'https://shop.example' },
        'wrong token': { ...ok, 'x-client-token': 'wrong', origin: 'https://shop.example' },
        'app key': {
          'x-client-application-id': t.appKey['x-app-id'],
          'x-client-token': t.appKey['x-app-token'],
          origin: 'https://shop.example',
        },
        'foreign origin': { ...ok, origin: 'https://evil.example' },
        'no origin': ok,
      };
      for (const [method, url] of CLIENT_ROUTES)
        for (const [name, headers] of Object.entries(variants)) {
          const r = await send(t, method, url, { headers, ...body(method) });
          expect(r.status, `${method} ${url} with ${name}`).toBe(401);
        }
    });

    it('client-key management refuses requests without management credentials', async () => {
      for (const [method, url] of MANAGEMENT_ROUTES(t.projectId)) {
        for (const headers of [{}, t.appKey]) {
          const r = await send(t, method, url, { headers, ...body(method) });
          expect(r.status, `${method} ${url}`).toBe(401);
        }
      }
    });
  });
}
