import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { TestApp } from '../helpers/app.js';

/** Voucherify's Management API document, the contract the webhook routes follow. */
export const MANAGEMENT_SPEC = JSON.parse(
  readFileSync(new URL('../../../shared/reference/voucherify/api-management.json', import.meta.url), 'utf8'),
) as { paths: Record<string, any>; components: { schemas: Record<string, any> } };

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ components: MANAGEMENT_SPEC.components }, 'management.json');

/** Asserts that `value` conforms to the named schema of api-management.json (extra fields allowed). */
export function expectUpstreamShape(schemaName: string, value: unknown): void {
  const validate = ajv.getSchema(`management.json#/components/schemas/${schemaName}`);
  if (!validate) throw new Error(`no schema ${schemaName} in api-management.json`);
  const ok = validate(value);
  expect(ok ? null : validate.errors, `response conforms to ${schemaName}`).toBeNull();
}

/** The event names of the upstream webhook enum, misspellings included. */
export const UPSTREAM_EVENT_ENUM: string[] =
  MANAGEMENT_SPEC.components.schemas.ManagementProjectsWebhookBase.properties.events.items.enum;

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface Sent {
  res: LightMyRequestResponse;
  status: number;
  body: any;
}

/** One request through app.inject(); the body is parsed when the answer is JSON. */
export async function call(
  t: TestApp,
  method: Method,
  url: string,
  opts: { body?: unknown; headers?: Record<string, string>; auth?: 'mgmt' | 'none' } = {},
): Promise<Sent> {
  const headers = { ...(opts.auth === 'none' ? {} : t.mgmt), ...opts.headers };
  const res = await t.vs.app.inject({
    method,
    url,
    headers,
    ...(opts.body !== undefined ? { payload: opts.body as any } : {}),
  });
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  return { res, status: res.statusCode, body: isJson && res.body !== '' ? res.json() : res.body };
}

/** Asserts Voucherify's error shape, with the request id of the response header. */
export function expectError(
  sent: Sent,
  status: number,
  key: string,
  extra: { details?: RegExp | string; resource_type?: string; resource_id?: string } = {},
): void {
  expect(sent.status, JSON.stringify(sent.body)).toBe(status);
  const b = sent.body;
  const requestId = sent.res.headers['x-request-id'];
  expect(requestId).toMatch(/^v-[0-9a-f]{18}$/);
  expect(b).toMatchObject({ code: status, key, request_id: requestId });
  expect(typeof b.message).toBe('string');
  expect(typeof b.details).toBe('string');
  const allowed = ['code', 'key', 'message', 'details', 'request_id', 'resource_id', 'resource_type'];
  expect(Object.keys(b).filter((k) => !allowed.includes(k))).toEqual([]);
  if (extra.details instanceof RegExp) expect(b.details).toMatch(extra.details);
  else if (extra.details !== undefined) expect(b.details).toBe(extra.details);
  if (extra.resource_type !== undefined) expect(b.resource_type).toBe(extra.resource_type);
  if (extra.resource_id !== undefined) expect(b.resource_id).toBe(extra.resource_id);
}

export const projectPath = (projectId: string) => `/management/v1/projects/${projectId}`;

/** Test data for a webhook create request; override what the test is about. */
export function buildWebhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    target_url: 'https://hooks.example.com/vouchsafe',
    events: ['redemption.succeeded', 'voucher.created'],
    ...overrides,
  };
}

export async function createWebhook(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  projectId = t.projectId,
): Promise<any> {
  const sent = await call(t, 'POST', `${projectPath(projectId)}/webhooks`, { body: buildWebhook(overrides) });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body;
}

export async function createProject(t: TestApp, name = 'Second project'): Promise<any> {
  const sent = await call(t, 'POST', '/management/v1/projects', { body: { name } });
  expect(sent.status, JSON.stringify(sent.body)).toBe(200);
  return sent.body;
}

export async function listWebhooks(t: TestApp, projectId = t.projectId): Promise<any[]> {
  const sent = await call(t, 'GET', `${projectPath(projectId)}/webhooks`);
  expect(sent.status).toBe(200);
  return sent.body.data;
}

export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
