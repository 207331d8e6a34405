import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import type { WebhookEvent } from '../../src/receiver.js';
import { describeEvent } from '../../examples/receiver/handler.js';
import { KEYS, type TestApp } from '../helpers/app.js';
import { createWebhook } from '../helpers/factories.js';
import { inProject, projectGet, send } from '../helpers/request.js';

/**
 * Drives one receiver example with real deliveries of a Vouchsafe: a customer.created from a /v1 call, a
 * test send of voucher.published, and a forged and a tampered post, which it must refuse with a 400.
 */
export async function exerciseReceiver(t: TestApp, url: string, got: WebhookEvent[]) {
  await createWebhook(t, { target_url: url, events: ['customer.created'] });
  const res = await send(t, 'POST', '/v1/customers', {
    body: { source_id: 'example-customer', email: 'example@example.com' },
  });
  expect(res.status).toBe(200);
  await t.vs.dispatcher!.drain();
  const list = await projectGet(t, '/webhook-sendouts?type=customer.created');
  expect(list.data[0]).toMatchObject({ status: 'succeeded' });
  expect(got.map(describeEvent)).toEqual([`new customer ${res.body.id} (example@example.com)`]);

  const test = await inProject(t, 'POST', '/webhooks/test', {
    body: { target_url: url, type: 'voucher.published' },
  });
  expect(test.body.status_code).toBe(204);
  expect(describeEvent(got[1]!)).toMatch(/^voucher SAMPLE-\w+ published to cust_sample/);

  const body = JSON.stringify({
    id: 'whs_1',
    type: 'customer.created',
    data: { customer: { id: 'cust_1' } },
  });
  const signature = createHmac('sha256', KEYS.webhookSecret).update(body).digest('hex');
  const tampered = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-voucherify-signature': signature },
    body: body.replace('cust_1', 'cust_2'),
  });
  expect(tampered.status).toBe(400);
  expect(await tampered.text()).toMatch(/does not match/);
  const unsigned = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
  });
  expect(unsigned.status).toBe(400);
  expect(got).toHaveLength(2);
}
