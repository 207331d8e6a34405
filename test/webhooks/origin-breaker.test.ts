import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { configWith } from '../../src/platform/config.js';
import type { AttemptResult } from '../../src/webhooks/engine/http-client.js';
import { OriginBreaker, SLOW_ANSWER_MS } from '../../src/webhooks/engine/origin-breaker.js';

const answer = (over: Partial<AttemptResult>): AttemptResult => ({
  startedAt: 0,
  durationMs: 5,
  statusCode: 200,
  error: null,
  errorMessage: null,
  responseHeaders: {},
  responseBody: 'ok',
  ...over,
});

describe('the origin breaker', () => {
  const config = configWith({ dispatchMaxPerOrigin: 256, dispatchConnectionsPerOrigin: 64 });
  const breaker = () => new OriginBreaker({ config, log: pino({ level: 'silent' }) });
  const A = 'http://127.0.0.1:1';
  const B = 'http://127.0.0.1:2';

  const quick = (b: OriginBreaker, origin: string, times: number) => {
    for (let i = 0; i < times; i++) b.adjust(origin, answer({}));
  };

  it('starts an origin at one delivery per connection, and opens it to the maximum on quick answers', () => {
    const b = breaker();
    expect(b.limit(A)).toBe(64);
    // A slow first answer keeps it there.
    b.adjust(A, answer({ durationMs: 5000 }));
    expect(b.limit(A)).toBe(64);
    for (const expected of [128, 256, 256]) {
      b.adjust(A, answer({}));
      expect(b.limit(A)).toBe(expected);
    }
    expect(b.limit(B)).toBe(64);
  });

  it('halves an origin on each timeout, down to one, and doubles it back on answers in time', () => {
    const b = breaker();
    quick(b, A, 2);
    expect(b.limit(A)).toBe(256);
    for (const expected of [128, 64, 32, 16, 8, 4, 2, 1, 1]) {
      b.adjust(A, answer({ statusCode: null, error: 'timeout' }));
      expect(b.limit(A)).toBe(expected);
    }
    expect(b.limit(B)).toBe(64);
    for (const expected of [2, 4, 8, 16, 32, 64, 128, 256, 256]) {
      b.adjust(A, answer({}));
      expect(b.limit(A)).toBe(expected);
    }
  });

  it('caps an origin that answers slowly at one delivery per connection, until it answers quickly again', () => {
    const b = breaker();
    quick(b, A, 2);
    quick(b, B, 2);
    b.adjust(A, answer({ durationMs: SLOW_ANSWER_MS }));
    expect(b.limit(A)).toBe(64);
    // Slow answers keep it there; they do not double it, and they lower no other origin.
    b.adjust(A, answer({ durationMs: 4000 }));
    expect(b.limit(A)).toBe(64);
    expect(b.limit(B)).toBe(256);
    // A slow answer never raises a limit that timeouts lowered.
    b.adjust(B, answer({ statusCode: null, error: 'timeout' }));
    b.adjust(B, answer({ statusCode: null, error: 'timeout' }));
    b.adjust(B, answer({ durationMs: 2000 }));
    expect(b.limit(B)).toBe(64);
    b.adjust(B, answer({ statusCode: null, error: 'timeout' }));
    b.adjust(B, answer({ durationMs: 2000 }));
    expect(b.limit(B)).toBe(32);
    b.adjust(A, answer({ durationMs: SLOW_ANSWER_MS - 1 }));
    expect(b.limit(A)).toBe(128);
    b.adjust(A, answer({}));
    expect(b.limit(A)).toBe(256);
  });
});
