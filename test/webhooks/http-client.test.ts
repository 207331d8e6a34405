import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createWebhookHttpClient, RESPONSE_BODY_KEEP_BYTES } from '../../src/webhooks/engine/http-client.js';

/** A receiver whose answer each test sets, noting the path and query it was sent to. */
async function serve(answer: (req: { url: string }, res: import('node:http').ServerResponse) => void) {
  const seen: string[] = [];
  const server: Server = createServer((req, res) => {
    seen.push(req.url ?? '');
    req.resume();
    req.on('end', () => answer({ url: req.url ?? '' }, res));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    seen,
    close: () => new Promise<void>((r) => server.closeAllConnections() ?? server.close(() => r())),
  };
}

describe('the webhook HTTP client', () => {
  const closers: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const c of closers.splice(0)) await c();
  });
  const client = () => {
    const c = createWebhookHttpClient({ policy: 'loopback', timeoutMs: 2000, connectionsPerOrigin: 2 });
    closers.push(() => c.close());
    return c;
  };

  it('posts to the path and query of the target, and reports the status, the headers and the body', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(429, { 'retry-after': '7', 'x-multi': ['a', 'b'] });
      res.end('slow down');
    });
    closers.push(srv.close);
    const r = await client().post(
      `${srv.url}/hooks/in?team=7&x=%20y`,
      '{}',
      { 'content-type': 'application/json' },
      5,
    );
    expect(srv.seen).toEqual(['/hooks/in?team=7&x=%20y']);
    expect(r).toMatchObject({ statusCode: 429, error: null, responseBody: 'slow down', startedAt: 5 });
    expect(r.responseHeaders['retry-after']).toBe('7');
    expect(r.responseHeaders['x-multi']).toBe('a,b');
  });

  it('keeps 4 KiB of a huge answer, gives the connection up past 64 KiB, and the next post still goes out', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.end('z'.repeat(1024 * 1024));
      } else {
        res.writeHead(200);
        res.end('small');
      }
    });
    closers.push(srv.close);
    const c = client();
    const huge = await c.post(`${srv.url}/huge`, '{}', {}, 0);
    expect(huge.statusCode).toBe(200);
    expect(huge.error).toBeNull();
    expect(huge.responseBody).toBe('z'.repeat(RESPONSE_BODY_KEEP_BYTES));
    const next = await c.post(`${srv.url}/small`, '{}', {}, 0);
    expect(next).toMatchObject({ statusCode: 200, error: null, responseBody: 'small' });
  });

  it('classifies a receiver that never answers as a timeout, and an empty answer as an empty body', async () => {
    const srv = await serve((req, res) => {
      if (req.url === '/empty') {
        res.writeHead(204);
        res.end();
      }
      // /never: no answer at all
    });
    closers.push(srv.close);
    const c = createWebhookHttpClient({ policy: 'loopback', timeoutMs: 300, connectionsPerOrigin: 2 });
    closers.push(() => c.close());
    const never = await c.post(`${srv.url}/never`, '{}', {}, 0);
    expect(never).toMatchObject({ statusCode: null, error: 'timeout', responseBody: null });
    const empty = await c.post(`${srv.url}/empty`, '{}', {}, 0);
    expect(empty).toMatchObject({ statusCode: 204, error: null, responseBody: '' });
  });
});
