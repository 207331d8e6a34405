import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import type { Receiver } from '../helpers/receiver.js';
import { projectGet } from '../helpers/request.js';
import { eachWithReceiver } from '../helpers/harness.js';

/**
 * Auto-disable switches off only a dead endpoint: a send-out failed its last retry and the endpoint answered
 * no 2XX since that send-out's first attempt. While disabled by failures, events still get send-outs, closed
 * at once as `webhook_disabled`, so that recover re-sends them; a webhook a user switched off gets none.
 * Schedule in these tests: retries 1, 2 and 4 s after the initial attempt.
 */
describe.each(DIALECTS)('auto-disable on $name', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  eachWithReceiver(dialect, {}, (app, r) => {
    t = app;
    receiver = r;
  });

  const get = (path: string) => projectGet(t, path);
  const drain = () => t.vs.dispatcher!.drain();
  /** Moves the clock to `t0 + offset` and delivers whatever is due. */
  const at = async (t0: number, offset: number) => {
    t.clock.set(t0 + offset);
    await drain();
  };

  it('an endpoint that answered 2XX since a send-out first failed stays enabled when that send-out fails all its tries', async () => {
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const t0 = t.clock.now();
    receiver.status = () => 500;
    const {
      sendoutIds: [failing],
    } = await fireEvent(t, 'customer.created');
    await drain();

    // Half a second after its first try, another send-out to the same endpoint succeeds.
    t.clock.set(t0 + 500);
    receiver.status = () => 200;
    const {
      sendoutIds: [ok],
    } = await fireEvent(t, 'customer.created');
    await drain();
    expect((await get(`/webhook-sendouts/${ok}`)).status).toBe('succeeded');

    receiver.status = () => 500;
    for (const offset of [1000, 2000, 4000]) await at(t0, offset);
    expect(await get(`/webhook-sendouts/${failing}`)).toMatchObject({
      status: 'failed',
      attempts_count: 4,
      failure_reason: 'retries_exhausted',
    });
    expect(await get(`/webhooks/${wh.id}`)).toMatchObject({
      active: true,
      disabled_at: null,
      disabled_reason: null,
    });

    // Still enabled: the next event is delivered as usual.
    receiver.status = () => 200;
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    expect(sendoutIds).toHaveLength(1);
    await drain();
    expect((await get(`/webhook-sendouts/${sendoutIds[0]}`)).status).toBe('succeeded');
  });

  it('a 2XX before the first try does not keep a dead endpoint enabled; while disabled every event gets a send-out closed as webhook_disabled, and recover re-sends them all', async () => {
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const unticked = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const t0 = t.clock.now();
    // Both webhooks succeed once; then the second one is switched off by a user.
    await fireEvent(t, 'customer.created');
    await drain();
    expect(receiver.received).toHaveLength(2);
    const off = await t.vs.app.inject({
      method: 'PUT',
      url: `/management/v1/projects/${t.projectId}/webhooks/${unticked.id}`,
      headers: t.mgmt,
      payload: { active: false },
    });
    expect(off.json()).toMatchObject({ active: false, disabled_reason: 'Deactivated by a user' });

    // From t0 + 1 s the endpoint is dead: the send-out first tried then fails every retry.
    receiver.status = () => 500;
    t.clock.set(t0 + 1000);
    const {
      sendoutIds: [dead],
    } = await fireEvent(t, 'customer.created');
    await drain();
    // Another one, first tried at t0 + 1.5 s, is still retrying when the webhook is disabled.
    t.clock.set(t0 + 1500);
    const {
      sendoutIds: [queued],
    } = await fireEvent(t, 'customer.created');
    await drain();
    for (const offset of [2000, 2500, 3000, 3500]) await at(t0, offset);
    expect((await get(`/webhook-sendouts/${queued}`)).status).toBe('retrying');
    await at(t0, 5000);
    expect(await get(`/webhook-sendouts/${dead}`)).toMatchObject({
      status: 'failed',
      failure_reason: 'retries_exhausted',
    });
    const hook = await get(`/webhooks/${wh.id}`);
    expect(hook.active).toBe(false);
    expect(Date.parse(hook.disabled_at)).toBe(t0 + 5000);
    expect(hook.disabled_reason).toContain(dead);
    const requestsWhenDisabled = receiver.received.length;

    // The queued send-out falls due while the webhook is disabled by failures: closed with no request.
    await at(t0, 5500);
    expect(await get(`/webhook-sendouts/${queued}`)).toMatchObject({
      status: 'failed',
      failure_reason: 'webhook_disabled',
      attempts_count: 3,
      next_attempt_at: null,
    });

    // New events: one send-out each for the webhook disabled by failures, closed at once, no HTTP request;
    // none for the webhook the user switched off.
    const later: string[] = [];
    for (let i = 0; i < 3; i++) {
      const { sendoutIds } = await fireEvent(t, 'customer.created');
      expect(sendoutIds).toHaveLength(1);
      later.push(sendoutIds[0]);
    }
    await drain();
    for (const id of later) {
      const row = await get(`/webhook-sendouts/${id}`);
      expect(row).toMatchObject({
        webhook_id: wh.id,
        status: 'failed',
        failure_reason: 'webhook_disabled',
        attempts_count: 0,
        next_attempt_at: null,
      });
      expect(row.attempts).toEqual([]);
    }
    expect(receiver.received).toHaveLength(requestsWhenDisabled);
    expect((await get(`/webhook-sendouts?webhook_id=${unticked.id}`)).data).toHaveLength(1);

    // Recover since the endpoint died: re-enabled, and every failed send-out since then is re-sent.
    receiver.status = () => 200;
    const res = await t.vs.app.inject({
      method: 'POST',
      url: `/management/v1/projects/${t.projectId}/webhooks/${wh.id}/recover`,
      headers: t.mgmt,
      payload: { since: new Date(t0 + 1000).toISOString() },
    });
    expect(res.json()).toEqual({ object: 'webhook_recovery', webhook_id: wh.id, requeued: 5 });
    await drain();
    for (const id of [dead, queued, ...later])
      expect((await get(`/webhook-sendouts/${id}`)).status).toBe('succeeded');
    const delivered = new Set(
      receiver.received.slice(requestsWhenDisabled).map((r) => r.headers['webhook-id']),
    );
    expect(delivered).toEqual(new Set([dead, queued, ...later]));
    expect(await get(`/webhooks/${wh.id}`)).toMatchObject({ active: true, disabled_reason: null });
  });
});
