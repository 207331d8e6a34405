import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { webhookSchemaErrors } from '../helpers/events.js';
import { type PubHarness, send } from '../publications/support.js';

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
  const hits = h.receiver.received.filter((r) => {
    const b = JSON.parse(r.body);
    return b.type === type && (entityId === undefined || b.event.entity_id === entityId);
  });
  for (const r of hits) {
    const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
    expect(r.headers['x-voucherify-signature']).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.project_id).toBe(h.t.projectId);
    expect(webhookSchemaErrors(SCHEMAS[type]!, body.data)).toBeNull();
  }
  return hits.map((r) => JSON.parse(r.body));
}

export {
  deliveredFor,
  lastRequestId,
  type PubHarness,
  pubHarness,
  send,
  settledContents,
} from '../publications/support.js';

let seq = 0;
/** A code no other test uses. */
export const code = (tag: string) =>
  `${tag}-${++seq}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/** 100.00 in three lines: A 2 × 25.00, B 1 × 30.00, C 1 × 20.00. */
export const ORDER = {
  amount: 10000,
  items: [
    { product_id: 'prod_a', quantity: 2, price: 2500 },
    { product_id: 'prod_b', quantity: 1, price: 3000 },
    { sku_id: 'sku_c', quantity: 1, amount: 2000 },
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
