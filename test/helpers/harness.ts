import { afterAll, afterEach, beforeAll, beforeEach, expect } from 'vitest';
import type { Config } from '../../src/platform/config.js';
import { startTestApp, type TestApp } from './app.js';
import { type Dialect, tableContents } from './db.js';
import { buildCampaign, createClientKey, createWebhook } from './factories.js';
import { Receiver } from './receiver.js';
import { eventDataErrors } from './schemas.js';
import { type ClientSdk, clientSdk, listen, type ServerSdk, serverSdk } from './sdk.js';

/** A harness with the client-side SDK. */
export type ClientHarness = Harness & { client: ClientSdk; clientKey: NonNullable<Harness['clientKey']> };

/** The storefront origin a harness's client key allows. */
export const ORIGIN = 'https://shop.example';

export interface Harness {
  t: TestApp;
  receiver: Receiver;
  sdk: ServerSdk;
  /** The client-side SDK and its key, when asked for. */
  client: ClientSdk | null;
  clientKey: { client_app_id: string; client_token: string; name: string } | null;
  apiUrl: string;
  /** Whether each read checks every delivery so far, not only the ones it returns. */
  checkAll: boolean;
}

/**
 * The app listening on 127.0.0.1, a real receiver subscribed to `events` (all when not given), the official
 * server-side SDK and, with `client`, the client-side SDK with a client key for ORIGIN.
 */
export async function harness(
  t: TestApp,
  opts: { events?: string[]; client: true; checkAll?: boolean },
): Promise<ClientHarness>;
export async function harness(
  t: TestApp,
  opts?: { events?: string[]; client?: boolean; checkAll?: boolean },
): Promise<Harness>;
export async function harness(
  t: TestApp,
  opts: { events?: string[]; client?: boolean; checkAll?: boolean } = {},
): Promise<Harness> {
  const apiUrl = await listen(t);
  const receiver = await new Receiver().start();
  const target = { target_url: receiver.url };
  await createWebhook(t, opts.events ? { ...target, events: opts.events } : { ...target, all_events: true });
  const clientKey = opts.client ? await createClientKey(t, [ORIGIN]) : null;
  const client = clientKey ? clientSdk(apiUrl, clientKey, ORIGIN) : null;
  return { t, receiver, sdk: serverSdk(apiUrl), client, clientKey, apiUrl, checkAll: opts.checkAll ?? false };
}

/** Runs due jobs and delivers what is queued; every delivery so far, parsed, its signatures verified. */
async function settle(h: Harness): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return h.receiver.bodies();
}

/** Checks a delivery: the project, and its `data` against the event's documented schema. */
function check(h: Harness, body: any): any {
  expect(body.project_id).toBe(h.t.projectId);
  const errors = eventDataErrors(body.type, body.data);
  expect(errors, `${body.type} data: ${JSON.stringify(errors)}`).toBeNull();
  return body;
}

/** Every delivery so far (after settling), with only its signatures verified. */
export const allDelivered = settle;

/** Every delivery so far (after settling), each checked: signatures, project, `data`. */
export async function deliveries(h: Harness): Promise<any[]> {
  return (await settle(h)).map((b) => check(h, b));
}

/** The checked deliveries of `type` (for `entityId` when given); with `checkAll`, every other one checked too. */
export async function delivered(h: Harness, type: string, entityId?: string): Promise<any[]> {
  const all = await settle(h);
  if (h.checkAll) for (const b of all) check(h, b);
  return all
    .filter((b) => b.type === type && (entityId === undefined || b.event.entity_id === entityId))
    .map((b) => check(h, b));
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

/**
 * Every row of every table once queued work is done (jobs run, deliveries made), so that two snapshots differ
 * only by what requests in between wrote.
 */
export async function settledContents(h: Harness) {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return tableContents(h.t);
}

/** A DISCOUNT_COUPONS campaign (AUTO_UPDATE unless `overrides` say) with `count` generated vouchers. */
export async function campaignWith(h: Harness, count: number, overrides: Record<string, unknown> = {}) {
  const c: any = await h.sdk.campaigns.create(
    buildCampaign('DISCOUNT_COUPONS', { vouchers_count: count, ...overrides }) as any,
  );
  await h.t.vs.jobs.drain();
  return c;
}

/** The 14 campaign and voucher events. */
export const CAMPAIGN_EVENTS = [
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

/** The 5 validation-rule events. */
export const RULE_EVENTS = [
  'business_validation_rule.created',
  'business_validation_rule.updated',
  'business_validation_rule.deleted',
  'business_validation_rule.assignment.created',
  'business_validation_rule.assignment.deleted',
];

type HarnessOptions = { events?: string[]; client?: boolean; checkAll?: boolean; config?: Partial<Config> };

/**
 * One test app and harness for the describe block: started before its tests (handed to `set`), the receiver
 * and the app closed after them.
 */
export function withHarness(
  dialect: Dialect,
  opts: HarnessOptions & { client: true },
  set: (h: ClientHarness) => void,
): void;
export function withHarness(dialect: Dialect, opts: HarnessOptions, set: (h: Harness) => void): void;
export function withHarness(dialect: Dialect, opts: HarnessOptions, set: (h: any) => void): void {
  let h: Harness | null = null;
  beforeAll(async () => {
    const { config, ...rest } = opts;
    h = await harness(await startTestApp(dialect, config), rest);
    set(h);
  });
  afterAll(async () => {
    await h?.receiver.stop();
    await h?.t.close();
  });
}

/**
 * A fresh test app and a started receiver for each test of the block (handed to `set`), both closed after
 * it: for tests that drive delivery themselves, without the SDKs.
 */
export function eachWithReceiver(
  dialect: Dialect,
  config: Partial<Config>,
  set: (t: TestApp, receiver: Receiver) => void,
): void {
  let made: [TestApp, Receiver] | null = null;
  beforeEach(async () => {
    made = [await startTestApp(dialect, config), await new Receiver().start()];
    set(...made);
  });
  afterEach(async () => {
    await made?.[0].close();
    await made?.[1].stop();
    made = null;
  });
}
