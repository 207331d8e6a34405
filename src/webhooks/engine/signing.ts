import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';

/**
 * Signatures of a send-out body. Small, pure, and constant-time to verify.
 *
 * One project secret keys both schemes:
 * - `x-voucherify-signature`: lowercase hex HMAC-SHA256 of the exact body, keyed with the whole secret as UTF-8;
 * - Standard Webhooks `webhook-signature`: `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`, keyed with the
 *   base64 part decoded when the secret has the `whsec_` form, otherwise with the secret's UTF-8 bytes.
 */

/**
 * HMAC keys by secret, for both schemes: a delivery signs twice with its project's secret, and decoding the
 * secret anew each time was a measurable share of the signing. Few secrets exist; the map is bounded anyway.
 */
const keys = new Map<string, KeyObject>();
function cachedKey(cacheKey: string, make: () => Buffer): KeyObject {
  let key = keys.get(cacheKey);
  if (!key) {
    key = createSecretKey(make());
    if (keys.size >= 1000) keys.clear();
    keys.set(cacheKey, key);
  }
  return key;
}

export function voucherifySignature(secret: string, body: string): string {
  return createHmac(
    'sha256',
    cachedKey(`v:${secret}`, () => Buffer.from(secret, 'utf8')),
  )
    .update(body, 'utf8')
    .digest('hex');
}

export function verifyVoucherifySignature(secret: string, body: string, signature: string): boolean {
  const expected = Buffer.from(voucherifySignature(secret, body), 'utf8');
  const given = Buffer.from(signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given);
}

/** The key bytes Standard Webhooks uses for a project secret. */
export function standardWebhooksKey(secret: string): Buffer {
  if (secret.startsWith('whsec_')) {
    const decoded = Buffer.from(secret.slice('whsec_'.length), 'base64');
    if (decoded.length > 0) return decoded;
  }
  return Buffer.from(secret, 'utf8');
}

export function standardWebhookSignature(
  secret: string,
  msgId: string,
  timestampSec: number,
  body: string,
): string {
  const mac = createHmac(
    'sha256',
    cachedKey(`s:${secret}`, () => standardWebhooksKey(secret)),
  ).update(`${msgId}.${timestampSec}.${body}`, 'utf8');
  return 'v1,' + mac.digest('base64');
}

/** The `webhook-signature` value: the current secret's signature, and the previous one's while it overlaps. */
export function webhookSignatureHeader(
  secrets: readonly string[],
  msgId: string,
  timestampSec: number,
  body: string,
): string {
  return secrets.map((s) => standardWebhookSignature(s, msgId, timestampSec, body)).join(' ');
}
