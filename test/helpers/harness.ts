import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { createClientKey, createWebhook } from './factories.js';
import { Receiver } from './receiver.js';
import { eventDataErrors } from './schemas.js';
import { type ClientSdk, clientSdk, listen, type ServerSdk, serverSdk } from './sdk.js';

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
}

/**
 * The app listening on 127.0.0.1, a real receiver subscribed to `events` (all when not given), the official
 * server-side SDK and, with `client`, the client-side SDK with a client key for ORIGIN.
 */
export async function harness(
  t: TestApp,
  opts: { events?: string[]; client?: boolean } = {},
): Promise<Harness> {
  const apiUrl = await listen(t);
  const receiver = await new Receiver().start();
  const target = { target_url: receiver.url };
  await createWebhook(t, opts.events ? { ...target, events: opts.events } : { ...target, all_events: true });
  const clientKey = opts.client ? await createClientKey(t, [ORIGIN]) : null;
  const client = clientKey ? clientSdk(apiUrl, clientKey, ORIGIN) : null;
  return { t, receiver, sdk: serverSdk(apiUrl), client, clientKey, apiUrl };
}

/**
 * Runs due jobs, delivers what is queued, and returns every delivery so far, parsed; each one checked: both
 * signatures (by the receiver), the project, and its `data` against the event's documented schema.
 */
export async function deliveries(h: Harness): Promise<any[]> {
  await h.t.vs.jobs.drain();
  await h.t.vs.dispatcher!.drain();
  return h.receiver.bodies().map((body) => {
    expect(body.project_id).toBe(h.t.projectId);
    expect(eventDataErrors(body.type, body.data), `${body.type} data`).toBeNull();
    return body;
  });
}

/** The checked deliveries of `type` (for `entityId` when given). */
export async function delivered(h: Harness, type: string, entityId?: string): Promise<any[]> {
  return (await deliveries(h)).filter(
    (b) => b.type === type && (entityId === undefined || b.event.entity_id === entityId),
  );
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
