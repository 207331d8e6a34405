import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { send } from '../publications/support.js';

export {
  delivered,
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
