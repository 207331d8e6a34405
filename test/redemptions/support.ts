import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { webhookSchemaErrors } from '../helpers/events.js';
import { type ClientHarness, harness } from '../helpers/harness.js';
import { send as kitSend, type Method } from '../helpers/request.js';

export type PubHarness = ClientHarness;

/** The test harness with the client-side SDK: a receiver subscribed to every event, both SDKs. */
export const pubHarness = (t: TestApp): Promise<PubHarness> => harness(t, { client: true });

/** One request with the app keys; `body` as JSON. */
export const send = (t: TestApp, method: Method, url: string, body?: unknown) =>
  kitSend(t, method, url, body === undefined ? {} : { body });

/** The schema in webhooks.json of each event a redemption or rollback records. */
const SCHEMAS: Record<string, string> = {
  'redemption.succeeded': 'EventRedemptionSucceededData',
  'redemption.failed': 'EventRedemptionFailedData',
  'redemption.rollback.succeeded': 'EventRedemptionRollbackSucceededData',
  'redemption.rollback.failed': 'EventRedemptionRollbackFailedData',
  'customer.created': 'EventCustomerCreatedData',
};

/**
 * Delivers what is queued and returns the deliveries of `type` (for `entityId`), each checked: signed with
 * the project's secret, `data` valid against the type's schema in webhooks.json (which has no example of
 * `redemption.rollback.failed`, so the schema is named here).
 */
export async function delivered(h: PubHarness, type: string, entityId?: string): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  const hits = h.receiver.received.filter((r: { body: string }) => {
    const b = JSON.parse(r.body);
    return b.type === type && (entityId === undefined || b.event.entity_id === entityId);
  });
  for (const r of hits as { body: string; headers: Record<string, unknown> }[]) {
    const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
    expect(r.headers['x-voucherify-signature']).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.project_id).toBe(h.t.projectId);
    expect(webhookSchemaErrors(SCHEMAS[type]!, body.data)).toBeNull();
  }
  return hits.map((r: { body: string }) => JSON.parse(r.body));
}

export { settledContents } from '../helpers/harness.js';
export { lastRequestId } from '../helpers/sdk.js';

let seq = 0;
/** A code no other test uses. */
export const code = (tag: string) =>
  `${tag}-${++seq}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/**
 * 100.00 in three lines: A 2 × 25.00, B 1 × 30.00, C 1 × 20.00, named by the merchant's source ids (no
 * catalogue entry, so the lines carry their own prices).
 */
export const ORDER = {
  amount: 10000,
  items: [
    { source_id: 'prod-a', related_object: 'product', quantity: 2, price: 2500 },
    { source_id: 'prod-b', related_object: 'product', quantity: 1, price: 3000 },
    { source_id: 'sku-c', related_object: 'sku', quantity: 1, amount: 2000 },
  ],
};

/** A standalone voucher (DISCOUNT_VOUCHER unless `body` says), created through the API. */
export async function buildVoucher(t: TestApp, body: Record<string, unknown>): Promise<any> {
  const r = await send(t, 'POST', '/v1/vouchers', { code: code('V'), type: 'DISCOUNT_VOUCHER', ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** A standalone gift card holding `amount` credits. */
export const buildGiftCard = (t: TestApp, amount: number, body: Record<string, unknown> = {}) =>
  buildVoucher(t, { type: 'GIFT_VOUCHER', gift: { amount }, ...body });

/** The voucher as the API shows it now. */
export async function voucherNow(t: TestApp, c: string): Promise<any> {
  const r = await send(t, 'GET', `/v1/vouchers/${encodeURIComponent(c)}`);
  expect(r.status).toBe(200);
  return r.body;
}

/**
 * The deliveries caused by one request (`group_id`), signatures verified; the redemption events among them
 * are checked by `delivered`.
 */
export async function deliveredFor(h: PubHarness, requestId: string): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return h.receiver.bodies().filter((b: any) => b.event.group_id === requestId);
}
