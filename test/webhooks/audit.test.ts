import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '../../src/webhooks/event-catalog.js';
import { purgeExpired } from '../../src/webhooks/retention.js';
import { KEYS, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import type { Receiver } from '../helpers/receiver.js';
import { inProject } from '../helpers/request.js';
import { eachWithReceiver } from '../helpers/harness.js';

/** The key in `data` of the object an event type is about. */
function mainObjectKey(type: string): string {
  const [head, second] = type.split('.');
  if (type.startsWith('redemption.rollback.')) return 'redemption_rollback';
  if (type.startsWith('business_validation_rule.assignment.')) return 'assignment';
  if (head === 'business_validation_rule') return 'rule';
  if (type.startsWith('campaign.reward.assignment.')) return 'reward_assignment';
  const parts = ['promotion_tier', 'earning_rule', 'loyalty_tier', 'promotion_stack', 'referral_tier'];
  if (head === 'campaign' && parts.includes(second)) return second;
  return head;
}

describe.each(DIALECTS)(
  'audit log, test send, secret rotation, retention and metrics on $name',
  (dialect) => {
    let t: TestApp;
    let receiver: Receiver;
    eachWithReceiver(dialect, {}, (app, r) => {
      t = app;
      receiver = r;
    });

    const inject = (method: 'GET' | 'POST', path: string, body?: Record<string, unknown>) =>
      inProject(t, method, path, { body });
    const drain = () => t.vs.dispatcher!.drain();

    it('lists send-outs newest first, filtered, with cursor paging', async () => {
      const a = await createWebhook(t, {
        target_url: receiver.url,
        events: ['customer.created', 'customer.deleted'],
      });
      const b = await createWebhook(t, { target_url: receiver.url + '?b', all_events: true });
      const t0 = t.clock.now();
      for (let i = 0; i < 5; i++) {
        await fireEvent(t, i % 2 === 0 ? 'customer.created' : 'customer.deleted');
        t.clock.advance(1000);
      }
      await drain();
      receiver.status = () => 500;
      await fireEvent(t, 'voucher.created');
      await drain();

      const all = (await inject('GET', '/webhook-sendouts?limit=100')).body;
      expect(all.data).toHaveLength(11);
      const created = all.data.map((s: any) => Date.parse(s.created_at));
      expect([...created].sort((x, y) => y - x)).toEqual(created);
      expect(all.data[0]).toMatchObject({
        object: 'webhook_sendout',
        type: 'voucher.created',
        webhook_id: b.id,
        status: 'retrying',
        attempts_count: 1,
        request_id: 'v-000000000000000001',
      });
      expect(Object.keys(all.data[0])).toEqual(
        expect.arrayContaining([
          'id',
          'object',
          'status',
          'type',
          'webhook_id',
          'target_url',
          'request_id',
          'event_id',
          'event_created_at',
          'created_at',
          'executed_at',
          'attempts_count',
          'next_attempt_at',
        ]),
      );

      const byHook = (await inject('GET', `/webhook-sendouts?webhook_id=${a.id}`)).body;
      expect(byHook.data).toHaveLength(5);
      expect(byHook.data.every((s: any) => s.webhook_id === a.id)).toBe(true);
      const byType = (await inject('GET', '/webhook-sendouts?type=customer.deleted')).body;
      expect(byType.data).toHaveLength(4);
      const byStatus = (await inject('GET', '/webhook-sendouts?status=retrying')).body;
      expect(byStatus.data.map((s: any) => s.type)).toEqual(['voucher.created']);
      const range = (
        await inject(
          'GET',
          `/webhook-sendouts?created_at[after]=${new Date(t0 + 500).toISOString()}&created_at[before]=${new Date(t0 + 2500).toISOString()}`,
        )
      ).body;
      expect(range.data).toHaveLength(4); // events at t0+1s and t0+2s, two webhooks each

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: any = (
          await inject('GET', `/webhook-sendouts?limit=4${cursor ? `&starting_after=${cursor}` : ''}`)
        ).body;
        expect(page.data.length).toBeLessThanOrEqual(4);
        seen.push(...page.data.map((s: any) => s.id));
        cursor = page.has_more ? page.more_starting_after : null;
      } while (cursor);
      expect(seen).toEqual(all.data.map((s: any) => s.id));

      const bad = await inject('GET', '/webhook-sendouts?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.body).toMatchObject({ code: 400, key: 'invalid_query_params' });
      expect((await inject('GET', '/webhook-sendouts?limit=101')).status).toBe(400);
      const missing = await inject('GET', '/webhook-sendouts/whs_nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        key: 'not_found',
        resource_type: 'webhook_sendout',
        resource_id: 'whs_nope',
      });
    });

    it('test send posts a signed sample at once, unqueued, and reports the answer', async () => {
      const res = await inject('POST', '/webhooks/test', {
        target_url: receiver.url,
        headers: { 'X-Trace': '1' },
      });
      expect(res.status).toBe(200);
      const out = res.body;
      expect(out).toMatchObject({ status_code: 200, response_body: 'ok from receiver', error: null });
      expect(out.duration_ms).toBeGreaterThanOrEqual(0);
      expect(receiver.received).toHaveLength(1);
      const { headers, body } = receiver.received[0];
      expect(headers['x-trace']).toBe('1');
      expect(JSON.parse(body).type).toBe('voucher.published');
      expect(JSON.parse(body).data.voucher).toBeTruthy();
      new Webhook(KEYS.webhookSecret).verify(body, {
        'webhook-id': String(headers['webhook-id']),
        'webhook-timestamp': String(headers['webhook-timestamp']),
        'webhook-signature': String(headers['webhook-signature']),
      });
      expect((await inject('GET', '/webhook-sendouts')).body.data).toHaveLength(0);

      const typed = (
        await inject('POST', '/webhooks/test', { target_url: receiver.url, type: 'customer.created' })
      ).body;
      expect(typed.status_code).toBe(200);
      expect(JSON.parse(receiver.received[1].body).type).toBe('customer.created');

      const refused = (await inject('POST', '/webhooks/test', { target_url: 'http://127.0.0.1:9/' })).body;
      expect(refused).toMatchObject({ status_code: null });
      expect(refused.error).toMatch(/^connection_refused/);

      const badType = await inject('POST', '/webhooks/test', { target_url: receiver.url, type: 'nope' });
      expect(badType.status).toBe(400);
      const badUrl = await inject('POST', '/webhooks/test', { target_url: 'ftp://x' });
      expect(badUrl.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      const badHeader = await inject('POST', '/webhooks/test', {
        target_url: receiver.url,
        headers: { 'webhook-id': 'x' },
      });
      expect(badHeader.status).toBe(400);
      const expectHeader = await inject('POST', '/webhooks/test', {
        target_url: receiver.url,
        headers: { Expect: '100-continue' },
      });
      expect(expectHeader.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      expect(expectHeader.body.details).toMatch(/^headers\.Expect /);
      expect(receiver.received).toHaveLength(2);
    });

    it("test send envelopes name the sample's main object as entity_id and the request as group_id", async () => {
      for (const type of EVENT_TYPES) {
        const res = await inject('POST', '/webhooks/test', { target_url: receiver.url, type });
        expect(res.body.status_code, type).toBe(200);
        const sent = JSON.parse(receiver.received.at(-1)!.body);
        const main = sent.data[mainObjectKey(type)];
        expect(main?.id, `${type} sample has its ${mainObjectKey(type)}`).toEqual(expect.any(String));
        expect(sent.event, type).toMatchObject({
          type,
          entity_id: main.id,
          group_id: res.headers['x-request-id'],
        });
        expect(sent.event.group_id).toMatch(/^v-[0-9a-f]{18}$/);
      }
      expect(receiver.received).toHaveLength(EVENT_TYPES.length);
    });

    it('after a regeneration, webhook-signature carries old and new signatures for 24 h', async () => {
      await createWebhook(t, { target_url: receiver.url, all_events: true });
      const regen = (await inject('POST', '/webhook-secret/regenerate')).body;
      expect(regen.secret_key).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
      expect(regen.secret_key).not.toBe(KEYS.webhookSecret);
      expect(Date.parse(regen.previous_secret_key_expires_at)).toBe(t.clock.now() + 24 * 3600 * 1000);
      expect((await inject('GET', '/webhook-secret')).body.secret_key).toBe(regen.secret_key);
      receiver.trust(regen.secret_key);

      await fireEvent(t, 'customer.created');
      await drain();
      const h = receiver.received[0].headers;
      const sigs = String(h['webhook-signature']).split(' ');
      expect(sigs).toHaveLength(2);
      const hdrs = (r: (typeof receiver.received)[number]) => ({
        'webhook-id': String(r.headers['webhook-id']),
        'webhook-timestamp': String(r.headers['webhook-timestamp']),
        'webhook-signature': String(r.headers['webhook-signature']),
      });
      new Webhook(regen.secret_key).verify(receiver.received[0].body, hdrs(receiver.received[0]));
      new Webhook(KEYS.webhookSecret).verify(receiver.received[0].body, hdrs(receiver.received[0]));

      t.clock.advance(24 * 3600 * 1000 + 1);
      await fireEvent(t, 'customer.created');
      await drain();
      expect(String(receiver.received[1].headers['webhook-signature']).split(' ')).toHaveLength(1);
      expect((await inject('GET', '/webhook-secret')).body.previous_secret_key_expires_at).toBeNull();
    });

    it('purges events, send-outs and attempts older than the retention period', async () => {
      await createWebhook(t, { target_url: receiver.url, all_events: true });
      const old = await fireEvent(t, 'customer.created');
      await drain();
      t.clock.advance(31 * 24 * 3600 * 1000);
      const fresh = await fireEvent(t, 'customer.created');
      await drain();
      expect(await purgeExpired(t.vs.ctx)).toBe(3);
      const db = t.vs.ctx.db.kysely;
      expect((await db.selectFrom('sendouts').select('id').execute()).map((r) => r.id)).toEqual(
        fresh.sendoutIds,
      );
      expect((await db.selectFrom('events').select('id').execute()).map((r) => r.id)).toEqual([
        fresh.eventId,
      ]);
      expect(await db.selectFrom('sendout_attempts').select('sendout_id').execute()).toHaveLength(1);
      expect(old.eventId).not.toBe(fresh.eventId);
    });

    it('exposes delivery metrics in Prometheus format', async () => {
      await createWebhook(t, { target_url: receiver.url, all_events: true });
      await fireEvent(t, 'customer.created');
      await drain();
      receiver.status = () => 500;
      await fireEvent(t, 'customer.created');
      await drain();
      await fireEvent(t, 'customer.deleted'); // left due
      const text = (await t.vs.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(text).toMatch(/vouchsafe_webhook_sendout_outcomes_total\{outcome="succeeded"\} 1/);
      expect(text).toMatch(/vouchsafe_webhook_sendout_outcomes_total\{outcome="retrying"\} 1/);
      expect(text).toMatch(/vouchsafe_webhook_delivery_duration_seconds_count 2/);
      expect(text).toMatch(/vouchsafe_webhook_queue_depth 1/);
      t.clock.advance(5000);
      const later = (await t.vs.app.inject({ method: 'GET', url: '/metrics' })).body;
      expect(later).toMatch(/vouchsafe_webhook_oldest_due_age_seconds (5|[1-9]\d*(\.\d+)?)/);
    });
  },
);
