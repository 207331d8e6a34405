import { describe, expect, it } from 'vitest';
import { createThreadedHttpClient } from '../../src/webhooks/engine/http-thread.js';
import { Receiver } from '../helpers/receiver.js';

describe('the delivery thread', () => {
  it('posts from a worker thread, reports what came back, applies the egress guard, and restarts after close', async () => {
    // Raw posts from the HTTP client, not signed deliveries.
    const receiver = await new Receiver({ verify: false }).start();
    const client = createThreadedHttpClient({ policy: 'loopback', timeoutMs: 2000, connectionsPerOrigin: 4 });
    try {
      await client.warmUp!();
      const results = await Promise.all(
        [1, 2, 3].map((i) =>
          client.post(
            receiver.url,
            `{"n":${i}}`,
            { 'content-type': 'application/json', 'x-n': String(i) },
            1000 + i,
          ),
        ),
      );
      expect(results.map((r) => [r.statusCode, r.error, r.responseBody, r.startedAt])).toEqual([
        [200, null, 'ok from receiver', 1001],
        [200, null, 'ok from receiver', 1002],
        [200, null, 'ok from receiver', 1003],
      ]);
      expect(receiver.received.map((r) => r.body).sort()).toEqual(['{"n":1}', '{"n":2}', '{"n":3}']);

      const refused = await client.post('http://127.0.0.1:9/', '{}', {}, 0);
      expect(refused.error).toBe('connection_refused');

      await client.close();
      receiver.status = () => 503;
      const again = await client.post(receiver.url, '{}', {}, 0);
      expect(again).toMatchObject({ statusCode: 503, error: null });
    } finally {
      await client.close();
      await receiver.stop();
    }
    const strict = createThreadedHttpClient({ policy: 'none', timeoutMs: 2000, connectionsPerOrigin: 4 });
    try {
      expect((await strict.post('http://127.0.0.1:9/', '{}', {}, 0)).error).toBe('egress_denied');
    } finally {
      await strict.close();
    }
  });
});
