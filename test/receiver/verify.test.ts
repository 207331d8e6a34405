import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderReceiverTypes } from '../../scripts/gen-receiver-types.js';
import {
  inspectWebhookSignatures,
  verifyWebhook,
  type WebhookEvent,
  WebhookVerificationError,
} from '../../src/receiver.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createWebhook } from '../helpers/factories.js';
import { type Received, Receiver } from '../helpers/receiver.js';

const GENERATED = new URL('../../src/receiver/events.generated.ts', import.meta.url);

/** What a typed receiver does with an envelope: `type` narrows `data`, which this must compile to reach. */
function describeEvent(e: WebhookEvent): string {
  switch (e.type) {
    case 'customer.created':
      return `customer ${e.data.customer.id} ${e.data.customer.email ?? ''}`;
    case 'voucher.created':
      return `voucher ${e.data.voucher.code}`;
    default:
      return e.type;
  }
}

describe('the generated receiver types', () => {
  it('are what the script makes from the served schemas', () => {
    expect(readFileSync(GENERATED, 'utf8')).toBe(renderReceiverTypes());
  });
});

describe.each(DIALECTS)('verifyWebhook on a real delivery ($name)', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  let delivery: Received;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    receiver = await new Receiver().start();
    await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const res = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: t.appKey,
      payload: { source_id: 'kit-customer', email: 'kit@example.com' },
    });
    expect(res.statusCode).toBe(200);
    await t.vs.dispatcher!.drain();
    delivery = receiver.received[0]!;
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('accepts it, with both signatures checked, and returns the typed envelope', () => {
    const report = inspectWebhookSignatures(delivery.body, delivery.headers, KEYS.webhookSecret);
    expect(report).toMatchObject({ voucherify: 'ok', standard: 'ok', ok: true, reason: null });
    const env = verifyWebhook(delivery.body, delivery.headers, KEYS.webhookSecret);
    expect(env.type).toBe('customer.created');
    expect(describeEvent(env)).toMatch(/^customer cust_\w+ kit@example.com$/);
    // A Buffer body and a fetch-style Headers object work as well.
    const h = new Headers();
    for (const [k, v] of Object.entries(delivery.headers)) if (typeof v === 'string') h.set(k, v);
    expect(verifyWebhook(Buffer.from(delivery.body), h, KEYS.webhookSecret).id).toBe(env.id);
  });

  it('rejects a tampered body', () => {
    const tampered = delivery.body.replace('kit@example.com', 'kit@example.org');
    expect(() => verifyWebhook(tampered, delivery.headers, KEYS.webhookSecret)).toThrow(
      /x-voucherify-signature does not match/,
    );
    const { 'x-voucherify-signature': _v, ...standardOnly } = delivery.headers;
    expect(() => verifyWebhook(tampered, standardOnly, KEYS.webhookSecret)).toThrow(
      /webhook-signature does not match/,
    );
  });

  it('rejects a wrong secret', () => {
    const wrong = 'whsec_' + Buffer.alloc(32, 8).toString('base64');
    expect(() => verifyWebhook(delivery.body, delivery.headers, wrong)).toThrow(WebhookVerificationError);
    // The previous secret during a rotation: a list is accepted when one of them matches.
    expect(verifyWebhook(delivery.body, delivery.headers, [wrong, KEYS.webhookSecret]).type).toBe(
      'customer.created',
    );
  });

  it('rejects a timestamp outside the tolerance (5 minutes by default), either way', () => {
    const ts = Number(delivery.headers['webhook-timestamp']) * 1000;
    expect(() =>
      verifyWebhook(delivery.body, delivery.headers, KEYS.webhookSecret, { now: () => ts + 299_000 }),
    ).not.toThrow();
    expect(() =>
      verifyWebhook(delivery.body, delivery.headers, KEYS.webhookSecret, { now: () => ts + 301_000 }),
    ).toThrow(/301 s old, outside the tolerance of 300 s/);
    expect(() =>
      verifyWebhook(delivery.body, delivery.headers, KEYS.webhookSecret, {
        now: () => ts - 61_000,
        toleranceSeconds: 60,
      }),
    ).toThrow(/in the future/);
  });

  it('rejects a delivery without any signature', () => {
    expect(() =>
      verifyWebhook(delivery.body, { 'content-type': 'application/json' }, KEYS.webhookSecret),
    ).toThrow(/no signature header/);
  });
});
