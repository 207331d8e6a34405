/**
 * Rules for webhook endpoints: pure functions with no imports, shared by the Management API
 * (webhook.validation.ts) and the dashboard's form (web/src/rules.ts), so both judge input the same way.
 */

export const TARGET_URL_MAX_LENGTH = 2048;
export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 4096;

/** Header names a webhook may not set, because delivery itself owns them. `webhook-*` is refused as a family. */
export const RESERVED_HEADER_NAMES: readonly string[] = [
  'host',
  'content-length',
  'content-type',
  'x-voucherify-signature',
];

/**
 * Connection-level (hop-by-hop) header names, refused because they describe one connection, not the
 * webhook: the HTTP client manages them and refuses a request that sets them (`expect header not
 * supported`), so every delivery would fail. `proxy-*` is refused as a family.
 */
export const CONNECTION_HEADER_NAMES: readonly string[] = [
  'connection',
  'keep-alive',
  'transfer-encoding',
  'te',
  'trailer',
  'upgrade',
  'expect',
];

/** Why a target URL is not acceptable, or null when it is. */
export function targetUrlProblem(value: string): string | null {
  if (value.length > TARGET_URL_MAX_LENGTH) return `must be at most ${TARGET_URL_MAX_LENGTH} characters`;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return 'must be an absolute http or https URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must use http or https';
  if (!url.hostname) return 'must name a host';
  if (url.username || url.password)
    return 'must not contain credentials; use custom headers for authentication';
  return null;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a custom header name cannot be used, or null. */
export function headerNameProblem(name: string): string | null {
  if (!TOKEN.test(name)) return 'is not a valid HTTP header name';
  const lower = name.toLowerCase();
  if (RESERVED_HEADER_NAMES.includes(lower) || lower.startsWith('webhook-'))
    return 'is set by delivery and cannot be overridden';
  if (CONNECTION_HEADER_NAMES.includes(lower) || lower.startsWith('proxy-'))
    return 'is a connection-level header and cannot be set on a webhook';
  return null;
}

/** Why a custom header value cannot be sent, or null. */
export function headerValueProblem(value: string): string | null {
  if (/[\r\n\0]/.test(value)) return 'must be a single line';
  if (value.length > MAX_HEADER_VALUE_LENGTH) return `must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
  return null;
}
