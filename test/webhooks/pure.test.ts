import { createHmac } from 'node:crypto';
import { Webhook } from 'standardwebhooks';
import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_SCHEDULE_MS, parseRetrySchedule } from '../../src/platform/config.js';
import { buildEnvelope } from '../../src/webhooks/engine/envelope.js';
import { EVENT_CATALOG, EVENT_GROUPS, canonicalEventType } from '../../src/webhooks/event-catalog.js';
import {
  classifyAttempt,
  nextState,
  RETRY_AFTER_CAP_MS,
  retryAfterAt,
  webhookHealth,
} from '../../src/webhooks/engine/outcome.js';
import {
  standardWebhookSignature,
  verifyVoucherifySignature,
  voucherifySignature,
  webhookSignatureHeader,
} from '../../src/webhooks/engine/signing.js';

const envelopeInput = {
  sendoutId: 'whs_1',
  projectId: 'proj_1',
  createdAt: '2026-03-01T10:00:00.000Z',
  type: 'customer.created',
  dataJson: JSON.stringify({
    customer: { id: 'cust_1', name: 'Zoë "Q" \u2028', metadata: { n: 1.5, big: 1e21 } },
  }),
  webhook: { id: 'wh_1', target_url: 'http://127.0.0.1:1/x' },
  event: {
    id: 'evt_1',
    type: 'customer.created',
    created_at: '2026-03-01T10:00:00.000Z',
    entity_id: 'cust_1',
    group_id: 'v-0123456789abcdef01',
    event_source_json: JSON.stringify({
      channel: 'API',
      user: null,
      api_key: { name: 'Default', app_id: 'app_1' },
    }),
  },
};

describe('envelope', () => {
  it('has the v2024-01-01 keys in order and is byte-identical to JSON.stringify of its parse', () => {
    const body = buildEnvelope(envelopeInput);
    const parsed = JSON.parse(body);
    expect(Object.keys(parsed)).toEqual([
      'id',
      'project_id',
      'created_at',
      'type',
      'data',
      'source',
      'event',
    ]);
    expect(parsed.source).toEqual({ id: 'wh_1', object: 'webhook', target_url: 'http://127.0.0.1:1/x' });
    expect(Object.keys(parsed.event)).toEqual([
      'id',
      'type',
      'created_at',
      'entity_id',
      'group_id',
      'event_source',
    ]);
    expect(JSON.stringify(parsed)).toBe(body);
  });
});

describe('signatures', () => {
  const secret = 'whsec_' + Buffer.alloc(32, 3).toString('base64');
  const body = buildEnvelope(envelopeInput);

  it('x-voucherify-signature is the hex HMAC-SHA256 of the body keyed with the whole secret', () => {
    const expected = createHmac('sha256', secret).update(body).digest('hex');
    expect(voucherifySignature(secret, body)).toBe(expected);
    expect(verifyVoucherifySignature(secret, body, expected)).toBe(true);
    expect(verifyVoucherifySignature(secret, body, expected.replace(/.$/, '0'))).toBe(expected.endsWith('0'));
  });

  it('webhook-signature verifies with the standardwebhooks library for a whsec_ secret', () => {
    const ts = 1_772_359_200;
    const headers = {
      'webhook-id': 'whs_1',
      'webhook-timestamp': String(ts),
      'webhook-signature': standardWebhookSignature(secret, 'whs_1', ts, body),
    };
    const wh = new Webhook(secret);
    expect(() => (wh as any).verify(body, headers)).toThrow(/too old/i); // timestamp tolerance is enforced…
    const now = Math.floor(Date.now() / 1000);
    headers['webhook-timestamp'] = String(now);
    headers['webhook-signature'] = standardWebhookSignature(secret, 'whs_1', now, body);
    expect(wh.verify(body, headers)).toEqual(JSON.parse(body)); // …and the signature itself is right.
  });

  it('a user-supplied secret without the whsec_ form keys Standard Webhooks as UTF-8 bytes', () => {
    const plain = 'my-voucherify-secret-key';
    const now = Math.floor(Date.now() / 1000);
    const sig = standardWebhookSignature(plain, 'whs_1', now, body);
    const expected = createHmac('sha256', Buffer.from(plain, 'utf8'))
      .update(`whs_1.${now}.${body}`)
      .digest('base64');
    expect(sig).toBe(`v1,${expected}`);
    const wh = new Webhook(Buffer.from(plain, 'utf8').toString('base64'));
    expect(
      wh.verify(body, { 'webhook-id': 'whs_1', 'webhook-timestamp': String(now), 'webhook-signature': sig }),
    ).toBeTruthy();
  });

  it('carries both signatures during a rotation overlap', () => {
    const old = 'whsec_' + Buffer.alloc(32, 1).toString('base64');
    const now = Math.floor(Date.now() / 1000);
    const header = webhookSignatureHeader([secret, old], 'whs_1', now, body);
    const parts = header.split(' ');
    expect(parts).toHaveLength(2);
    const h = { 'webhook-id': 'whs_1', 'webhook-timestamp': String(now), 'webhook-signature': header };
    expect(new Webhook(secret).verify(body, h)).toBeTruthy();
    expect(new Webhook(old).verify(body, h)).toBeTruthy();
  });
});

describe('classifyAttempt', () => {
  it.each([
    [{ statusCode: 200, error: null }, 'succeeded'],
    [{ statusCode: 201, error: null }, 'succeeded'],
    [{ statusCode: 204, error: null }, 'succeeded'],
    [{ statusCode: 299, error: null }, 'succeeded'],
    [{ statusCode: 199, error: null }, 'retry'],
    [{ statusCode: 301, error: null }, 'retry'],
    [{ statusCode: 302, error: null }, 'retry'],
    [{ statusCode: 400, error: null }, 'retry'],
    [{ statusCode: 410, error: null }, 'retry'],
    [{ statusCode: 429, error: null }, 'retry'],
    [{ statusCode: 500, error: null }, 'retry'],
    [{ statusCode: 503, error: null }, 'retry'],
    [{ statusCode: null, error: 'timeout' }, 'retry'],
    [{ statusCode: null, error: 'connection_refused' }, 'retry'],
    [{ statusCode: null, error: 'egress_denied' }, 'retry'],
    [{ statusCode: 200, error: 'timeout' }, 'retry'],
  ] as const)('%o → %s', (attempt, verdict) => {
    expect(classifyAttempt(attempt)).toBe(verdict);
  });
});

describe('retry schedule', () => {
  it("defaults to Voucherify's 12 retries: 1, 2, 4 … 1024 minutes, then 24 h", () => {
    const minutes = DEFAULT_RETRY_SCHEDULE_MS.map((ms) => ms / 60_000);
    expect(minutes).toEqual([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 1440]);
  });

  it('counts each retry from the initial attempt and fails after the last', () => {
    const schedule = [1000, 2000, 4000];
    const first = 10_000;
    let s = { retriesCount: 0, firstAttemptAt: first, manual: false };
    const times: number[] = [];
    for (;;) {
      const n = nextState('retry', s, schedule);
      if (n.status !== 'retrying') {
        expect(n).toMatchObject({ status: 'failed', failureReason: 'retries_exhausted', exhausted: true });
        break;
      }
      times.push(n.nextAttemptAt);
      s = { ...s, retriesCount: n.retriesCount };
    }
    expect(times).toEqual([11_000, 12_000, 14_000]);
  });

  it('a failed manual retry leaves the send-out failed without disabling the webhook', () => {
    expect(nextState('retry', { retriesCount: 3, firstAttemptAt: 0, manual: true }, [1])).toMatchObject({
      status: 'failed',
      exhausted: false,
    });
    expect(nextState('succeeded', { retriesCount: 3, firstAttemptAt: 0, manual: true }, [1]).status).toBe(
      'succeeded',
    );
  });

  it('VOUCHSAFE_RETRY_SCHEDULE sets the number of retries by its length', () => {
    expect(parseRetrySchedule('1s,2s,4s')).toEqual([1000, 2000, 4000]);
    expect(parseRetrySchedule('500ms,1m,2h,1d')).toEqual([500, 60_000, 7_200_000, 86_400_000]);
    expect(parseRetrySchedule('2s,1s')).toBeInstanceOf(Error);
    expect(parseRetrySchedule('soon')).toBeInstanceOf(Error);
  });
});

describe('Retry-After', () => {
  const now = Date.parse('2026-03-01T10:00:00.000Z');

  it.each([
    [429, '120', now + 120_000],
    [503, '0', null],
    [503, ' 30 ', now + 30_000],
    [429, 'Sun, 01 Mar 2026 10:05:00 GMT', now + 300_000],
    [503, 'Sun, 01 Mar 2026 09:59:00 GMT', null],
    [429, '-5', null],
    [429, '1.5', null],
    [429, 'soon', null],
    [429, '2026-03-01T10:05:00Z', null],
    [500, '120', null],
    [200, '120', null],
    [null, '120', null],
  ] as const)('status %s with Retry-After %j → %s', (status, value, expected) => {
    expect(retryAfterAt(status, { 'retry-after': value }, now)).toBe(expected);
  });

  it('is ignored when absent', () => {
    expect(retryAfterAt(429, {}, now)).toBeNull();
  });

  const schedule = [60_000, 120_000];
  const base = { retriesCount: 0, firstAttemptAt: now, manual: false };

  it('delays the retry to no earlier than asked, counting the try as failed', () => {
    const n = nextState('retry', { ...base, notBefore: now + 600_000 }, schedule);
    expect(n).toMatchObject({ status: 'retrying', nextAttemptAt: now + 600_000, retriesCount: 1 });
  });

  it('never brings a retry forward', () => {
    const n = nextState('retry', { ...base, notBefore: now + 1000 }, schedule);
    expect(n).toMatchObject({ status: 'retrying', nextAttemptAt: now + 60_000 });
  });

  it('is capped at the scheduled time plus 24 h', () => {
    const n = nextState('retry', { ...base, notBefore: now + 10 * RETRY_AFTER_CAP_MS }, schedule);
    expect(n).toMatchObject({ status: 'retrying', nextAttemptAt: now + 60_000 + RETRY_AFTER_CAP_MS });
    expect(RETRY_AFTER_CAP_MS).toBe(86_400_000);
  });

  it('does not extend the schedule: after the last retry the send-out fails', () => {
    const n = nextState('retry', { ...base, retriesCount: 2, notBefore: now + 600_000 }, schedule);
    expect(n).toMatchObject({ status: 'failed', failureReason: 'retries_exhausted' });
  });
});

describe('webhookHealth', () => {
  it('folds a batch into one change per webhook, in id order: the latest 2XX and the latest-starting exhausted send-out', () => {
    const ex = (since: number) => ({ since, reason: `r${since}` });
    expect(
      webhookHealth([
        { webhookId: 'wh_b', succeededAt: 50, exhausted: null },
        { webhookId: 'wh_a', succeededAt: null, exhausted: ex(10) },
        { webhookId: 'wh_b', succeededAt: 70, exhausted: null },
        { webhookId: 'wh_a', succeededAt: null, exhausted: ex(30) },
        { webhookId: 'wh_a', succeededAt: null, exhausted: ex(20) },
        { webhookId: 'wh_b', succeededAt: 60, exhausted: ex(5) },
      ]),
    ).toEqual([
      { webhookId: 'wh_a', lastSuccessAt: null, disableUnlessSuccessSince: ex(30) },
      { webhookId: 'wh_b', lastSuccessAt: 70, disableUnlessSuccessSince: ex(5) },
    ]);
    expect(webhookHealth([])).toEqual([]);
  });
});

describe('event catalog', () => {
  it('holds the 60 types of the reference list, each in one of the settings-page groups', async () => {
    const { readFile } = await import('node:fs/promises');
    const reference = JSON.parse(
      await readFile(new URL('../../../shared/events.json', import.meta.url), 'utf8'),
    ) as {
      type: string;
    }[];
    expect(EVENT_CATALOG.map((e) => e.type).sort()).toEqual(reference.map((e) => e.type).sort());
    for (const e of EVENT_CATALOG) expect(EVENT_GROUPS).toContain(e.group);
    expect(new Set(EVENT_CATALOG.map((e) => e.group)).size).toBe(EVENT_GROUPS.length);
  });

  it('accepts the four upstream misspellings as aliases', () => {
    expect(canonicalEventType('campaign.vouchers.aded')).toBe('campaign.vouchers.added');
    expect(canonicalEventType('voucher.gift.balance_aded')).toBe('voucher.gift.balance_added');
    expect(canonicalEventType('voucher.loyalty_card.pending_points.aded')).toBe(
      'voucher.loyalty_card.pending_points.added',
    );
    expect(canonicalEventType('voucher.loyalty_card.points_aded')).toBe('voucher.loyalty_card.points_added');
    expect(canonicalEventType('customer.updated')).toBeNull();
  });
});
