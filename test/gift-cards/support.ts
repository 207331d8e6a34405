import { createHmac } from 'node:crypto';
import { expect } from 'vitest';
import { buildCampaign } from '../campaigns/support.js';
import { KEYS, type TestApp } from '../helpers/app.js';
import { validateData, webhookSchemaErrors } from '../helpers/events.js';
import type { PubHarness } from '../publications/support.js';

/**
 * The documented `data` of a gift-card event. `voucher.gift.balance_added` publishes its example under
 * another type's name (EVENTS.md, event 50), so its schema is named here.
 */
export function giftEventErrors(type: string, data: unknown): unknown[] | null {
  return type === 'voucher.gift.balance_added'
    ? webhookSchemaErrors('EventVoucherGiftBalanceAddedData', data)
    : validateData(type, data);
}

/** Delivers what is queued and returns the signed, schema-checked deliveries of `type` for `entityId`. */
export async function deliveredGift(h: PubHarness, type: string, entityId: string): Promise<any[]> {
  await h.t.vs.dispatcher!.drain();
  const hits = h.receiver.received.filter((r) => {
    const b = JSON.parse(r.body);
    return b.type === type && b.event.entity_id === entityId;
  });
  for (const r of hits) {
    const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
    expect(r.headers['x-voucherify-signature']).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.project_id).toBe(h.t.projectId);
    expect(giftEventErrors(type, body.data)).toBeNull();
  }
  return hits.map((r) => JSON.parse(r.body));
}

async function call(t: TestApp, method: 'POST', url: string, body: unknown) {
  const res = await t.vs.app.inject({ method, url, headers: t.appKey, payload: body as object });
  if (res.statusCode !== 200) throw new Error(`${url}: ${res.body}`);
  return res.json();
}

/** A gift card of `amount` cents with the given code, in a new GIFT_VOUCHERS campaign. */
export async function giftCard(t: TestApp, code: string, amount: number) {
  const campaign = await call(
    t,
    'POST',
    '/v1/campaigns',
    buildCampaign('GIFT_VOUCHERS', {
      start_date: null,
      expiration_date: null,
      validity_day_of_week: null,
      voucher: { type: 'GIFT_VOUCHER', gift: { amount, effect: 'APPLY_TO_ORDER' } },
    }),
  );
  return call(t, 'POST', `/v1/campaigns/${campaign.id}/vouchers/${encodeURIComponent(code)}`, {});
}
