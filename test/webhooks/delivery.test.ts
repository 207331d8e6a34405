import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { transact } from '../../src/platform/db/transaction.js';
import { recordEvent } from '../../src/webhooks/record-event.js';
import { KEYS, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered, exampleData, fireEvent, validateData } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import type { Receiver } from '../helpers/receiver.js';
import { inProject, projectGet } from '../helpers/request.js';
import { eachWithReceiver } from '../helpers/harness.js';

describe.each(DIALECTS)('delivery on $name', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  eachWithReceiver(dialect, {}, (app, r) => {
    t = app;
    receiver = r;
  });

  const get = (path: string) => projectGet(t, path);
  const post = (path: string, body?: Record<string, unknown>) => inProject(t, 'POST', path, { body });
  const drain = () => t.vs.dispatcher!.drain();

  it('delivers a signed v2024-01-01 envelope whose data validates against the published schema', async () => {
    const wh = await createWebhook(t, {
      target_url: receiver.url,
      events: ['voucher.published'],
      headers: { Authorization: 'Bearer abc' },
    });
    // The published example has `customer.email: null`, which its own schema forbids; the schema wins.
    const data = exampleData('voucher.published') as { customer: { email: string | null } };
    data.customer.email = 'jane@example.com';
    const { eventId, sendoutIds } = await fireEvent(t, 'voucher.published', data, 'v_1');
    expect(sendoutIds).toHaveLength(1);
    await drain();
    expect(receiver.received).toHaveLength(1);
    const { headers, body } = receiver.received[0];

    expect(headers['content-type']).toBe('application/json');
    expect(headers['user-agent']).toMatch(/^Vouchsafe\/\d/);
    expect(headers.authorization).toBe('Bearer abc');
    expect(headers['x-voucherify-signature']).toBe(
      createHmac('sha256', KEYS.webhookSecret).update(body).digest('hex'),
    );
    expect(headers['webhook-id']).toBe(sendoutIds[0]);
    const sw = new Webhook(KEYS.webhookSecret).verify(body, {
      'webhook-id': String(headers['webhook-id']),
      'webhook-timestamp': String(headers['webhook-timestamp']),
      'webhook-signature': String(headers['webhook-signature']),
    });
    expect(sw).toEqual(JSON.parse(body));

    const env = JSON.parse(body);
    expect(JSON.stringify(env)).toBe(body);
    expect(Object.keys(env)).toEqual(['id', 'project_id', 'created_at', 'type', 'data', 'source', 'event']);
    expect(env).toMatchObject({
      id: sendoutIds[0],
      project_id: t.projectId,
      type: 'voucher.published',
      source: { id: wh.id, object: 'webhook', target_url: receiver.url },
      event: {
        id: eventId,
        type: 'voucher.published',
        entity_id: 'v_1',
        group_id: 'v-000000000000000001',
        event_source: {
          channel: 'API',
          user: null,
          api_key: { name: 'Default', app_id: 'app_test_default' },
        },
      },
    });
    expect(env.data).toEqual(asDelivered('voucher.published', data));
    expect(validateData('voucher.published', env.data)).toBeNull();

    const row = await get(`/webhook-sendouts/${sendoutIds[0]}`);
    expect(row).toMatchObject({
      status: 'succeeded',
      attempts_count: 1,
      next_attempt_at: null,
      request_id: 'v-000000000000000001',
    });
    expect(row.attempts[0]).toMatchObject({
      number: 1,
      status_code: 200,
      error: null,
      response_body: 'ok from receiver',
      manual: false,
    });
    expect(row.payload).toEqual(env);
  });

  it('creates send-outs only for active webhooks subscribed to the type or to all events', async () => {
    const a = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const b = await createWebhook(t, { target_url: receiver.url, all_events: true });
    await createWebhook(t, { target_url: receiver.url, events: ['customer.deleted'] });
    await createWebhook(t, { target_url: receiver.url, events: ['customer.created'], active: false });
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    expect(sendoutIds).toHaveLength(2);
    await drain();
    expect(new Set(receiver.bodies().map((b) => b.source.id))).toEqual(new Set([a.id, b.id]));
  });

  it('a rolled-back transaction leaves no event and no send-out', async () => {
    await createWebhook(t, { target_url: receiver.url, all_events: true });
    await expect(
      transact(t.vs.ctx, async (tx) => {
        await recordEvent(tx, {
          projectId: t.projectId,
          type: 'customer.created',
          entityId: 'cust_x',
          groupId: null,
          source: { channel: 'INTERNAL', user: null, api_key: null },
          data: {},
        });
        throw new Error('domain rule failed');
      }),
    ).rejects.toThrow('domain rule failed');
    const db = t.vs.ctx.db.kysely;
    expect(await db.selectFrom('events').selectAll().execute()).toHaveLength(0);
    expect(await db.selectFrom('sendouts').selectAll().execute()).toHaveLength(0);
    await drain();
    expect(receiver.received).toHaveLength(0);
  });

  it('retries on the schedule from the initial attempt, then fails and disables the webhook', async () => {
    receiver.status = () => 500;
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    const id = sendoutIds[0];
    const t0 = t.clock.now();
    await drain();
    let row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({ status: 'retrying', attempts_count: 1 });
    expect(Date.parse(row.next_attempt_at)).toBe(t0 + 1000);

    t.clock.advance(999);
    expect(await drain()).toBe(0);
    t.clock.advance(1);
    await drain();
    row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({ status: 'retrying', attempts_count: 2 });
    expect(Date.parse(row.next_attempt_at)).toBe(t0 + 2000);

    t.clock.set(t0 + 2000);
    await drain();
    t.clock.set(t0 + 4000);
    await drain();
    row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({
      status: 'failed',
      attempts_count: 4,
      next_attempt_at: null,
      failure_reason: 'retries_exhausted',
    });
    expect(row.attempts.map((a: any) => a.status_code)).toEqual([500, 500, 500, 500]);
    expect(new Set(receiver.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([id]));

    const hook = await get(`/webhooks/${wh.id}`);
    expect(hook.active).toBe(false);
    expect(Date.parse(hook.disabled_at)).toBe(t0 + 4000);
    expect(hook.disabled_reason).toContain(id);

    // Disabled by failures: a new event gets a send-out, closed at once as failed without a request.
    const later = (await fireEvent(t, 'customer.created')).sendoutIds;
    expect(later).toHaveLength(1);
    await drain();
    expect(await get(`/webhook-sendouts/${later[0]}`)).toMatchObject({
      status: 'failed',
      failure_reason: 'webhook_disabled',
      attempts_count: 0,
    });
    expect(receiver.received).toHaveLength(4);
  });

  it('closes queued send-outs of an inactive webhook as failed without an HTTP request', async () => {
    receiver.status = () => 503;
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    await drain();
    expect(receiver.received).toHaveLength(1);
    const put = await t.vs.app.inject({
      method: 'PUT',
      url: `/management/v1/projects/${t.projectId}/webhooks/${wh.id}`,
      headers: t.mgmt,
      payload: { active: false },
    });
    expect(put.json()).toMatchObject({ active: false, disabled_reason: 'Deactivated by a user' });
    t.clock.advance(1000);
    await drain();
    expect(receiver.received).toHaveLength(1);
    const row = await get(`/webhook-sendouts/${sendoutIds[0]}`);
    expect(row).toMatchObject({
      status: 'failed',
      failure_reason: 'webhook_inactive',
      attempts_count: 1,
      next_attempt_at: null,
    });
  });

  it('a manual retry adds an attempt to the same send-out; recover re-enables and re-queues', async () => {
    receiver.status = () => 500;
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    const id = sendoutIds[0];
    for (const step of [0, 1000, 1000, 2000]) {
      t.clock.advance(step);
      await drain();
    }
    expect((await get(`/webhook-sendouts/${id}`)).status).toBe('failed');
    expect((await get(`/webhooks/${wh.id}`)).active).toBe(false);

    // Manual retry, still failing: one more attempt, marked manual, still failed; the webhook stays as it was.
    let res = await post(`/webhook-sendouts/${id}/retry`);
    expect(res.status).toBe(200);
    await drain();
    let row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({ status: 'failed', attempts_count: 5 });
    expect(row.attempts[4]).toMatchObject({ number: 5, manual: true, status_code: 500 });

    // Manual retry succeeding.
    receiver.status = () => 200;
    await post(`/webhook-sendouts/${id}/retry`);
    await drain();
    row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({ status: 'succeeded', attempts_count: 6 });
    expect(receiver.received.map((r) => r.headers['webhook-id'])).toEqual(Array(6).fill(id));

    // Retrying a send-out that is not failed is refused.
    res = await post(`/webhook-sendouts/${id}/retry`);
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 409, key: 'sendout_not_failed', resource_id: id });

    // Recover: events that failed while disabled are re-sent after re-enabling.
    receiver.status = () => 500;
    const more = await createWebhook(t, { target_url: receiver.url, events: ['customer.deleted'] });
    const {
      sendoutIds: [failedId],
    } = await fireEvent(t, 'customer.deleted');
    for (const step of [0, 1000, 1000, 2000]) {
      t.clock.advance(step);
      await drain();
    }
    expect((await get(`/webhooks/${more.id}`)).active).toBe(false);
    receiver.status = () => 200;
    res = await post(`/webhooks/${more.id}/recover`, {
      since: new Date(t.clock.now() - 60_000).toISOString(),
    });
    expect(res.body).toEqual({ object: 'webhook_recovery', webhook_id: more.id, requeued: 1 });
    expect((await get(`/webhooks/${more.id}`)).active).toBe(true);
    await drain();
    expect((await get(`/webhook-sendouts/${failedId}`)).status).toBe('succeeded');
  });

  it('records timeouts, connection errors and cuts response bodies to 4 KiB', async () => {
    const big = await createWebhook(t, { target_url: receiver.url + '?big', events: ['customer.created'] });
    await fireEvent(t, 'customer.created');
    receiver.status = () => 200;
    const origStatus = receiver.status;
    // A receiver that answers well after the 2 s test timeout: with only 0.5 s between them, a loaded machine
    // could run the client's timer after the late headers had arrived, and record a 200 that timed out.
    receiver.delayMs = 5000;
    await drain();
    receiver.delayMs = 0;
    receiver.status = origStatus;
    const list = await get(`/webhook-sendouts?webhook_id=${big.id}`);
    const detail = await get(`/webhook-sendouts/${list.data[0].id}`);
    expect(detail.attempts[0]).toMatchObject({ status_code: null, error: 'timeout' });
    expect(detail.status).toBe('retrying');

    receiver.responseBody = 'x'.repeat(10_000) + 'END';
    const large = await createWebhook(t, { target_url: receiver.url, events: ['voucher.created'] });
    await fireEvent(t, 'voucher.created');
    await drain();
    const l = await get(`/webhook-sendouts?webhook_id=${large.id}`);
    const attempt = (await get(`/webhook-sendouts/${l.data[0].id}`)).attempts[0];
    expect(attempt.status_code).toBe(200);
    expect(attempt.response_body).toBe('x'.repeat(4096));

    const refused = await createWebhook(t, {
      target_url: 'http://127.0.0.1:9/closed',
      events: ['customer.deleted'],
    });
    await fireEvent(t, 'customer.deleted');
    await drain();
    const r2 = await get(`/webhook-sendouts?webhook_id=${refused.id}`);
    expect((await get(`/webhook-sendouts/${r2.data[0].id}`)).attempts[0].error).toBe('connection_refused');
  });
});
