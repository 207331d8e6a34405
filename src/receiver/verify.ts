import { createHmac, timingSafeEqual } from 'node:crypto';
import type { WebhookEvent } from './events.generated.js';

/**
 * Verifying a Vouchsafe (or Voucherify) webhook delivery on the receiving side. Depends on node:crypto only,
 * so that it can be imported by an app that does not run Vouchsafe.
 *
 * One project secret keys both schemes a delivery carries:
 * - `x-voucherify-signature`: lowercase hex HMAC-SHA256 of the exact body, keyed with the secret as UTF-8;
 * - Standard Webhooks `webhook-signature`: space-separated `v1,<base64 HMAC-SHA256 of "id.timestamp.body">`,
 *   keyed with the base64 part of a `whsec_` secret decoded (otherwise its UTF-8 bytes), with the
 *   `webhook-id` and `webhook-timestamp` headers; the timestamp must be within the tolerance of now.
 */

export type HeaderBag =
  | Headers
  | Record<string, string | string[] | undefined>
  | { get(name: string): string | null };

export interface VerifyOptions {
  /** How far `webhook-timestamp` may be from now, either way; 300 s (5 minutes) by default. */
  toleranceSeconds?: number;
  /** Now, in milliseconds since the epoch; `Date.now()` by default. */
  now?: () => number;
}

export type SignatureCheck = 'ok' | 'missing' | 'mismatch';

export interface SignatureReport {
  voucherify: SignatureCheck;
  standard: SignatureCheck;
  /** Seconds between `webhook-timestamp` and now; null without the header. */
  skewSeconds: number | null;
  /** True when at least one signature is present and every present one is valid and in time. */
  ok: boolean;
  /** Why `ok` is false, in words; null when it is true. */
  reason: string | null;
}

export class WebhookVerificationError extends Error {
  constructor(
    message: string,
    readonly report: SignatureReport | null,
  ) {
    super(message);
    this.name = 'WebhookVerificationError';
  }
}

function header(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const bag = headers as Record<string, string | string[] | undefined>;
  const key = Object.keys(bag).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : bag[key];
  return Array.isArray(v) ? v[0] : v;
}

function safeEqual(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

function standardKey(secret: string): Buffer {
  if (secret.startsWith('whsec_')) {
    const decoded = Buffer.from(secret.slice('whsec_'.length), 'base64');
    if (decoded.length > 0) return decoded;
  }
  return Buffer.from(secret, 'utf8');
}

const toBuffer = (body: string | Uint8Array): Buffer =>
  typeof body === 'string'
    ? Buffer.from(body, 'utf8')
    : Buffer.from(body.buffer, body.byteOffset, body.byteLength);

/**
 * Checks the signatures of a delivery without throwing: which are present, which match, and the
 * timestamp's distance from now. `secrets` may list several (the previous one, during a rotation).
 */
export function inspectWebhookSignatures(
  rawBody: string | Uint8Array,
  headers: HeaderBag,
  secrets: string | readonly string[],
  options: VerifyOptions = {},
): SignatureReport {
  const keys = typeof secrets === 'string' ? [secrets] : secrets;
  const body = toBuffer(rawBody);
  const tolerance = options.toleranceSeconds ?? 300;
  const now = (options.now ?? Date.now)();

  let voucherify: SignatureCheck = 'missing';
  const given = header(headers, 'x-voucherify-signature');
  if (given !== undefined) {
    const g = Buffer.from(given.trim().toLowerCase(), 'utf8');
    voucherify = keys.some((k) =>
      safeEqual(Buffer.from(createHmac('sha256', Buffer.from(k, 'utf8')).update(body).digest('hex')), g),
    )
      ? 'ok'
      : 'mismatch';
  }

  let standard: SignatureCheck = 'missing';
  let skewSeconds: number | null = null;
  const sig = header(headers, 'webhook-signature');
  const id = header(headers, 'webhook-id');
  const ts = header(headers, 'webhook-timestamp');
  if (sig !== undefined) {
    const seconds = ts !== undefined && /^\d+$/.test(ts.trim()) ? Number(ts.trim()) : null;
    if (seconds !== null) skewSeconds = Math.round(now / 1000 - seconds);
    if (id === undefined || seconds === null) standard = 'mismatch';
    else {
      const signed = Buffer.concat([Buffer.from(`${id}.${seconds}.`, 'utf8'), body]);
      const expected = keys.map((k) => createHmac('sha256', standardKey(k)).update(signed).digest());
      const candidates = sig
        .split(' ')
        .filter((p) => p.startsWith('v1,'))
        .map((p) => Buffer.from(p.slice(3), 'base64'));
      standard = candidates.some((c) => expected.some((e) => safeEqual(e, c))) ? 'ok' : 'mismatch';
    }
  }

  let reason: string | null = null;
  if (voucherify === 'missing' && standard === 'missing') reason = 'no signature header';
  else if (voucherify === 'mismatch') reason = 'x-voucherify-signature does not match the body and secret';
  else if (standard === 'mismatch')
    reason =
      id === undefined || skewSeconds === null
        ? 'webhook-signature without webhook-id or a numeric webhook-timestamp'
        : 'webhook-signature does not match the body and secret';
  else if (standard === 'ok' && skewSeconds !== null && Math.abs(skewSeconds) > tolerance)
    reason = `webhook-timestamp is ${Math.abs(skewSeconds)} s ${skewSeconds > 0 ? 'old' : 'in the future'}, outside the tolerance of ${tolerance} s`;
  return { voucherify, standard, skewSeconds, ok: reason === null, reason };
}

/**
 * Verifies a delivery and returns its envelope, typed by `type`. Throws WebhookVerificationError when no
 * signature is present, a present one does not match, the Standard Webhooks timestamp is outside the
 * tolerance, or the body is not a JSON envelope. Pass the body exactly as received (before any JSON parsing).
 */
export function verifyWebhook(
  rawBody: string | Uint8Array,
  headers: HeaderBag,
  secret: string | readonly string[],
  options: VerifyOptions = {},
): WebhookEvent {
  const report = inspectWebhookSignatures(rawBody, headers, secret, options);
  if (!report.ok) throw new WebhookVerificationError(report.reason!, report);
  let parsed: unknown;
  try {
    parsed = JSON.parse(toBuffer(rawBody).toString('utf8'));
  } catch {
    throw new WebhookVerificationError('the body is not JSON', report);
  }
  const env = parsed as { type?: unknown; data?: unknown; id?: unknown };
  if (!env || typeof env !== 'object' || typeof env.type !== 'string' || typeof env.id !== 'string')
    throw new WebhookVerificationError('the body is not a webhook envelope (no id or type)', report);
  return parsed as WebhookEvent;
}
