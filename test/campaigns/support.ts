import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { VoucherifyServerSide } from '@voucherify/sdk';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { validateData, webhookSchemaErrors } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';

const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/voucherify/${file}`, import.meta.url), 'utf8'));

/** OpenAPI's `nullable: true` becomes JSON Schema's "or null". */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
// The spec describes validity hours as "HH:mm" (its examples say "12:00") but tags them `format: time`, which
// in JSON Schema needs seconds and a zone; the documented form is the one checked.
ajv.addFormat('time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/);
for (const [file, id] of [
  ['api-campaigns.json', 'campaigns.json'],
  ['api-vouchers.json', 'vouchers.json'],
  ['api-async-actions.json', 'async-actions.json'],
  ['webhooks.json', 'webhooks.json'],
] as const)
  ajv.addSchema({ components: nullableToJsonSchema(load(file).components) }, id);

/** Errors of a value against `<file>#/components/schemas/<name>`, or null when it conforms. */
export function schemaErrors(file: string, name: string, value: unknown): unknown[] | null {
  const validate = ajv.getSchema(`${file}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${file} ${name}`);
  return validate(value) ? null : (validate.errors ?? []);
}

/**
 * The documented `data` shape of each of the 14 events: the webhooks.json schema where Voucherify publishes
 * one, else the shape proposed in EVENTS.md §1.1 (exact keys; the campaign checked as SimpleCampaign).
 */
export function eventDataErrors(type: string, data: any): unknown[] | null {
  const proposed: Record<string, string[]> = {
    'campaign.vouchers.added': ['campaign', 'count', 'completed_at', 'async_action_id'],
    'campaign.vouchers.generation.started': ['campaign', 'count', 'started_at'],
    'campaign.vouchers.generation.failed': ['campaign', 'count', 'done_count', 'failed_at', 'error'],
  };
  const keys = proposed[type];
  // webhooks.json files this event's only example under the wrong key (campaign.created): use its schema.
  if (type === 'campaign.vouchers.generation.completed')
    return webhookSchemaErrors('EventCampaignVouchersGenerationCompletedData', data);
  if (!keys) return validateData(type, data);
  const errors: unknown[] = [];
  if (JSON.stringify(Object.keys(data)) !== JSON.stringify(keys))
    errors.push({ keys: Object.keys(data), expected: keys });
  errors.push(...(webhookSchemaErrors('SimpleCampaign', data.campaign) ?? []));
  if (!Number.isInteger(data.count)) errors.push({ count: data.count });
  for (const k of ['completed_at', 'started_at', 'failed_at'])
    if (k in data && Number.isNaN(Date.parse(data[k]))) errors.push({ [k]: data[k] });
  if (type === 'campaign.vouchers.generation.failed' && typeof data.error?.message !== 'string')
    errors.push({ error: data.error });
  return errors.length === 0 ? null : errors;
}

export interface Harness {
  t: TestApp;
  receiver: Receiver;
  sdk: ReturnType<typeof VoucherifyServerSide>;
  apiUrl: string;
}

export const W2_EVENTS = [
  'campaign.created',
  'campaign.updated',
  'campaign.deleted',
  'campaign.enabled',
  'campaign.disabled',
  'campaign.vouchers.added',
  'campaign.vouchers.generation.started',
  'campaign.vouchers.generation.completed',
  'campaign.vouchers.generation.failed',
  'voucher.created',
  'voucher.updated',
  'voucher.deleted',
  'voucher.enabled',
  'voucher.disabled',
];

/** Listens on 127.0.0.1, subscribes a receiver to the 14 events, and connects the official SDK. */
export async function harness(t: TestApp): Promise<Harness> {
  await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
  const receiver = await new Receiver().start();
  const hook = await t.vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${t.projectId}/webhooks`,
    headers: t.mgmt,
    payload: { target_url: receiver.url, events: W2_EVENTS },
  });
  expect(hook.statusCode).toBe(200);
  const sdk = VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
  return { t, receiver, sdk, apiUrl };
}

/** Runs due jobs, delivers what is queued, and returns the deliveries of `type` for `entityId`, each checked. */
export async function delivered(h: Harness, type: string, entityId: string): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  const hits = h.receiver.received.filter((r) => {
    const b = JSON.parse(r.body);
    return b.type === type && b.event.entity_id === entityId;
  });
  for (const r of hits) {
    const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
    expect(r.headers['x-voucherify-signature']).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.project_id).toBe(h.t.projectId);
    expect(eventDataErrors(type, body.data)).toBeNull();
  }
  return hits.map((r) => JSON.parse(r.body));
}

/** Every delivery so far, of any type, as parsed bodies. */
export async function allDelivered(h: Harness): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return h.receiver.received.map((r) => JSON.parse(r.body));
}

/** The x-request-id of the SDK's last response. */
export function lastRequestId(sdk: object): string {
  const holder = sdk as { apiLimitsHandler?: { requestController: any }; client?: any };
  const controller = holder.apiLimitsHandler?.requestController ?? holder.client;
  return controller.getLastResponseHeaders()['x-request-id'];
}

export interface Sent {
  status: number;
  body: any;
}

/** One request through app.inject() with the app keys. */
export async function send(
  t: TestApp,
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  url: string,
  body?: unknown,
) {
  const res = await t.vs.app.inject({
    method,
    url,
    headers: t.appKey,
    ...(body === undefined ? {} : { payload: body as object }),
  });
  return { status: res.statusCode, body: res.body ? JSON.parse(res.body) : null } as Sent;
}

let seq = 0;
/** A campaign body of the given type with a complete voucher template. */
export function buildCampaign(campaignType: string, overrides: Record<string, unknown> = {}) {
  seq++;
  const base: Record<string, unknown> = {
    name: `Campaign ${seq} ${Math.random().toString(36).slice(2, 8)}`,
    description: 'Spring 2026',
    campaign_type: campaignType,
    type: 'AUTO_UPDATE',
    start_date: '2026-03-01T00:00:00.000Z',
    expiration_date: '2026-03-31T00:00:00.000Z',
    validity_day_of_week: [5, 6, 0],
    category: 'Spring',
    metadata: { region: 'EU' },
  };
  const codeConfig = { length: 6, charset: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', prefix: 'SP-', postfix: '' };
  const vouchers: Record<string, unknown> = {
    DISCOUNT_COUPONS: {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'PERCENT', percent_off: 10, amount_limit: 3000, effect: 'APPLY_TO_ORDER' },
      redemption: { quantity: 1 },
      code_config: codeConfig,
    },
    REFERRAL_PROGRAM: {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'AMOUNT', amount_off: 1500 },
      redemption: { quantity: null },
      code_config: codeConfig,
    },
    GIFT_VOUCHERS: {
      type: 'GIFT_VOUCHER',
      gift: { amount: 5000, effect: 'APPLY_TO_ORDER' },
      code_config: codeConfig,
    },
    LOYALTY_PROGRAM: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 100 },
      code_config: codeConfig,
    },
  };
  if (vouchers[campaignType]) base.voucher = vouchers[campaignType];
  if (campaignType === 'REFERRAL_PROGRAM') base.referral_program = { conversion_event_type: 'redemption' };
  return { ...base, ...overrides };
}
