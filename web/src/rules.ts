/**
 * The form checks as the user types with the very rules the Management API applies
 * (src/webhooks/webhook.rules.ts: pure functions, no server imports). The server checks again on save.
 */
import {
  headerNameProblem,
  headerValueProblem,
  MAX_CUSTOM_HEADERS,
} from '../../src/webhooks/webhook.rules.js';

export {
  CONNECTION_HEADER_NAMES,
  headerNameProblem,
  MAX_CUSTOM_HEADERS,
  MAX_HEADER_VALUE_LENGTH,
  RESERVED_HEADER_NAMES,
  TARGET_URL_MAX_LENGTH,
  targetUrlProblem,
} from '../../src/webhooks/webhook.rules.js';

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
  const valueProblem = headerValueProblem(row.value);
  return valueProblem ? `${name} ${valueProblem}` : null;
}
