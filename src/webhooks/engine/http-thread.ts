import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PrivateTargetPolicy } from '../../platform/config.js';
import type { AttemptResult, WebhookHttpClient } from './http-client.js';
import type { SignedSend } from './signed-post.js';

/**
 * A WebhookHttpClient whose requests run in a worker thread (http-thread.worker.ts). On SQLite every claim
 * and outcome write blocks the event loop; with HTTP on its own thread both cores work, which raised
 * deliveries/s by about a fifth on this machine. Requests are sent in batches per event-loop turn.
 */

/** A request for the thread: a ready body, or a send-out to sign there. */
export type Job =
  | { n: number; url: string; body: string; headers: Record<string, string>; startedAt: number }
  | { n: number; signed: SignedSend };

interface Pending {
  resolve: (r: AttemptResult) => void;
  startedAt: number;
}

const here = fileURLToPath(import.meta.url);

/** The built worker beside this file, or, when running from source, a bootstrap that loads it through tsx. */
function startWorker(data: object): Worker {
  const compiled = join(dirname(here), 'http-thread.worker.js');
  if (here.endsWith('.js') && existsSync(compiled)) return new Worker(compiled, { workerData: data });
  const tsxApi = join(
    dirname(createRequire(import.meta.url).resolve('tsx/package.json')),
    'dist/esm/api/index.mjs',
  );
  const source = pathToFileURL(join(dirname(here), 'http-thread.worker.ts')).href;
  const boot = `
    const { workerData } = require('node:worker_threads');
    import(workerData.tsxApi)
      .then(({ register }) => { register(); return import(workerData.source); })
      .catch((e) => { console.error(e); process.exit(1); });`;
  return new Worker(boot, {
    eval: true,
    workerData: { ...data, tsxApi: pathToFileURL(tsxApi).href, source },
  });
}

export function createThreadedHttpClient(opts: {
  policy: PrivateTargetPolicy;
  timeoutMs: number;
  connectionsPerOrigin: number;
}): WebhookHttpClient {
  let worker: Worker | null = null;
  let ready: Promise<void> = Promise.resolve();
  const pending = new Map<number, Pending>();
  let next = 0;
  let outbox: Job[] = [];
  let scheduled = false;

  // A thread that dies fails its requests in flight as network errors; they are retried like any failed try.
  const failAll = (why: string) => {
    for (const [n, p] of pending) {
      pending.delete(n);
      p.resolve({
        startedAt: p.startedAt,
        durationMs: 0,
        statusCode: null,
        error: 'network_error',
        errorMessage: why,
        responseHeaders: {},
        responseBody: null,
      });
    }
  };

  const ensureWorker = (): Worker => {
    if (worker) return worker;
    const w = startWorker(opts);
    w.unref();
    // Resolves once the thread has loaded, or once it is gone: either way nobody waits for it any longer.
    ready = new Promise<void>((resolve) => {
      w.on('message', (msg: { type: string }) => msg.type === 'ready' && resolve());
      w.once('exit', () => resolve());
    });
    w.on(
      'message',
      (msg: { type: 'results'; results: [number, AttemptResult][] } | { type: 'ready' | 'closed' }) => {
        if (msg.type !== 'results') return;
        for (const [n, r] of msg.results) {
          const p = pending.get(n);
          pending.delete(n);
          p?.resolve(r);
        }
      },
    );
    w.on('error', (e) => failAll(`delivery thread failed: ${e.message}`));
    w.on('exit', (code) => {
      if (worker === w) worker = null;
      failAll(`delivery thread exited with code ${code}`);
    });
    worker = w;
    return w;
  };

  const send = () => {
    scheduled = false;
    const jobs = outbox;
    outbox = [];
    ensureWorker().postMessage({ type: 'send', jobs });
  };

  const enqueue = (job: Job, startedAt: number) =>
    new Promise<AttemptResult>((resolve) => {
      pending.set(job.n, { resolve, startedAt });
      outbox.push(job);
      if (!scheduled) {
        scheduled = true;
        setImmediate(send);
      }
    });

  return {
    warmUp() {
      ensureWorker();
      return ready;
    },
    post(url, body, headers, startedAt) {
      return enqueue({ n: next++, url, body, headers, startedAt }, startedAt);
    },
    send(signed) {
      return enqueue({ n: next++, signed }, signed.startedAt);
    },
    async close() {
      const w = worker;
      if (!w) return;
      worker = null;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 2000);
        w.on('message', (msg: { type: string }) => {
          if (msg.type !== 'closed') return;
          clearTimeout(timer);
          resolve();
        });
        w.postMessage({ type: 'close' });
      });
      await w.terminate();
    },
  };
}
