import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';

describe.each(DIALECTS)('/v1 and /client/v1 authenticate before reading the body, on $name', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it.each([
    ['POST', '/v1/customers'],
    ['POST', '/v1/campaigns'],
    ['POST', '/v1/vouchers'],
    ['POST', '/client/v1/customers'],
  ] as const)('%s %s without keys and with a bad body answers 401', async (method, url) => {
    const res = await t.vs.app.inject({
      method,
      url,
      headers: { 'content-type': 'application/json' },
      payload: '{"email": 5',
    });
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 401, key: 'unauthorized' });
  });

  it('a valid key with a bad body gets the 400', async () => {
    const res = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: { ...t.appKey, 'content-type': 'application/json' },
      payload: { email: 5 },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ key: 'invalid_payload' });
  });
});
