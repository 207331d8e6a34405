import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts, tableContents } from '../helpers/db.js';
import { expectError, send } from '../helpers/request.js';

/** Prototype pollution attempts are refused wherever they come, even on routes that take no body. */
describe.each(DIALECTS)('prototype keys on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses constructor.prototype and __proto__ in bodies, and changes nothing', async () => {
    const before = await tableContents(t);
    const regenerate = `/management/v1/projects/${t.projectId}/webhook-secret/regenerate`;
    for (const body of ['{"constructor":{"prototype":{"polluted":true}}}', '{"__proto__":{"polluted":true}}'])
      expectError(await send(t, 'POST', regenerate, { body, headers: t.mgmt }), 400, 'invalid_payload');
    const customer = `{"source_id":"p","metadata":{"constructor":{"prototype":{"isAdmin":true}}}}`;
    expectError(await send(t, 'POST', '/v1/customers', { body: customer }), 400, 'invalid_payload');
    expect(await tableContents(t)).toEqual(before);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses a __proto__ name in a query string', async () => {
    const before = await rowCounts(t);
    expectError(await send(t, 'GET', '/v1/customers?__proto__=x'), 400, 'invalid_query_params', /__proto__/);
    expectError(
      await send(t, 'DELETE', '/v1/campaigns/none?__proto__=1'),
      400,
      'invalid_query_params',
      /__proto__/,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('still accepts a plain "constructor" key, which is only a name', async () => {
    const sent = await send(t, 'POST', '/v1/customers', {
      body: '{"source_id":"ctor","metadata":{"constructor":"Acme"}}',
    });
    expect(sent.status, sent.raw).toBe(200);
    expect(sent.body.metadata).toEqual({ constructor: 'Acme' });
  });
});
