import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { KEYS, type TestApp } from './app.js';

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH' | 'OPTIONS' | 'HEAD';

/** Which credentials a request carries: the app's server-side key, the management key, none, or these headers. */
export type Key = 'app' | 'mgmt' | 'none' | Record<string, string>;

export interface SendOptions {
  /** A string is sent as written (hostile JSON text reaches the parser unchanged); anything else as JSON. */
  body?: unknown;
  /** Extra headers, laid over the key's. */
  headers?: Record<string, string>;
  key?: Key;
}

export interface Sent {
  status: number;
  /** The parsed body when the answer is JSON, else its text. */
  body: any;
  headers: LightMyRequestResponse['headers'];
  raw: string;
  requestId: string;
}

/** What a request goes to: a test app, or any Vouchsafe with the test keys (a shared store's, say). */
export type Target = Pick<TestApp, 'vs'> & Partial<Pick<TestApp, 'appKey' | 'mgmt'>>;

function keyHeaders(t: Target, key: Key): Record<string, string> {
  if (key === 'app') return t.appKey ?? { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken };
  if (key === 'mgmt')
    return t.mgmt ?? { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken };
  if (key === 'none') return {};
  return key;
}

/** One request through app.inject(), with the app key unless `key` says otherwise. */
export async function send(t: Target, method: Method, url: string, opts: SendOptions = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...keyHeaders(t, opts.key ?? 'app'), ...opts.headers };
  let payload: string | undefined;
  if (typeof opts.body === 'string') payload = opts.body;
  else if (opts.body !== undefined) payload = JSON.stringify(opts.body);
  if (payload !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type'))
    headers['content-type'] = 'application/json';
  const res = await t.vs.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  return {
    status: res.statusCode,
    body: isJson && res.body !== '' ? JSON.parse(res.body) : res.body,
    headers: res.headers,
    raw: res.body,
    requestId: String(res.headers['x-request-id']),
  };
}

/** One Management API request (management key unless `key` says otherwise). */
export const mgmt = (t: Target, method: Method, url: string, opts: SendOptions = {}) =>
  send(t, method, url, { key: 'mgmt', ...opts });

export const projectPath = (projectId: string) => `/management/v1/projects/${projectId}`;

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

export interface ErrorExpectation {
  details?: RegExp | string;
  resource_type?: string;
  resource_id?: string;
}

/**
 * Asserts the status and Voucherify's error shape {code,key,message,details,request_id} (request id as in
 * the header, no other keys); `extra` pins details (a pattern or the text) and the resource named.
 */
export function expectError(
  sent: Sent,
  status: number,
  key: string,
  extra: RegExp | ErrorExpectation = {},
): void {
  const e: ErrorExpectation = extra instanceof RegExp ? { details: extra } : extra;
  expect(sent.status, sent.raw.slice(0, 500)).toBe(status);
  expect(isVoucherifyError(sent), sent.raw.slice(0, 500)).toBe(true);
  expect(sent.body.key).toBe(key);
  if (e.details instanceof RegExp) expect(sent.body.details).toMatch(e.details);
  else if (e.details !== undefined) expect(sent.body.details).toBe(e.details);
  if (e.resource_type !== undefined) expect(sent.body.resource_type).toBe(e.resource_type);
  if (e.resource_id !== undefined) expect(sent.body.resource_id).toBe(e.resource_id);
}

/** A Management API request under the test app's project: `path` is relative to /management/v1/projects/{id}. */
export const inProject = (t: TestApp, method: Method, path: string, opts: SendOptions = {}) =>
  mgmt(t, method, `${projectPath(t.projectId)}${path}`, opts);

/** The parsed answer of a GET under the test app's project. */
export const projectGet = async (t: TestApp, path: string) => (await inProject(t, 'GET', path)).body;
