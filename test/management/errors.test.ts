import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildWebhook, createWebhook, listWebhooks } from '../helpers/factories.js';
import { expectError, mgmt, projectPath } from '../helpers/request.js';

const MiB = 1024 * 1024;

describe.each(DIALECTS)('errors on $name', (dialect) => {
  let t: TestApp;
  let hooks: string;
  beforeEach(async () => {
    t = await startTestApp(dialect);
    hooks = `${projectPath(t.projectId)}/webhooks`;
  });
  afterEach(async () => {
    await t.close();
  });

  const raw = (method: 'POST' | 'PUT', url: string, payload: string, contentType = 'application/json') =>
    mgmt(t, method, url, { headers: { 'content-type': contentType }, body: payload });

  it('answers malformed JSON with 400 invalid_payload and writes nothing', async () => {
    const existing = await createWebhook(t);
    for (const payload of ['{"target_url": "https://x.example.com/",', '{bad json}', 'null x', '{"a":1}}']) {
      const sent = await raw('POST', hooks, payload);
      expectError(sent, 400, 'invalid_payload');
    }
    const put = await raw('PUT', `${hooks}/${existing.id}`, '{"events": [');
    expectError(put, 400, 'invalid_payload');
    expect(await listWebhooks(t)).toEqual([existing]);
  });

  it('treats an empty JSON body as no body, as the Voucherify SDK sends one on every request', async () => {
    const existing = await createWebhook(t);
    const json = { 'content-type': 'application/json' };
    const del = await mgmt(t, 'DELETE', `${hooks}/${existing.id}`, { headers: json });
    expect(del.status).toBe(204);
    const regen = await mgmt(t, 'POST', `${projectPath(t.projectId)}/webhook-secret/regenerate`, {
      headers: json,
    });
    expect(regen.status).toBe(200);
    expectError(await raw('POST', hooks, ''), 400, 'invalid_payload', { details: /^body / });
  });

  it('refuses a body that tries to set __proto__', async () => {
    const poisoned =
      '{"__proto__": {"admin": true}, "target_url": "https://x.example.com/", "all_events": true}';
    expectError(await raw('POST', hooks, poisoned), 400, 'invalid_payload');
    expect(await listWebhooks(t)).toEqual([]);
  });

  it('answers a body over 1 MiB with 413 and writes nothing', async () => {
    const big = JSON.stringify(buildWebhook({ headers: { 'X-Pad': 'a'.repeat(MiB) } }));
    expect(big.length).toBeGreaterThan(MiB);
    expectError(await raw('POST', hooks, big), 413, 'payload_too_large');
    expect(await listWebhooks(t)).toEqual([]);
  });

  it('accepts a body just under 1 MiB as far as size goes', async () => {
    const body = JSON.stringify(buildWebhook({ target_url: 'https://x.example.com/' }));
    const padded = body.slice(0, -1) + `,"pad":"${'a'.repeat(MiB - body.length - 20)}"}`;
    expect(padded.length).toBeLessThan(MiB);
    const sent = await raw('POST', hooks, padded);
    expect(sent.status).toBe(200);
  });

  it('refuses a body that is not JSON in the same shape', async () => {
    const text = await raw('POST', hooks, 'target_url=https://x.example.com/', 'text/plain');
    expectError(text, 400, 'invalid_payload', { details: /^body / });
    const form = await raw('POST', hooks, 'target_url=x', 'application/x-www-form-urlencoded');
    expectError(form, 415, 'unsupported_media_type');
    expect(await listWebhooks(t)).toEqual([]);
  });

  it('answers a schema violation with 400 invalid_payload naming the field', async () => {
    const cases: [unknown, RegExp][] = [
      [{ events: ['voucher.created'] }, /target_url/],
      [buildWebhook({ events: [5] }), /^events/],
      [buildWebhook({ active: 'maybe' }), /^active /],
      [buildWebhook({ headers: ['X-A'] }), /^headers/],
      [buildWebhook({ all_events: 'sure' }), /^all_events /],
      // Bodies keep their JSON types: nothing is coerced into what the schema wants.
      [buildWebhook({ target_url: 12345 }), /^target_url /],
      [buildWebhook({ events: 'voucher.created' }), /^events /],
      [buildWebhook({ active: 0 }), /^active /],
      [buildWebhook({ active: null }), /^active /],
      [[1, 2], /body/],
    ];
    for (const [body, details] of cases) {
      const sent = await mgmt(t, 'POST', hooks, { body });
      expectError(sent, 400, 'invalid_payload', { details });
    }
    expect(await listWebhooks(t)).toEqual([]);
  });

  it('answers an unknown id with 404 not_found and resource_type', async () => {
    expectError(await mgmt(t, 'GET', `${hooks}/wh_missing`), 404, 'not_found', {
      resource_type: 'webhook',
      resource_id: 'wh_missing',
      details: 'Cannot find webhook with id wh_missing',
    });
    expectError(await mgmt(t, 'GET', projectPath('proj_missing')), 404, 'not_found', {
      resource_type: 'project',
      resource_id: 'proj_missing',
    });
  });

  it('answers an unknown route with 404 in the same shape, with or without keys', async () => {
    for (const [method, url, auth] of [
      ['GET', '/nothing-here', 'none'],
      ['GET', '/management/v1/nothing-here', 'mgmt'],
      ['POST', '/management/v1/projects/x/y/z', 'mgmt'],
      ['DELETE', '/management/v1/projects', 'mgmt'],
      ['GET', '/v1/nothing-here?limit=1', 'none'],
    ] as const) {
      const sent = await mgmt(t, method, url, { key: auth });
      expectError(sent, 404, 'not_found');
      expect(sent.body.resource_type).toBeUndefined();
      expect(sent.body.details).toContain(url.split('?')[0]);
    }
  });

  it('gives every response its own request id, in the header and in the error body', async () => {
    const ids = new Set<string>();
    const ok = await mgmt(t, 'GET', hooks);
    const bad = await mgmt(t, 'GET', `${hooks}/wh_missing`);
    const anon = await mgmt(t, 'GET', hooks, { key: 'none' });
    for (const s of [ok, bad, anon]) {
      const id = s.headers['x-request-id'] as string;
      expect(id).toMatch(/^v-[0-9a-f]{18}$/);
      ids.add(id);
    }
    expect(ids.size).toBe(3);
    expect(bad.body.request_id).toBe(bad.headers['x-request-id']);
    expect(anon.body.request_id).toBe(anon.headers['x-request-id']);
  });

  it('does not take a request id from the caller', async () => {
    const sent = await mgmt(t, 'GET', hooks, { headers: { 'x-request-id': 'v-000000000000000000' } });
    expect(sent.headers['x-request-id']).toMatch(/^v-[0-9a-f]{18}$/);
    expect(sent.headers['x-request-id']).not.toBe('v-000000000000000000');
  });

  it('masks the message of an unexpected failure and keeps the request id', async () => {
    const cascade = t.vs.ctx.db.profile.name === 'postgres' ? sql` CASCADE` : sql``;
    await sql`DROP TABLE webhooks${cascade}`.execute(t.vs.ctx.db.kysely);
    const sent = await mgmt(t, 'GET', hooks);
    expectError(sent, 500, 'internal_error');
    expect(sent.body.message).toBe('Internal server error');
    expect(JSON.stringify(sent.body)).not.toMatch(/webhooks|relation|table|sql/i);
  });
});
