import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Dispatcher, type WebhookHttpClient } from '../../src/webhooks/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { Receiver } from '../helpers/receiver.js';
import { projectGet } from '../helpers/request.js';

/**
 * A worker that sent a try and died before recording its outcome leaves an expired lease. The worker that
 * takes the send-out over records the lost try as an attempt (`interrupted`, no status), so the audit log
 * counts every request the receiver saw.
 */
describe.each(DIALECTS)('lease takeover on $name', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  const lease = 5000;

  beforeEach(async () => {
    t = await startTestApp(dialect, { dispatchLeaseMs: lease });
    receiver = await new Receiver().start();
  });
  afterEach(async () => {
    await t.close();
    await receiver.stop();
  });

  const get = (path: string) => projectGet(t, path);

  /** A worker that sends its tries through the real client and then hangs, as if killed before recording. */
  const dyingWorker = (name: string) => {
    const http: WebhookHttpClient = {
      async post(url, body, headers, startedAt) {
        await t.vs.http.post(url, body, headers, startedAt);
        return new Promise(() => {});
      },
      async send(s) {
        await t.vs.http.send(s);
        return new Promise(() => {});
      },
      async close() {},
    };
    return new Dispatcher({ ctx: t.vs.ctx, http, workerId: name });
  };

  it('records each try lost with a dead worker as an interrupted attempt, then the real one', async () => {
    await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    const {
      sendoutIds: [id],
    } = await fireEvent(t, 'customer.created');
    const untouched = (await fireEvent(t, 'customer.created')).sendoutIds[0];

    // Two workers in turn claim the send-outs, send them and die; each lease then runs out.
    for (const [i, name] of ['dead-1', 'dead-2'].entries()) {
      void dyingWorker(name).drain();
      await receiver.waitFor(2 * (i + 1));
      expect(await get(`/webhook-sendouts/${id}`)).toMatchObject({ status: 'in_flight' });
      t.clock.advance(lease + 1);
    }
    const takeoverAt = t.clock.now();
    await t.vs.dispatcher!.drain();

    const seen = receiver.received.filter((r) => r.headers['webhook-id'] === id);
    expect(seen).toHaveLength(3);
    const row = await get(`/webhook-sendouts/${id}`);
    expect(row).toMatchObject({ status: 'succeeded', attempts_count: 3 });
    expect(row.attempts).toHaveLength(3);
    expect(row.attempts.slice(0, 2)).toMatchObject([
      { number: 1, status_code: null, error: 'interrupted', manual: false },
      { number: 2, status_code: null, error: 'interrupted', manual: false },
    ]);
    expect(row.attempts[2]).toMatchObject({ number: 3, status_code: 200, error: null });
    expect(Date.parse(row.attempts[1].started_at)).toBeLessThanOrEqual(takeoverAt);
    expect((await get(`/webhook-sendouts/${untouched}`)).attempts_count).toBe(3);

    // A send-out claimed fresh, without a takeover, has no interrupted attempt.
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    await t.vs.dispatcher!.drain();
    const fresh = await get(`/webhook-sendouts/${sendoutIds[0]}`);
    expect(fresh.attempts.map((a: { error: string | null }) => a.error)).toEqual([null]);
  });
});
