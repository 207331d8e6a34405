import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createClientKey } from '../helpers/factories.js';
import { operations, servedDocument } from '../helpers/openapi.js';
import { type Method, send } from '../helpers/request.js';

type Route = [Method, string];

/**
 * Routes the battery must find in the document: the ones it once listed by hand, and one of each resource
 * since, so that a document that lost its paths cannot pass the battery by having none.
 */
const REQUIRED: string[] = [
  'POST /v1/customers',
  'GET /v1/customers',
  'GET /v1/customers/{customerId}',
  'PUT /v1/customers/{customerId}',
  'DELETE /v1/customers/{customerId}',
  'POST /v1/customers/{customerId}/permanent-deletion',
  'POST /v1/customers/unconfirmed/{unconfirmedCustomerId}/confirm',
  'POST /v1/campaigns',
  'POST /v1/vouchers',
  'GET /v1/vouchers/{code}',
  'POST /v1/vouchers/{code}/enable',
  'POST /v1/campaigns/{campaignId}/import',
  'GET /v1/async-actions',
  'POST /v1/validation-rules',
  'POST /v1/publications',
  'POST /v1/validations',
  'POST /client/v1/customers',
];

/** Every client-key management route; each must refuse a request without management credentials. */
const MANAGEMENT_ROUTES = (projectId: string): Route[] => [
  ['POST', `/management/v1/projects/${projectId}/client-keys`],
  ['GET', `/management/v1/projects/${projectId}/client-keys`],
  ['DELETE', `/management/v1/projects/${projectId}/client-keys/client_x`],
];

const body = (method: string) => (method === 'POST' || method === 'PUT' ? { body: {} } : {});
/** A concrete URL for a documented path: every parameter an id that names nothing. */
const fill = (path: string) => path.replace(/\{(\w+)\}/g, (_m, name: string) => `${name}_x`);

for (const dialect of DIALECTS) {
  describe(`auth on every route of /openapi.json (${dialect.name})`, () => {
    let t: TestApp;
    let client: { client_app_id: string; client_token: string };
    /** Every /v1 and /client/v1 operation of the served document, as "METHOD /path". */
    let v1: Route[];
    let clientRoutes: Route[];
    beforeAll(async () => {
      t = await startTestApp(dialect);
      client = await createClientKey(t, ['https://shop.example']);
      const ops = operations(await servedDocument(t)).map(([m, p]) => [m as Method, p] as Route);
      v1 = ops.filter(([, p]) => p.startsWith('/v1/'));
      clientRoutes = ops.filter(([, p]) => p.startsWith('/client/v1/'));
    });
    afterAll(async () => {
      await t.close();
    });

    it('finds the /v1 and /client/v1 routes in the served document', () => {
      const listed = [...v1, ...clientRoutes].map(([m, p]) => `${m} ${p}`);
      for (const r of REQUIRED) expect(listed).toContain(r);
    });

    it('/v1 refuses no key, a wrong token, a client key and management keys', async () => {
      const variants: Record<string, Record<string, string>> = {
        none: {},
        'wrong token': { 'x-app-id': t.appKey['x-app-id']!, 'x-app-token': 'wrong-token' },
        'client key': { 'x-app-id': client.client_app_id, 'x-app-token': client.client_token },
        management: t.mgmt,
      };
      const answers: string[] = [];
      const expected: string[] = [];
      for (const [method, path] of v1)
        for (const [name, key] of Object.entries(variants)) {
          const r = await send(t, method, fill(path), { key, ...body(method) });
          answers.push(`${method} ${path} with ${name} → ${r.status} ${r.body?.code} ${r.body?.key}`);
          expected.push(`${method} ${path} with ${name} → 401 401 unauthorized`);
        }
      expect(answers).toEqual(expected);
    });

    it('/client/v1 refuses no key, a wrong token, an application key and a foreign origin', async () => {
      const ok = { 'x-client-application-id': client.client_app_id, 'x-client-token': client.client_token };
      const variants: Record<string, Record<string, string>> = {
        none: { origin: 'https://shop.example' },
        'wrong token': { ...ok, 'x-client-token': 'wrong', origin: 'https://shop.example' },
        'app key': {
          'x-client-application-id': t.appKey['x-app-id']!,
          'x-client-token': t.appKey['x-app-token']!,
          origin: 'https://shop.example',
        },
        'foreign origin': { ...ok, origin: 'https://evil.example' },
        'no origin': ok,
      };
      const answers: string[] = [];
      const expected: string[] = [];
      for (const [method, path] of clientRoutes)
        for (const [name, key] of Object.entries(variants)) {
          const r = await send(t, method, fill(path), { key, ...body(method) });
          answers.push(`${method} ${path} with ${name} → ${r.status}`);
          expected.push(`${method} ${path} with ${name} → 401`);
        }
      expect(answers).toEqual(expected);
    });

    it('client-key management refuses requests without management credentials', async () => {
      for (const [method, url] of MANAGEMENT_ROUTES(t.projectId)) {
        for (const key of [{}, t.appKey]) {
          const r = await send(t, method, url, { key, ...body(method) });
          expect(r.status, `${method} ${url}`).toBe(401);
        }
      }
    });
  });
}
