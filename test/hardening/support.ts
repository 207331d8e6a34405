import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Database } from '../../src/platform/db/database.js';
import type { TestApp } from '../helpers/app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Sent {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: string;
}

/**
 * One request through app.inject() with the application keys. A string body is sent as written (so that
 * hostile JSON text reaches the parser unchanged); an object is serialised.
 */
export async function send(
  t: TestApp,
  method: Method,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const headers: Record<string, string> = { ...t.appKey, ...opts.headers };
  let payload: string | undefined;
  if (typeof opts.body === 'string') payload = opts.body;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined) headers['content-type'] ??= 'application/json';
  const res = await t.vs.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  let body: unknown = res.body;
  if (isJson && res.body !== '') body = JSON.parse(res.body);
  return { status: res.statusCode, body, headers: res.headers, raw: res.body };
}

const ERROR_KEYS = ['code', 'key', 'message', 'details', 'request_id', 'resource_id', 'resource_type'];

/** True when `body` is in Voucherify's error shape for `status`, with the response's request id. */
export function isVoucherifyError(sent: Pick<Sent, 'status' | 'body' | 'headers'>): boolean {
  const b = sent.body;
  if (b === null || typeof b !== 'object' || Array.isArray(b)) return false;
  const requestId = sent.headers['x-request-id'];
  return (
    b.code === sent.status &&
    typeof b.key === 'string' &&
    typeof b.message === 'string' &&
    typeof b.details === 'string' &&
    typeof requestId === 'string' &&
    /^v-[0-9a-f]{18}$/.test(requestId) &&
    b.request_id === requestId &&
    Object.keys(b).every((k) => ERROR_KEYS.includes(k))
  );
}

/** Asserts status, key and Voucherify's error shape; `details` as a pattern when given. */
export function expectError(sent: Sent, status: number, key: string, details?: RegExp): void {
  expect(sent.status, sent.raw.slice(0, 500)).toBe(status);
  expect(isVoucherifyError(sent), sent.raw.slice(0, 500)).toBe(true);
  expect(sent.body.key).toBe(key);
  if (details) expect(sent.body.details).toMatch(details);
}

/** Every table of the schema; the Record makes a new table a compile error here until it is listed. */
const TABLES: Record<keyof Database, true> = {
  meta: true,
  projects: true,
  api_keys: true,
  management_keys: true,
  webhooks: true,
  events: true,
  sendouts: true,
  sendout_attempts: true,
  customers: true,
  unconfirmed_customers: true,
  dashboard_sessions: true,
  campaigns: true,
  vouchers: true,
  async_actions: true,
  periodic_jobs: true,
  validation_rules: true,
  validation_rule_assignments: true,
  segments: true,
  segment_members: true,
  publications: true,
  publication_vouchers: true,
  publication_joins: true,
};

/** The number of rows of every table, to show that a refused request wrote nothing. */
export async function rowCounts(t: TestApp): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const table of Object.keys(TABLES)) {
    const r = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(table)}`.execute(
      t.vs.ctx.db.kysely,
    );
    out[table] = Number(r.rows[0]!.n);
  }
  return out;
}

/**
 * Every row of every table, as sorted JSON lines per table: equal contents before and after show that
 * nothing was inserted, updated or deleted.
 */
export async function tableContents(t: TestApp): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const table of Object.keys(TABLES)) {
    const r = await sql<Record<string, unknown>>`select * from ${sql.table(table)}`.execute(
      t.vs.ctx.db.kysely,
    );
    out[table] = r.rows.map((row) => JSON.stringify(row)).sort();
  }
  return out;
}
