import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { mgmt } from '../helpers/request.js';

describe.each(DIALECTS)('operations surface on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('answers /healthz without keys', async () => {
    const sent = await mgmt(t, 'GET', '/healthz', { key: 'none' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ status: 'ok' });
    expect(sent.headers['x-request-id']).toMatch(/^v-[0-9a-f]{18}$/);
  });

  it('answers /readyz when the database is reachable and migrated', async () => {
    const sent = await mgmt(t, 'GET', '/readyz', { key: 'none' });
    expect(sent.status).toBe(200);
    expect(sent.body).toEqual({ status: 'ready' });
  });

  it('serves the OpenAPI document with the Management routes and their key headers', async () => {
    const sent = await mgmt(t, 'GET', '/openapi.json', { key: 'none' });
    expect(sent.status).toBe(200);
    const doc = sent.body;
    expect(doc.openapi).toMatch(/^3\./);
    const paths = doc.paths;
    expect(Object.keys(paths['/management/v1/projects/{projectId}/webhooks']).sort()).toEqual(
      expect.arrayContaining(['get', 'post']),
    );
    expect(Object.keys(paths['/management/v1/projects/{projectId}/webhooks/{webhookId}'])).toEqual(
      expect.arrayContaining(['get', 'put', 'delete']),
    );
    expect(paths['/management/v1/webhook-events'].get).toBeDefined();
    const create = paths['/management/v1/projects/{projectId}/webhooks'].post;
    const bodySchema = create.requestBody.content['application/json'].schema;
    expect(bodySchema.required).toEqual(['target_url']);
    expect(Object.keys(bodySchema.properties)).toEqual(
      expect.arrayContaining(['target_url', 'events', 'active', 'all_events', 'headers']),
    );
    expect(create.security).toEqual([{ 'X-Management-Id': [], 'X-Management-Token': [] }]);
    expect(Object.keys(doc.components.securitySchemes)).toEqual(
      expect.arrayContaining(['X-Management-Id', 'X-Management-Token', 'X-App-Id', 'X-App-Token']),
    );
    expect(Object.keys(paths).some((p) => p === '/healthz' || p === '/openapi.json')).toBe(false);
  });

  it('serves Swagger UI at /docs', async () => {
    const sent = await mgmt(t, 'GET', '/docs', { key: 'none' });
    expect(sent.status).toBe(200);
    expect(sent.headers['content-type']).toMatch(/text\/html/);
    expect(sent.raw).toMatch(/swagger-ui/i);
  });

  it('answers /readyz with 503 while migrations are missing', async () => {
    await sql`DELETE FROM kysely_migration`.execute(t.vs.ctx.db.kysely);
    const sent = await mgmt(t, 'GET', '/readyz', { key: 'none' });
    expect(sent.status).toBe(503);
    expect(sent.body.status).toMatch(/migrations/);
    expect((await mgmt(t, 'GET', '/healthz', { key: 'none' })).status).toBe(200);
  });
});
