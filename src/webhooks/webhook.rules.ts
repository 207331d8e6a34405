import { invalidPayload } from '../platform/errors.js';
import { canonicalEventType, type EventType } from './event-catalog.js';

/** Rules for webhook endpoints, shared by the Management API and its tests. Pure functions. */

export const TARGET_URL_MAX_LENGTH = 2048;
export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 4096;

/** Header names a webhook may not set, because delivery itself owns them. `webhook-*` is refused as a family. */
export const RESERVED_HEADER_NAMES: readonly string[] = [
  'host',
  'content-length',
  'content-type',
  'transfer-encoding',
  'connection',
  'x-voucherify-signature',
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

export function checkTargetUrl(value: string): string {
  const problem = targetUrlProblem(value);
  if (problem) throw invalidPayload(`target_url ${problem}`);
  return value;
}

/** Checks event names against the catalog; returns them correctly spelled, without repeats, in input order. */
export function normalizeEvents(values: readonly string[]): EventType[] {
  const out: EventType[] = [];
  values.forEach((v, i) => {
    const type = canonicalEventType(v);
    if (!type) throw invalidPayload(`events[${i}] "${v}" is not one of the 60 webhook event types`);
    if (!out.includes(type)) out.push(type);
  });
  return out;
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a custom header name cannot be used, or null. */
export function headerNameProblem(name: string): string | null {
  if (!TOKEN.test(name)) return 'is not a valid HTTP header name';
  const lower = name.toLowerCase();
  if (RESERVED_HEADER_NAMES.includes(lower) || lower.startsWith('webhook-'))
    return 'is set by delivery and cannot be overridden';
  return null;
}

/** Checks custom headers: valid, unique (case-insensitive) names that delivery does not own; single-line values. */
export function checkHeaders(headers: Record<string, string>): Record<string, string> {
  const names = Object.keys(headers);
  if (names.length > MAX_CUSTOM_HEADERS)
    throw invalidPayload(`headers may hold at most ${MAX_CUSTOM_HEADERS} entries`);
  const seen = new Set<string>();
  for (const name of names) {
    const problem = headerNameProblem(name);
    if (problem) throw invalidPayload(`headers.${name} ${problem}`);
    const lower = name.toLowerCase();
    if (seen.has(lower)) throw invalidPayload(`headers.${name} is given twice (names are case-insensitive)`);
    seen.add(lower);
    const value = headers[name];
    if (typeof value !== 'string') throw invalidPayload(`headers.${name} must be a string`);
    if (/[\r\n\0]/.test(value)) throw invalidPayload(`headers.${name} must be a single line`);
    if (value.length > MAX_HEADER_VALUE_LENGTH)
      throw invalidPayload(`headers.${name} must be at most ${MAX_HEADER_VALUE_LENGTH} characters`);
  }
  return { ...headers };
}
