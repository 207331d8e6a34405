import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/connect.js';
import { OUTBOX_CHANNEL } from '../../src/webhooks/index.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, freshPgSchema } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { Receiver } from '../helpers/receiver.js';
import { eventually } from '../helpers/poll.js';
import { projectGet } from '../helpers/request.js';

describe.each(DIALECTS)('dispatcher on $name', (dialect) => {
  let t: TestApp | null = null;
  let receiver: Receiver;

  beforeEach(async () => {
    receiver = await new Receiver().start();
  });
  afterEach(async () => {
    await t?.close();
    t = null;
    await receiver.stop();
  });

  const get = (path: string) => projectGet(t!, path);

  it('keeps at most dispatchMaxPerOrigin requests in flight to one origin', async () => {
    t = await startTestApp(dialect, { dispatchMaxPerOrigin: 3, dispatchMaxInFlight: 50 });
    let current = 0;
    let peak = 0;
    const server = createServer((req, res) => {
      current++;
      peak = Math.max(peak, current);
      req.resume();
      setTimeout(() => {
        current--;
        res.end('ok');
      }, 30);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    try {
      await createWebhook(t, { target_url: url, events: ['customer.created'] });
      for (let i = 0; i < 20; i++) await fireEvent(t, 'customer.created');
      await t.vs.dispatcher!.drain();
      expect(peak).toBe(3);
      const list = await get('/webhook-sendouts?status=succeeded&limit=100');
      expect(list.data).toHaveLength(20);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('follows no redirects: a 302 is a failed try', async () => {
    t = await startTestApp(dialect);
    const server = createServer((req, res) => {
      req.resume();
      res.writeHead(302, { location: receiver.url });
      res.end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await createWebhook(t, {
        target_url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
        all_events: true,
      });
      const { sendoutIds } = await fireEvent(t, 'voucher.created');
      await t.vs.dispatcher!.drain();
      const row = await get(`/webhook-sendouts/${sendoutIds[0]}`);
      expect(row.status).toBe('retrying');
      expect(row.attempts[0]).toMatchObject({ status_code: 302, error: null });
      expect(row.attempts[0].response_headers.location).toBe(receiver.url);
      expect(receiver.received).toHaveLength(0);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('a webhook disabled by failures is re-enabled by PUT active: true and gets new events again', async () => {
    t = await startTestApp(dialect, { retryScheduleMs: [1000] });
    receiver.status = () => 500;
    const wh = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
    await fireEvent(t, 'customer.created');
    await t.vs.dispatcher!.drain();
    t.clock.advance(1000);
    await t.vs.dispatcher!.drain();
    expect(await get(`/webhooks/${wh.id}`)).toMatchObject({ active: false });
    const res = await t.vs.app.inject({
      method: 'PUT',
      url: `/management/v1/projects/${t.projectId}/webhooks/${wh.id}`,
      headers: t.mgmt,
      payload: { active: true },
    });
    expect(res.json()).toMatchObject({ active: true, disabled_at: null, disabled_reason: null });
    receiver.status = () => 200;
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    expect(sendoutIds).toHaveLength(1);
    await t.vs.dispatcher!.drain();
    expect((await get(`/webhook-sendouts/${sendoutIds[0]}`)).status).toBe('succeeded');
  });

  it('the running loop wakes on commit and delivers without being driven', async () => {
    // The fallback poll is a minute away: only the doorbell rung on commit can bring the delivery in 5 s.
    t = await startTestApp(dialect, { dispatchPollMs: 60_000 });
    await createWebhook(t, { target_url: receiver.url, all_events: true });
    await t.vs.startBackground();
    await fireEvent(t, 'customer.created');
    await receiver.waitFor(1, 5000);
    expect(JSON.parse(receiver.received[0].body).type).toBe('customer.created');
  });

  if (dialect.name === 'postgres') {
    it('LISTEN/NOTIFY carries the outbox signal from other processes', async () => {
      t = await startTestApp(dialect);
      let woken = 0;
      const unlisten = await t.vs.ctx.db.listen(OUTBOX_CHANNEL, () => woken++);
      expect(unlisten).not.toBeNull();
      // A NOTIFY from another connection (as another API process would send after a commit).
      const other = await t.vs.ctx.db.openNotifier();
      await other!.notify(OUTBOX_CHANNEL);
      await other!.close();
      await eventually(() => woken > 0, { timeoutMs: 5000, what: 'the NOTIFY' }).catch(() => {});
      await unlisten!();
      expect(woken).toBe(1);
    });

    it("an API process's commits wake a worker process's dispatcher, by NOTIFYs sent after them", async () => {
      // Two Vouchsafes on one schema, as `--role api` and `--role worker` processes would be. The worker's
      // fallback poll is a minute away: only the API's NOTIFYs can bring every delivery in 5 s.
      const { schema, drop } = await freshPgSchema();
      const open = () =>
        openDatabase({ databaseUrl: process.env.DATABASE_URL!, pgSchema: schema, pgPoolMax: 5 });
      const apiDb = await open();
      const workerDb = await open();
      const api = await startTestApp(dialect, { role: 'api' }, apiDb);
      const worker = await startTestApp(dialect, { role: 'worker', dispatchPollMs: 60_000 }, workerDb);
      try {
        await createWebhook(api, { target_url: receiver.url, events: ['customer.created'] });
        await worker.vs.startBackground();
        for (let i = 0; i < 5; i++) await fireEvent(api, 'customer.created');
        await receiver.waitFor(5, 5000);
        // A burst, then one more after it: the last is not left waiting for the poll either.
        await Promise.all(Array.from({ length: 30 }, () => fireEvent(api, 'customer.created')));
        await receiver.waitFor(35, 5000);
        await fireEvent(api, 'customer.created');
        await receiver.waitFor(36, 5000);
        expect(new Set(receiver.received.map((r) => r.headers['webhook-id'])).size).toBe(36);
      } finally {
        await worker.close();
        await api.close();
        await drop();
      }
    });
  }
});
