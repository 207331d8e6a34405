import { createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { VoucherifyClientSide, VoucherifyServerSide } from '@voucherify/sdk';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { expect } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { validateData } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';
import { tableContents } from '../hardening/support.js';
import { createClientKey } from '../customers/support.js';
import { eventDataErrors as w2EventDataErrors } from '../campaigns/support.js';

import { buildCampaign } from '../campaigns/support.js';

export { buildCampaign, lastRequestId, send } from '../campaigns/support.js';

const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/voucherify/${file}`, import.meta.url), 'utf8'));

function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
ajv.addFormat('time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/);
ajv.addSchema(
  { components: nullableToJsonSchema(load('api-publications.json').components) },
  'publications.json',
);

/**
 * Errors of a value against `api-publications.json#/components/schemas/<name>`, or null when it conforms.
 * One published inconsistency is set aside: the create response's schema allows only "API" as `channel`,
 * while its own example answers "myown" for a request that sent that channel (and the client SDK sends
 * "Voucherify.js"); the tests check `channel` themselves.
 */
export function publicationSchemaErrors(name: string, value: unknown): unknown[] | null {
  const validate = ajv.getSchema(`publications.json#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  if (validate(value)) return null;
  const errors = (validate.errors ?? []).filter(
    (e) => !(e.instancePath === '/channel' && e.keyword === 'enum'),
  );
  const channelOnly = errors.every((e) => e.keyword === 'oneOf' && e.instancePath === '');
  return errors.length === 0 || channelOnly ? null : errors;
}

export const ORIGIN = 'https://shop.example';

export interface PubHarness {
  t: TestApp;
  receiver: Receiver;
  sdk: ReturnType<typeof VoucherifyServerSide>;
  client: ReturnType<typeof VoucherifyClientSide>;
  clientKey: { client_app_id: string; name: string };
  apiUrl: string;
}

/** Listens on 127.0.0.1, subscribes a receiver to every event, and connects the server-side and client-side SDKs. */
export async function pubHarness(t: TestApp): Promise<PubHarness> {
  await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
  const receiver = await new Receiver().start();
  const hook = await t.vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${t.projectId}/webhooks`,
    headers: t.mgmt,
    payload: { target_url: receiver.url, all_events: true, events: [] },
  });
  expect(hook.statusCode, hook.body).toBe(200);
  const sdk = VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
  const clientKey = await createClientKey(t, [ORIGIN]);
  const client = VoucherifyClientSide({
    clientApplicationId: clientKey.client_app_id,
    clientSecretKey: clientKey.client_token,
    apiUrl,
    origin: ORIGIN,
  });
  return { t, receiver, sdk, client, clientKey, apiUrl };
}

/** The documented `data` of an event: webhooks.json, or EVENTS.md's proposed shape for the W2 events it lacks. */
export function eventDataErrors(type: string, data: unknown): unknown[] | null {
  return type.startsWith('campaign.') ? w2EventDataErrors(type, data) : validateData(type, data);
}

/** Runs due jobs, delivers what is queued, and returns the checked deliveries of `type` (for `entityId`). */
export async function delivered(h: PubHarness, type: string, entityId?: string): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  const hits = h.receiver.received.filter((r) => {
    const b = JSON.parse(r.body);
    return b.type === type && (entityId === undefined || b.event.entity_id === entityId);
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

/**
 * Every row of every table once queued work is done (jobs run, deliveries made), so that two snapshots differ
 * only by what requests in between wrote.
 */
export async function settledContents(h: PubHarness) {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return tableContents(h.t);
}

/** Every delivery so far whose event was caused by the request `groupId`. */
export async function deliveredFor(h: PubHarness, groupId: string): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return h.receiver.received.map((r) => JSON.parse(r.body)).filter((b) => b.event.group_id === groupId);
}

/** A new inline customer for a publication: a fresh source_id and a few fields. */
export const newCustomer = (tag: string) => ({
  source_id: `${tag}-${Math.random().toString(36).slice(2, 8)}`,
  name: 'Bob Jones',
  email: 'bob@example.com',
  metadata: { lang: 'en' },
});

/** A DISCOUNT_COUPONS campaign (AUTO_UPDATE unless `overrides` say) with `count` generated vouchers. */
export async function campaignWith(h: PubHarness, count: number, overrides: Record<string, unknown> = {}) {
  const c: any = await h.sdk.campaigns.create(
    buildCampaign('DISCOUNT_COUPONS', { vouchers_count: count, ...overrides }) as any,
  );
  await h.t.vs.jobs.drain();
  return c;
}
