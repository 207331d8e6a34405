import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import type { LightMyRequestResponse } from 'fastify';
import type { TestApp } from '../helpers/app.js';
import { validateData } from '../helpers/events.js';

const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/voucherify/${file}`, import.meta.url), 'utf8'));

/** Voucherify's customers API document and its webhook payloads document. */
export const CUSTOMERS_SPEC = load('api-customers.json');
export const WEBHOOKS_SPEC = load('webhooks.json');

/** OpenAPI's `nullable: true` becomes JSON Schema's "or null"; `example` keys are left for strict: false. */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addSchema({ components: nullableToJsonSchema(CUSTOMERS_SPEC.components) }, 'customers.json');
ajv.addSchema({ components: nullableToJsonSchema(WEBHOOKS_SPEC.components) }, 'webhooks.json');

/** The schema of an event's `data`: webhooks.json, or the customer-activity schema where it has none. */
const EVENT_SCHEMAS: Record<string, string> = {
  'customer.created': 'webhooks.json#/components/schemas/EventCustomerCreatedData',
  'customer.deleted': 'webhooks.json#/components/schemas/EventCustomerDeletedData',
  'customer.confirmed': 'customers.json#/components/schemas/EventCustomerConfirmed',
};

function check(ref: string, value: unknown): unknown[] | null {
  const validate = ajv.getSchema(ref);
  if (!validate) throw new Error(`no schema ${ref}`);
  return validate(value) ? null : (validate.errors ?? []);
}

/** Errors of an event's `data` against its published schema, or null when it conforms. */
export function eventDataErrors(type: string, data: unknown): unknown[] | null {
  if (type !== 'customer.confirmed') return validateData(type, data);
  const ref = EVENT_SCHEMAS[type];
  if (!ref) throw new Error(`no schema for ${type}`);
  return check(ref, data);
}

/** Errors of a value against a schema of api-customers.json, or null when it conforms. */
export function customersSchemaErrors(name: string, value: unknown): unknown[] | null {
  return check(`customers.json#/components/schemas/${name}`, value);
}

/** Every top-level key the spec's customer response defines (both parts of its allOf). */
export const CUSTOMER_RESPONSE_KEYS: string[] = (() => {
  const s = CUSTOMERS_SPEC.components.schemas;
  const inline = s.CustomerWithSummaryLoyaltyReferrals.allOf[0].properties;
  return [...Object.keys(inline), ...Object.keys(s.CustomerBase.properties)];
})();

export interface Sent {
  status: number;
  body: any;
  headers: LightMyRequestResponse['headers'];
}

/** One request through app.inject(); the body is parsed when there is one. */
export async function send(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'OPTIONS',
  url: string,
  opts: { body?: unknown; headers?: Record<string, string> } = {},
): Promise<Sent> {
  const res = await t.vs.app.inject({
    method,
    url,
    headers: opts.headers ?? t.appKey,
    ...(opts.body === undefined ? {} : { payload: opts.body as object }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null, headers: res.headers };
}

/** A customer body with every field set, for factories. */
export function buildCustomer(overrides: Record<string, unknown> = {}) {
  return {
    source_id: `src-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Lionel Johnson',
    description: 'Famous',
    email: 'lionel-johnson@lion.io',
    phone: '+44 20 7946 0000',
    birthdate: '1974-01-02',
    address: {
      city: 'Nottingham',
      state: 'England',
      line_1: 'Hammer Street 123',
      country: 'United Kingdom',
      postal_code: 'XX-ZZZ',
    },
    metadata: { lang: 'en', vip: true },
    ...overrides,
  };
}

/** A second project through the Management API, with its server-side key headers. */
export async function createOtherProject(
  t: TestApp,
): Promise<{ projectId: string; appKey: Record<string, string> }> {
  const r = await send(t, 'POST', '/management/v1/projects', { headers: t.mgmt, body: { name: 'Other' } });
  if (r.status !== 200) throw new Error(`project create failed: ${JSON.stringify(r.body)}`);
  return {
    projectId: r.body.id,
    appKey: { 'x-app-id': r.body.server_side_key.app_id, 'x-app-token': r.body.server_side_key.app_token },
  };
}

/** A client key of the project through the Management API. */
export async function createClientKey(
  t: TestApp,
  allowedOrigins: string[],
  name = 'Storefront',
  projectId = t.projectId,
): Promise<{ client_app_id: string; client_token: string; name: string }> {
  const r = await send(t, 'POST', `/management/v1/projects/${projectId}/client-keys`, {
    headers: t.mgmt,
    body: { name, allowed_origins: allowedOrigins },
  });
  if (r.status !== 200) throw new Error(`client key create failed: ${JSON.stringify(r.body)}`);
  return r.body;
}
