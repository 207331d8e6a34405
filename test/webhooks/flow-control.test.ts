import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createVouchsafe } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { configWith } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/connect.js';
import { Dispatcher } from '../../src/webhooks/engine/dispatcher.js';
import type { AttemptResult, WebhookHttpClient } from '../../src/webhooks/engine/http-client.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, freshPgSchema } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { waitUntil } from '../helpers/poll.js';
import { inProject, projectGet } from '../helpers/request.js';
import { Receiver } from '../helpers/receiver.js';

/** Flow control per endpoint: what a receiver asks for is honoured, and one receiver cannot hurt the others. */
describe.each(DIALECTS)('flow control on $name', (dialect) => {
  let t: TestApp | null = null;
  const receivers: Receiver[] = [];

  afterEach(async () => {
    for (const r of receivers.splice(0)) r.release();
    await t?.close();
    t = null;
    for (const r of receivers.splice(0)) await r.stop();
  });

  const receiver = async () => {
    const r = await new Receiver().start();
    receivers.push(r);
    return r;
  };
  const sendout = (id: string) => projectGet(t!, `/webhook-sendouts/${id}`);
  const succeeded = async () => (await projectGet(t!, '/webhook-sendouts?status=succeeded&limit=100')).data;

  describe.each([
    ['delay-seconds', 429, (_now: number): string => '120'],
    ['an HTTP date', 503, (now: number): string => new Date(now + 120_000).toUTCString()],
  ] as const)('Retry-After as %s', (_form, status, value) => {
    it(`a ${status} reschedules the send-out no earlier than it says, as a failed try`, async () => {
      t = await startTestApp(dialect, { retryScheduleMs: [1000, 2000, 4000] });
      const r = await receiver();
      let answers = 0;
      r.status = () => (answers++ === 0 ? status : 200);
      r.responseHeaders = (): Record<string, string> =>
        answers === 1 ? { 'retry-after': value(t!.clock.now()) } : {};
      await createWebhook(t, { target_url: r.url, events: ['customer.created'] });
      const { sendoutIds } = await fireEvent(t, 'customer.created');
      const startedAt = t.clock.now();
      await t.vs.dispatcher!.drain();

      const after429 = await sendout(sendoutIds[0]);
      expect(after429).toMatchObject({ status: 'retrying', attempts_count: 1 });
      expect(after429.attempts[0]).toMatchObject({ status_code: status });
      expect(after429.attempts[0].response_headers['retry-after']).toBe(value(startedAt));
      // The schedule alone would retry after 1 s; the receiver asked for 120 s.
      const next = Date.parse(after429.next_attempt_at);
      expect(next).toBeGreaterThanOrEqual(startedAt + 119_000);
      expect(next).toBeLessThanOrEqual(startedAt + 121_000);

      t.clock.advance(1000);
      await t.vs.dispatcher!.drain();
      expect(r.received).toHaveLength(1);

      t.clock.set(next);
      await t.vs.dispatcher!.drain();
      expect(r.received).toHaveLength(2);
      expect(await sendout(sendoutIds[0])).toMatchObject({ status: 'succeeded', attempts_count: 2 });
    });
  });

  it('a Retry-After beyond a day past the scheduled retry is capped there', async () => {
    t = await startTestApp(dialect, { retryScheduleMs: [1000, 2000, 4000] });
    const r = await receiver();
    r.status = () => 429;
    r.responseHeaders = () => ({ 'retry-after': String(7 * 86_400) });
    await createWebhook(t, { target_url: r.url, events: ['customer.created'] });
    const { sendoutIds } = await fireEvent(t, 'customer.created');
    const startedAt = t.clock.now();
    await t.vs.dispatcher!.drain();
    const next = Date.parse((await sendout(sendoutIds[0])).next_attempt_at);
    expect(next).toBe(startedAt + 1000 + 86_400_000);
  });

  it('a slow receiver does not hold up a fast one in the same process', async () => {
    t = await startTestApp(dialect, {
      dispatchMaxInFlight: 24,
      dispatchMaxPerOrigin: 8,
      dispatchBatchSize: 8,
      dispatchPollMs: 100,
      webhookTimeoutMs: 60_000,
      dispatchLeaseMs: 120_000,
    });
    const slow = await receiver();
    slow.holding = true;
    const fast = await receiver();
    await createWebhook(t, { target_url: slow.url, events: ['customer.created'] });
    await createWebhook(t, { target_url: fast.url, events: ['customer.created'] });
    for (let i = 0; i < 60; i++) await fireEvent(t, 'customer.created');
    await t.vs.startBackground();

    await fast.waitFor(60, 20_000);
    // All of the fast receiver's deliveries arrived while the slow one still holds every answer, with no
    // more requests open to it than its origin's limit.
    expect(fast.received).toHaveLength(60);
    expect(slow.held.length).toBeGreaterThan(0);
    expect(slow.received.length).toBeLessThanOrEqual(8);

    slow.release();
    await slow.waitFor(60, 20_000);
    expect(new Set(slow.bodies().map((b) => b.id)).size).toBe(60);
  });

  it('a receiver that has not answered yet holds no more of the in-flight budget than its connections carry', async () => {
    // A budget of 10: had the silent receiver been let up to its per-origin limit of 8 before it answered,
    // it would hold 8 requests plus its queue, the whole budget, and the fast receiver would get nothing.
    t = await startTestApp(dialect, {
      dispatchMaxInFlight: 10,
      dispatchMaxPerOrigin: 8,
      dispatchConnectionsPerOrigin: 2,
      dispatchBatchSize: 8,
      dispatchPollMs: 100,
      webhookTimeoutMs: 60_000,
      dispatchLeaseMs: 120_000,
    });
    const slow = await receiver();
    slow.holding = true;
    const fast = await receiver();
    await createWebhook(t, { target_url: slow.url, events: ['customer.created'] });
    await createWebhook(t, { target_url: fast.url, events: ['customer.created'] });
    for (let i = 0; i < 40; i++) await fireEvent(t, 'customer.created');
    await t.vs.startBackground();

    await fast.waitFor(40, 20_000);
    expect(new Set(fast.bodies().map((b) => b.id)).size).toBe(40);
    expect(slow.received.length).toBeLessThanOrEqual(2);
    expect(slow.held.length).toBeGreaterThan(0);

    slow.release();
    await slow.waitFor(40, 20_000);
    expect(new Set(slow.bodies().map((b) => b.id)).size).toBe(40);
  });

  it('a stopped dispatcher sends none of the deliveries still queued for a slow origin', async () => {
    t = await startTestApp(dialect, { dispatchMaxPerOrigin: 2, dispatchBatchSize: 8 });
    const r = await receiver();
    await createWebhook(t, { target_url: r.url, events: ['customer.created'] });
    for (let i = 0; i < 6; i++) await fireEvent(t, 'customer.created');
    // An HTTP client whose answers wait until the test gives them: two requests open, four queued behind.
    const posted: ((a: AttemptResult) => void)[] = [];
    const later = (startedAt: number) =>
      new Promise<AttemptResult>((resolve) =>
        posted.push(() =>
          resolve({
            startedAt,
            durationMs: 1,
            statusCode: 200,
            error: null,
            errorMessage: null,
            responseHeaders: {},
            responseBody: 'ok',
          }),
        ),
      );
    const http: WebhookHttpClient = {
      post: (_url, _body, _headers, startedAt) => later(startedAt),
      send: (s) => later(s.startedAt),
      close: async () => {},
    };
    const dispatcher = new Dispatcher({ ctx: t.vs.ctx, http, workerId: 'stopping-worker' });
    dispatcher.start();
    await waitUntil(() => posted.length === 2, 10_000, 'two requests open');
    await dispatcher.stop(0);
    for (const answer of posted.slice()) answer({} as AttemptResult);
    await new Promise((r) => setImmediate(r));
    // The answers freed the origin's slots after the stop: the queued four stay unsent, for their leases.
    expect(posted).toHaveLength(2);
    await dispatcher.stop(0);
  });

  it('a receiver that times out gets fewer deliveries at once until it answers again', async () => {
    t = await startTestApp(dialect, {
      dispatchMaxPerOrigin: 8,
      webhookTimeoutMs: 300,
      dispatchLeaseMs: 5000,
      retryScheduleMs: [1000, 2000],
    });
    // Hangs without answering until `answering`; records how many requests were open as each arrived.
    let answering = false;
    let open = 0;
    const openAtArrival: number[] = [];
    const server = createServer((req, res) => {
      open++;
      openAtArrival.push(open);
      res.on('close', () => open--);
      req.resume();
      if (answering) setTimeout(() => res.end('ok'), 30);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
      await createWebhook(t, { target_url: url, events: ['customer.created'] });
      for (let i = 0; i < 12; i++) await fireEvent(t, 'customer.created');
      await t.vs.dispatcher!.drain();
      expect(openAtArrival).toHaveLength(12);
      // The first 8 went out together, up to the origin's limit; once they timed out, the other 4 went one
      // at a time (without the breaker, all 4 start as soon as the first timeouts free their slots).
      expect(openAtArrival.slice(0, 8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(Math.max(...openAtArrival.slice(8))).toBeLessThanOrEqual(2);

      answering = true;
      t.clock.advance(1000);
      await t.vs.dispatcher!.drain();
      expect(openAtArrival).toHaveLength(24);
      // Answers in time bring the limit back up: the retries overlap again.
      expect(Math.max(...openAtArrival.slice(12))).toBeGreaterThanOrEqual(4);
      expect(await succeeded()).toHaveLength(12);
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });

  it('rate_limit is part of the webhook, and out-of-range values are refused naming the field', async () => {
    t = await startTestApp(dialect);
    const r = await receiver();
    const wh = await createWebhook(t, {
      target_url: r.url,
      events: ['customer.created'],
      rate_limit: 50,
    });
    expect(wh).toMatchObject({ rate_limit: 50 });
    const put = (body: Record<string, unknown>) => inProject(t!, 'PUT', `/webhooks/${wh.id}`, { body });
    for (const bad of [0, -1, 10_001, 1.5, '5', true]) {
      const res = await put({ rate_limit: bad });
      expect(res.status, JSON.stringify(bad)).toBe(400);
      expect(res.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      expect(res.body.details).toContain('rate_limit');
    }
    expect((await put({ rate_limit: null })).body).toMatchObject({ rate_limit: null });
    expect((await put({ rate_limit: 3 })).body).toMatchObject({ rate_limit: 3 });
  });

  it('a rate-limited webhook gets no more deliveries per second than its limit; waiting is not a failed try', async () => {
    t = await startTestApp(dialect);
    const r = await receiver();
    await createWebhook(t, { target_url: r.url, events: ['customer.created'], rate_limit: 5 });
    const fast = await receiver();
    await createWebhook(t, { target_url: fast.url, events: ['customer.created'] });
    for (let i = 0; i < 12; i++) await fireEvent(t, 'customer.created');
    const drain = () => t!.vs.dispatcher!.drain();
    await drain();
    expect(r.received).toHaveLength(5);
    expect(fast.received).toHaveLength(12);
    t.clock.advance(199);
    await drain();
    expect(r.received).toHaveLength(5);
    t.clock.advance(1);
    await drain();
    expect(r.received).toHaveLength(6);
    t.clock.advance(1000);
    await drain();
    expect(r.received).toHaveLength(11);
    t.clock.advance(1000);
    await drain();
    expect(r.received).toHaveLength(12);
    const list = await succeeded();
    expect(list).toHaveLength(24);
    expect(list.every((s: { attempts_count: number }) => s.attempts_count === 1)).toBe(true);
  });

  if (dialect.name === 'postgres') {
    it('two workers on PostgreSQL share one rate limit, and deliver each send-out once', async () => {
      const clock = new ManualClock(Date.now());
      const { schema, drop } = await freshPgSchema();
      const workers: { close(): Promise<void>; vs: Awaited<ReturnType<typeof createVouchsafe>> }[] = [];
      try {
        for (let i = 0; i < 2; i++) {
          const db = await openDatabase({
            databaseUrl: process.env.DATABASE_URL!,
            pgSchema: schema,
            pgPoolMax: 5,
          });
          const vs = await createVouchsafe({
            config: configWith({
              ...KEYS,
              retryScheduleMs: [1000],
              dispatchBatchSize: 2,
              logLevel: 'silent',
            }),
            clock,
            db,
            logger: pino({ level: 'silent' }),
          });
          await vs.app.ready();
          workers.push({ vs, close: () => vs.close().then(() => db.close()) });
        }
        const [a, b] = workers;
        const app: TestApp = {
          vs: a.vs,
          clock,
          projectId: a.vs.bootstrap.project.id,
          mgmt: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
          appKey: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
          close: async () => {},
        };
        const r = await receiver();
        await createWebhook(app, { target_url: r.url, events: ['customer.created'], rate_limit: 4 });
        for (let i = 0; i < 10; i++) await fireEvent(app, 'customer.created');
        const both = () => Promise.all([a.vs.dispatcher!.drain(), b.vs.dispatcher!.drain()]);
        await both();
        expect(r.received).toHaveLength(4);
        clock.advance(500);
        await both();
        expect(r.received).toHaveLength(6);
        clock.advance(1000);
        await both();
        expect(r.received).toHaveLength(10);
        expect(new Set(r.received.map((x) => x.headers['webhook-id'])).size).toBe(10);
      } finally {
        for (const w of workers) await w.close();
        await drop();
      }
    });
  }
});
