import { createHmac } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { VoucherifyServerSide } from '@voucherify/sdk';
import { expect } from 'vitest';
import { KEYS, type TestApp } from '../helpers/app.js';
import { validateData } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';

export const RULE_EVENTS = [
  'business_validation_rule.created',
  'business_validation_rule.updated',
  'business_validation_rule.deleted',
  'business_validation_rule.assignment.created',
  'business_validation_rule.assignment.deleted',
];

/** Also delivered: the voucher and campaign events whose objects list their assignments. */
const OBJECT_EVENTS = ['voucher.updated', 'campaign.updated'];

export interface Harness {
  t: TestApp;
  receiver: Receiver;
  sdk: ReturnType<typeof VoucherifyServerSide>;
}

/**
 * Listens on 127.0.0.1, subscribes a real receiver to the 5 rule events (and voucher.updated and
 * campaign.updated), and connects the official SDK.
 */
export async function harness(t: TestApp): Promise<Harness> {
  await t.vs.app.listen({ port: 0, host: '127.0.0.1' });
  const apiUrl = `http://127.0.0.1:${(t.vs.app.server.address() as AddressInfo).port}`;
  const receiver = await new Receiver().start();
  const hook = await t.vs.app.inject({
    method: 'POST',
    url: `/management/v1/projects/${t.projectId}/webhooks`,
    headers: t.mgmt,
    payload: { target_url: receiver.url, events: [...RULE_EVENTS, ...OBJECT_EVENTS] },
  });
  expect(hook.statusCode).toBe(200);
  const sdk = VoucherifyServerSide({ applicationId: KEYS.appId, secretKey: KEYS.appToken, apiUrl });
  return { t, receiver, sdk };
}

/**
 * Delivers what is queued; every delivery so far, parsed, each checked: signed with the project secret and
 * its `data` valid against the event's schema in webhooks.json.
 */
export async function deliveries(h: Harness): Promise<any[]> {
  await h.t.vs.dispatcher!.drain();
  return h.receiver.received.map((r) => {
    const expected = createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex');
    expect(r.headers['x-voucherify-signature']).toBe(expected);
    const body = JSON.parse(r.body);
    expect(body.project_id).toBe(h.t.projectId);
    expect(validateData(body.type, body.data), `${body.type} data`).toBeNull();
    return body;
  });
}

/** The deliveries of `type` for `entityId`. */
export async function delivered(h: Harness, type: string, entityId: string): Promise<any[]> {
  return (await deliveries(h)).filter((b) => b.type === type && b.event.entity_id === entityId);
}

/**
 * The deliveries caused by one request (`group_id`). They are recorded in one transaction, at one time, and
 * delivered concurrently, so their order is not theirs to keep: sorted by type and entity id.
 */
export async function deliveredFor(h: Harness, requestId: string): Promise<any[]> {
  const key = (b: any) => `${b.type} ${b.event.entity_id}`;
  return (await deliveries(h))
    .filter((b) => b.event.group_id === requestId)
    .sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
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
  requestId: string;
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
  return {
    status: res.statusCode,
    body: res.body ? JSON.parse(res.body) : null,
    requestId: String(res.headers['x-request-id']),
  } as Sent;
}

let seq = 0;
/** A validation-rule body with a unique name: order amount over 100.00 and a customer segment. */
export function buildRule(overrides: Record<string, unknown> = {}) {
  seq++;
  return {
    name: `Rule ${seq} ${Math.random().toString(36).slice(2, 8)}`,
    error: { message: 'Your order does not qualify.' },
    rules: {
      '1': { name: 'order.amount', conditions: { $more_than: [10000] } },
      '2': {
        name: 'order.metadata',
        property: 'location',
        conditions: { $is: ['Santorini'] },
        error: { message: 'Santorini shops only.' },
      },
      logic: '1 and 2',
    },
    ...overrides,
  };
}
