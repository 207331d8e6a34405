import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PATH_PARAM_MAX_CHARS } from '../../src/platform/schemas.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { expectError, isVoucherifyError, send } from '../helpers/request.js';

const enc = encodeURIComponent;
const discount = { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } };

/** A raw HTTP/1.1 exchange over a socket, so that Node's own parser limits apply (inject() has none). */
function rawExchange(
  port: number,
  request: string,
): Promise<{ status: number; headers: string; body: string }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = '';
    socket.on('data', (d) => (data += d.toString('utf8')));
    socket.on('error', () => {}); // the server closes the connection after a client error
    socket.on('close', () => {
      const [head = '', body = ''] = data.split('\r\n\r\n');
      const status = Number(head.split(' ')[1]);
      if (!status) reject(new Error(`no answer: ${data}`));
      else resolve({ status, headers: head, body });
    });
    socket.write(request);
  });
}

describe.each(DIALECTS)('path parameter limits on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => {
    await t.close();
  });

  it('reads, updates and deletes by path a voucher of every code length that can be stored', async () => {
    const codes = ['C'.repeat(120), 'D'.repeat(300), 'é'.repeat(300), '\u{1F600}'.repeat(300), 'a/b?c#d%e f'];
    for (const code of codes) {
      const created = await send(t, 'POST', `/v1/vouchers/${enc(code)}`, { body: discount });
      expect(created.status, created.raw.slice(0, 300)).toBe(200);
      expect(created.body.code).toBe(code);
      const read = await send(t, 'GET', `/v1/vouchers/${enc(code)}`);
      expect(read.status, read.raw.slice(0, 300)).toBe(200);
      expect(read.body.code).toBe(code);
      const put = await send(t, 'PUT', `/v1/vouchers/${enc(code)}`, { body: { category: 'Long' } });
      expect(put.status, put.raw.slice(0, 300)).toBe(200);
      expect((await send(t, 'POST', `/v1/vouchers/${enc(code)}/disable`)).status).toBe(200);
      const del = await send(t, 'DELETE', `/v1/vouchers/${enc(code)}?force=true`);
      expect(del.status, del.raw.slice(0, 300)).toBeLessThan(300);
      expect((await send(t, 'GET', `/v1/vouchers/${enc(code)}`)).status).toBe(404);
    }
  });

  it('reads, updates and deletes a customer by the longest source_id and a campaign by the longest name', async () => {
    const sourceId = '\u{1F600}'.repeat(500);
    expect((await send(t, 'POST', '/v1/customers', { body: { source_id: sourceId } })).status).toBe(200);
    const path = `/v1/customers/${enc(sourceId)}`;
    expect((await send(t, 'GET', path)).body.source_id).toBe(sourceId);
    expect((await send(t, 'PUT', path, { body: { name: 'Long' } })).body.name).toBe('Long');
    expect((await send(t, 'DELETE', path)).status).toBe(204);
    expect((await send(t, 'GET', path)).status).toBe(404);

    const name = 'ü'.repeat(500);
    const campaign = await send(t, 'POST', '/v1/campaigns', {
      body: { name, campaign_type: 'DISCOUNT_COUPONS', voucher: discount },
    });
    expect(campaign.status, campaign.raw.slice(0, 300)).toBe(200);
    const byName = `/v1/campaigns/${enc(name)}`;
    expect((await send(t, 'GET', byName)).body.id).toBe(campaign.body.id);
    expect((await send(t, 'PUT', byName, { body: { description: 'Long' } })).status).toBe(200);
    const code = '\u{1F600}'.repeat(300);
    const added = await send(t, 'POST', `${byName}/vouchers/${enc(code)}`, { body: {} });
    expect(added.status, added.raw.slice(0, 300)).toBe(200);
    expect((await send(t, 'GET', `/v1/vouchers/${enc(code)}`)).body.campaign).toBe(name);
    expect((await send(t, 'DELETE', `${byName}?force=true`)).status).toBe(202);
  });

  it('gives every path parameter that names stored data a limit that the router accepts', async () => {
    const doc = (await send(t, 'GET', '/openapi.json')).body;
    const limits = new Map<string, number>();
    for (const ops of Object.values<any>(doc.paths))
      for (const op of Object.values<any>(ops))
        for (const p of op.parameters ?? [])
          if (p.in === 'path' && p.schema.maxLength !== undefined) limits.set(p.name, p.schema.maxLength);
    expect(Object.fromEntries(limits)).toEqual({
      customerId: 600,
      campaignId: 600,
      code: 300,
      validationRuleId: 600,
      assignmentId: 600,
      segmentId: 600,
      productId: 600,
      skuId: 600,
      orderId: 600,
      // An event type of the catalog (GET /management/v1/webhook-events/{type}).
      type: 100,
      redemptionId: 600,
      parentRedemptionId: 600,
      earningRuleId: 600,
      memberId: 600,
      pendingPointsId: 600,
      tierId: 600,
      promotionTierId: 600,
      stackId: 600,
      rewardId: 600,
      referralTierId: 600,
    });
    for (const max of limits.values()) expect(max).toBeLessThanOrEqual(PATH_PARAM_MAX_CHARS);
    // The longest parameter, four UTF-8 bytes per character, percent-encoded, still reaches the route.
    const longest = '\u{1F600}'.repeat(PATH_PARAM_MAX_CHARS);
    expectError(await send(t, 'GET', `/v1/customers/${enc(longest)}`), 404, 'not_found');
  });

  it('answers a path parameter longer than anything stored with 414 in the same error shape', async () => {
    const before = await rowCounts(t);
    const tooLong = 'x'.repeat(PATH_PARAM_MAX_CHARS * 12 + 1);
    const sent = await send(t, 'GET', `/v1/vouchers/${tooLong}`);
    expectError(sent, 414, 'uri_too_long', /path parameter/);
    expect(sent.raw).not.toContain('FST_ERR');
    expectError(await send(t, 'PUT', `/v1/customers/${tooLong}`, { body: {} }), 414, 'uri_too_long');
    expect(await rowCounts(t)).toEqual(before);
  });

  it('answers malformed percent-encoding with 400 in the same error shape', async () => {
    for (const url of ['/v1/customers/%E0%A4%A', '/v1/vouchers/%ZZ', '/v1/campaigns/%ED%A0%80']) {
      const sent = await send(t, 'GET', url);
      expectError(sent, 400, 'invalid_url', /percent-encoding/);
      expect(sent.raw).not.toContain('FST_ERR');
    }
  });

  it('answers oversized headers and request lines on a real socket with 431 in the same error shape', async () => {
    await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = t.vs.app.server.address() as AddressInfo;
    const head = (path: string, extra = '') =>
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-App-Id: ${t.appKey['x-app-id']}\r\n${extra}\r\n`;
    for (const request of [
      head('/v1/customers', `X-Pad: ${'p'.repeat(20_000)}\r\n`),
      head(`/v1/customers/${'x'.repeat(20_000)}`),
    ]) {
      const answer = await rawExchange(port, request);
      expect(answer.status, answer.body).toBe(431);
      expect(answer.headers).toMatch(/content-type: application\/json/i);
      const requestId = /x-request-id: (\S+)/i.exec(answer.headers)?.[1];
      const body = JSON.parse(answer.body);
      expect(isVoucherifyError({ status: 431, body, headers: { 'x-request-id': requestId } })).toBe(true);
      expect(body.key).toBe('request_header_fields_too_large');
    }
    const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toMatchObject({ code: 400, key: 'bad_request' });
  });
});
