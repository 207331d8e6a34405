/**
 * The webhook rules of the Management API (src/webhooks/webhook.rules.ts), repeated here so that the form
 * can check as the user types. The server checks again; a test keeps both in step.
 */

export const TARGET_URL_MAX_LENGTH = 2048;
export const MAX_CUSTOM_HEADERS = 20;
export const MAX_HEADER_VALUE_LENGTH = 4096;

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

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/** Why a custom header name cannot be used, or null. */
export function headerNameProblem(name: string): string | null {
  if (!TOKEN.test(name)) return 'is not a valid HTTP header name';
  const lower = name.toLowerCase();
  if (RESERVED_HEADER_NAMES.includes(lower) || lower.startsWith('webhook-'))
    return 'is set by delivery and cannot be overridden';
  return null;
}

export interface HeaderRow {
  name: string;
  value: string;
}

/** Problems of each header row, by index: names unique (case-insensitive), values single-line. */
export function headerRowProblems(rows: readonly HeaderRow[]): Map<number, string> {
  const out = new Map<number, string>();
  const seen = new Set<string>();
  rows.forEach((row, i) => {
    const problem = rowProblem(row, seen);
    if (problem) out.set(i, problem);
  });
  if (rows.filter((r) => r.name.trim() !== '').length > MAX_CUSTOM_HEADERS)
    out.set(rows.length - 1, `At most ${MAX_CUSTOM_HEADERS} headers`);
  return out;
}

function rowProblem(row: HeaderRow, seen: Set<string>): string | null {
  const name = row.name.trim();
  if (name === '' && row.value === '') return null;
  if (name === '') return 'Header name is required';
  const problem = headerNameProblem(name);
  if (problem) return `${name} ${problem}`;
  const lower = name.toLowerCase();
  if (seen.has(lower)) return `${name} is given twice (names are case-insensitive)`;
  seen.add(lower);
  if (/[\r\n\0]/.test(row.value)) return `${name} must be a single line`;
  if (row.value.length > MAX_HEADER_VALUE_LENGTH)
    return `${name} must be at most ${MAX_HEADER_VALUE_LENGTH} characters`;
  return null;
}
