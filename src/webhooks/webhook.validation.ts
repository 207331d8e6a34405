import type { PrivateTargetPolicy } from '../platform/config.js';
import { invalidPayload } from '../platform/errors.js';
import { describeAddress, isAddressAllowed, literalHost } from './engine/egress-guard.js';
import { canonicalEventType, type EventType } from './event-catalog.js';
import {
  headerNameProblem,
  headerValueProblem,
  MAX_CUSTOM_HEADERS,
  targetUrlProblem,
} from './webhook.rules.js';

/** The webhook rules applied to API input: each violation is a 400 invalid_payload naming the field. */

export function checkTargetUrl(value: string): string {
  const problem = targetUrlProblem(value);
  if (problem) throw invalidPayload(`target_url ${problem}`);
  return value;
}

/**
 * checkTargetUrl, and for a URL to be saved on a webhook also the egress policy: an IP literal the policy
 * forbids would fail every delivery, so it is refused now. A host name is judged when a delivery connects.
 */
export function checkSavedTargetUrl(value: string, policy: PrivateTargetPolicy): string {
  checkTargetUrl(value);
  const host = literalHost(new URL(value));
  if (host && !isAddressAllowed(host, policy))
    throw invalidPayload(
      `target_url names ${host} (${describeAddress(host)}), which VOUCHSAFE_ALLOW_PRIVATE_TARGETS=${policy} does not allow`,
    );
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
    const valueProblem = headerValueProblem(value);
    if (valueProblem) throw invalidPayload(`headers.${name} ${valueProblem}`);
  }
  return { ...headers };
}
