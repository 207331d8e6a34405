import { parentPort, workerData } from 'node:worker_threads';
import type { PrivateTargetPolicy } from '../../platform/config.js';
import { type AttemptResult, createWebhookHttpClient } from './http-client.js';
import type { Job } from './http-thread.js';

/**
 * The delivery thread: runs the undici client for the dispatcher, so that HTTP work (TLS, parsing, sockets)
 * shares no event loop with SQLite's synchronous work. Requests and results travel in batches.
 */

const opts = workerData as { policy: PrivateTargetPolicy; timeoutMs: number; connectionsPerOrigin: number };
const client = createWebhookHttpClient(opts);
const port = parentPort!;
let results: [number, AttemptResult][] = [];
let scheduled = false;

function flush(): void {
  scheduled = false;
  const batch = results;
  results = [];
  port.postMessage({ type: 'results', results: batch });
}

port.postMessage({ type: 'ready' });

port.on('message', (msg: { type: 'send'; jobs: Job[] } | { type: 'close' }) => {
  if (msg.type === 'close') {
    void client.close().finally(() => port.postMessage({ type: 'closed' }));
    return;
  }
  for (const job of msg.jobs)
    void (
      'signed' in job ? client.send(job.signed) : client.post(job.url, job.body, job.headers, job.startedAt)
    ).then((r) => {
      results.push([job.n, r]);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
    });
});
