import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { expectError, send } from '../helpers/request.js';

/**
 * PostgreSQL cannot store U+0000 in text or jsonb, and no database can store half a surrogate pair as
 * UTF-8. Such strings are refused before any handler runs, with the same answer on both databases.
 */
describe.each(DIALECTS)('NUL bytes and lone surrogates on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses a NUL in a body field with 400 invalid_payload naming the field, writing nothing', async () => {
    const before = await rowCounts(t);
    expectError(
      await send(t, 'POST', '/v1/customers', { body: '{"source_id":"a\\u0000b"}' }),
      400,
      'invalid_payload',
      /^source_id .*NUL/,
    );
    expectError(
      await send(t, 'POST', '/v1/customers', { body: { source_id: 'ok', address: { city: 'x\u0000' } } }),
      400,
      'invalid_payload',
      /^address\.city /,
    );
    expectError(
      await send(t, 'POST', '/v1/customers', { body: { source_id: 'ok', metadata: { 'k\u0000': 1 } } }),
      400,
      'invalid_payload',
      /^metadata /,
    );
    expectError(
      await send(t, 'POST', '/v1/campaigns', { body: { name: 'Spring\u0000', campaign_type: 'PROMOTION' } }),
      400,
      'invalid_payload',
      /^name /,
    );
    expectError(
      await send(t, 'POST', '/v1/vouchers', { body: { code: 'A\u0000B', type: 'DISCOUNT_VOUCHER' } }),
      400,
      'invalid_payload',
      /^code /,
    );
    const hooks = `/management/v1/projects/${t.projectId}/webhooks`;
    const hook = { target_url: 'https://x.example.com/', events: ['customer.created'] };
    expectError(
      await send(t, 'POST', hooks, { headers: t.mgmt, body: { ...hook, headers: { 'X-A': 'b\u0000' } } }),
      400,
      'invalid_payload',
      /^headers\.X-A /,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses a NUL in a path parameter with 400 invalid_payload naming it', async () => {
    const before = await rowCounts(t);
    expectError(await send(t, 'GET', '/v1/customers/%00'), 400, 'invalid_payload', /^customerId /);
    expectError(await send(t, 'DELETE', '/v1/customers/a%00b'), 400, 'invalid_payload', /^customerId /);
    expectError(await send(t, 'GET', '/v1/vouchers/%00'), 400, 'invalid_payload', /^code /);
    expectError(
      await send(t, 'PUT', '/v1/campaigns/x%00', { body: { description: 'd' } }),
      400,
      'invalid_payload',
      /^campaignId /,
    );
    expectError(
      await send(t, 'GET', `/management/v1/projects/${t.projectId}/webhooks/wh%00`, { headers: t.mgmt }),
      400,
      'invalid_payload',
      /^webhookId /,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses a NUL in a query string with 400 naming the parameter, as other query faults', async () => {
    expectError(await send(t, 'GET', '/v1/customers?email=a%00b'), 400, 'invalid_query_params', /^email /);
    expectError(await send(t, 'GET', '/v1/vouchers?code=%00'), 400, 'invalid_query_params', /^code /);
    expectError(await send(t, 'GET', '/v1/campaigns?x%00=1'), 400, 'invalid_query_params', /NUL/);
    const before = await rowCounts(t);
    expectError(
      await send(t, 'DELETE', '/v1/campaigns/none?force=%00'),
      400,
      'invalid_query_params',
      /^force /,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('refuses half a surrogate pair, which no database can store as UTF-8', async () => {
    const before = await rowCounts(t);
    expectError(
      await send(t, 'POST', '/v1/customers', { body: '{"source_id":"a\\ud800b"}' }),
      400,
      'invalid_payload',
      /^source_id .*surrogate/,
    );
    expectError(
      await send(t, 'POST', '/v1/customers', { body: '{"source_id":"s","metadata":{"\\udfff":1}}' }),
      400,
      'invalid_payload',
      /^metadata /,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('still stores other control characters and whole surrogate pairs as sent', async () => {
    const name = 'tab\there\u0001 \u{1F600}';
    const created = await send(t, 'POST', '/v1/customers', { body: { source_id: 'ctl-1', name } });
    expect(created.status).toBe(200);
    const read = await send(t, 'GET', '/v1/customers/ctl-1');
    expect(read.body.name).toBe(name);
  });
});
