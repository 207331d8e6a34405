import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { Receiver } from '../helpers/receiver.js';
import { inProject, type Key, mgmt } from '../helpers/request.js';

const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`webhook send-out stats (${dialect.name})`, () => {
    let t: TestApp;
    const receiver = new Receiver();
    beforeEach(async () => {
      t = await startTestApp(dialect);
      await receiver.start();
    });
    afterEach(async () => {
      await t.close();
      await receiver.stop();
    });

    const stats = (query: string, key: Key = 'mgmt') =>
      inProject(t, 'GET', `/webhook-sendouts-stats?${query}`, { key });

    it('counts send-outs per interval by status, with empty intervals present', async () => {
      t.clock.set(Date.parse('2026-03-01T10:00:00.000Z'));
      const t0 = t.clock.now();
      const a = await createWebhook(t, { target_url: receiver.url, events: ['customer.created'] });
      await fireEvent(t, 'customer.created');
      await fireEvent(t, 'customer.created');
      await t.vs.dispatcher!.drain();
      t.clock.advance(2 * HOUR);
      const b = await createWebhook(t, { target_url: receiver.url, events: ['customer.deleted'] });
      await fireEvent(t, 'customer.deleted');

      const after = new Date(t0 - HOUR).toISOString();
      const before = new Date(t0 + 3 * HOUR).toISOString();
      const res = await stats(`created_at[after]=${after}&created_at[before]=${before}&interval=1h`);
      expect(res.status).toBe(200);
      const body = res.body;
      expect(body).toMatchObject({ object: 'webhook_sendout_stats', interval_ms: HOUR, webhook_id: null });
      expect(body.data, JSON.stringify(body)).toHaveLength(4);
      expect(body.data.map((d: any) => [d.succeeded, d.pending, d.retrying, d.failed])).toEqual([
        [0, 0, 0, 0],
        [2, 0, 0, 0],
        [0, 0, 0, 0],
        [0, 1, 0, 0],
      ]);
      expect(body.data[1].start).toBe(new Date(Math.floor(t0 / HOUR) * HOUR).toISOString());

      const onlyB = (
        await stats(`webhook_id=${b.id}&created_at[after]=${after}&created_at[before]=${before}`)
      ).body;
      expect(onlyB.data.reduce((n: number, d: any) => n + d.succeeded + d.pending, 0)).toBe(1);
      const onlyA = (
        await stats(`webhook_id=${a.id}&created_at[after]=${after}&created_at[before]=${before}`)
      ).body;
      expect(onlyA.data.reduce((n: number, d: any) => n + d.succeeded, 0)).toBe(2);
    });

    it('defaults to the last 24 h in at most 60 buckets, and checks its input', async () => {
      const res = await stats('');
      expect(res.status).toBe(200);
      expect(res.body.interval_ms).toBe(HOUR);
      expect(res.body.data.length).toBeLessThanOrEqual(60);
      const reversed = await stats(
        'created_at[after]=2026-03-02T00:00:00Z&created_at[before]=2026-03-01T00:00:00Z',
      );
      expect(reversed.status).toBe(400);
      expect(reversed.body.key).toBe('invalid_query_params');
      const tooMany = await stats(
        'created_at[after]=2026-01-01T00:00:00Z&created_at[before]=2026-03-01T00:00:00Z&interval=1m',
      );
      expect(tooMany.status).toBe(400);
    });

    it('needs management auth like the rest of the Management API', async () => {
      expect((await stats('', {})).status).toBe(401);
      const missing = await mgmt(t, 'GET', '/management/v1/projects/proj_nope/webhook-sendouts-stats');
      expect(missing.status).toBe(404);
    });
  });
}
