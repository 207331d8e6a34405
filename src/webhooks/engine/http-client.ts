import { Agent, type Dispatcher, errors as undiciErrors } from 'undici';
import type { PrivateTargetPolicy } from '../../platform/config.js';
import { checkLiteralHost, EgressDeniedError, guardedLookup } from './egress-guard.js';
import { type SignedSend, signedRequest } from './signed-post.js';

/** Response bodies are kept up to 4 KiB; more is read (to keep the connection reusable) up to 64 KiB, then cut. */
export const RESPONSE_BODY_KEEP_BYTES = 4096;
const RESPONSE_BODY_DRAIN_BYTES = 64 * 1024;

export type AttemptErrorKind =
  | 'timeout'
  | 'connection_refused'
  | 'connection_reset'
  | 'dns_failure'
  | 'egress_denied'
  | 'tls_error'
  | 'network_error';

export interface AttemptResult {
  startedAt: number;
  durationMs: number;
  statusCode: number | null;
  error: AttemptErrorKind | null;
  errorMessage: string | null;
  responseHeaders: Record<string, string>;
  responseBody: string | null;
}

export interface WebhookHttpClient {
  post(url: string, body: string, headers: Record<string, string>, startedAt: number): Promise<AttemptResult>;
  /** Builds the body, signs it and posts it, where the POST runs (see signed-post.ts). */
  send(s: SignedSend): Promise<AttemptResult>;
  /** Gets ready ahead of the first request (starts a delivery thread, say), so that it is not delayed. */
  warmUp?(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The one way webhooks leave the process: undici with keep-alive, no redirects, a hard timeout,
 * and the egress guard at connect time.
 */
export function createWebhookHttpClient(opts: {
  policy: PrivateTargetPolicy;
  timeoutMs: number;
  connectionsPerOrigin: number;
}): WebhookHttpClient {
  const agent = new Agent({
    connections: opts.connectionsPerOrigin,
    keepAliveTimeout: 30_000,
    connect: { lookup: guardedLookup(opts.policy) as never, timeout: opts.timeoutMs },
  });
  // The URL is parsed and a literal address checked once per target, not once per delivery. The policy is
  // fixed for the client's life; DNS names are still checked at every connect.
  const targets = new Map<string, URL>();
  const checkedTarget = (url: string): URL => {
    let parsed = targets.get(url);
    if (!parsed) {
      parsed = new URL(url);
      checkLiteralHost(parsed, opts.policy);
      if (targets.size >= 1000) targets.clear();
      targets.set(url, parsed);
    }
    return parsed;
  };
  const client: WebhookHttpClient = {
    post(url, body, headers, startedAt) {
      const began = performance.now();
      const done = (partial: Partial<AttemptResult>): AttemptResult => ({
        startedAt,
        durationMs: Math.round(performance.now() - began),
        statusCode: null,
        error: null,
        errorMessage: null,
        responseHeaders: {},
        responseBody: null,
        ...partial,
      });
      let parsed: URL;
      try {
        parsed = checkedTarget(url);
      } catch (e) {
        const [error, message] = classifyError(e);
        return Promise.resolve(done({ error, errorMessage: message }));
      }
      // The dispatcher's handler API, not `request()`: no response stream, no promise per stage. It costs about
      // half the CPU per POST (bench/delivery-steps). undici's own timers bound the wait for headers and between
      // body chunks; an answer that still ends after the timeout is a timeout. (A timer per request, as
      // AbortSignal.timeout makes, cost ~2% of the dispatcher's CPU.)
      return new Promise<AttemptResult>((resolve) => {
        let statusCode = 0;
        let responseHeaders: Record<string, string> = {};
        let kept: Buffer[] = [];
        let keptBytes = 0;
        let seen = 0;
        let cut = false;
        const answered = () => {
          const responseBody = Buffer.concat(kept).toString('utf8');
          if (performance.now() - began > opts.timeoutMs)
            return done({
              statusCode,
              responseHeaders,
              responseBody,
              error: 'timeout',
              errorMessage: `answered after ${opts.timeoutMs} ms`,
            });
          return done({ statusCode, responseHeaders, responseBody });
        };
        const request: Dispatcher.DispatchOptions = {
          origin: parsed.origin,
          path: parsed.pathname + parsed.search,
          method: 'POST',
          headers,
          body,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
        };
        const handler: Dispatcher.DispatchHandler = {
          // undici tells this handler API from the older one by this method.
          onRequestStart() {},
          onResponseStart(_controller, status, incoming) {
            statusCode = status;
            responseHeaders = {};
            kept = [];
            keptBytes = 0;
            seen = 0;
            for (const k in incoming) {
              const v = incoming[k];
              if (v !== undefined) responseHeaders[k] = typeof v === 'string' ? v : String(v);
            }
          },
          onResponseData(controller, chunk) {
            seen += chunk.length;
            if (keptBytes < RESPONSE_BODY_KEEP_BYTES) {
              const slice = chunk.subarray(0, RESPONSE_BODY_KEEP_BYTES - keptBytes);
              kept.push(slice);
              keptBytes += slice.length;
            }
            // Past the drain limit the connection is given up rather than read further; what was kept stands.
            if (seen > RESPONSE_BODY_DRAIN_BYTES && !cut) {
              cut = true;
              controller.abort(new Error('response body over the drain limit'));
            }
          },
          onResponseEnd() {
            resolve(answered());
          },
          onResponseError(_controller, e) {
            if (cut) return resolve(answered());
            const [error, message] = classifyError(e);
            resolve(done({ error, errorMessage: message }));
          },
        };
        try {
          agent.dispatch(request, handler);
        } catch (e) {
          const [error, message] = classifyError(e);
          resolve(done({ error, errorMessage: message }));
        }
      });
    },
    send(s) {
      let signed: ReturnType<typeof signedRequest>;
      try {
        signed = signedRequest(s);
      } catch (e) {
        // Stored headers are checked when written, so this is not expected; it is a failed try, not a crash.
        return Promise.resolve({
          startedAt: s.startedAt,
          durationMs: 0,
          statusCode: null,
          error: 'network_error',
          errorMessage: `could not build the request: ${(e as Error).message}`,
          responseHeaders: {},
          responseBody: null,
        });
      }
      return client.post(s.url, signed.body, signed.headers, s.startedAt);
    },
    close: () => agent.close(),
  };
  return client;
}

/** Maps a thrown error to a stable kind. */
export function classifyError(e: unknown): [AttemptErrorKind, string] {
  const err = e as { name?: string; code?: string; message?: string; cause?: unknown };
  const cause = err.cause as { code?: string } | undefined;
  const code = err.code ?? cause?.code;
  const message = err.message ?? String(e);
  if (e instanceof EgressDeniedError || cause instanceof EgressDeniedError || code === 'EGRESS_DENIED')
    return ['egress_denied', message];
  if (
    err.name === 'TimeoutError' ||
    err.name === 'AbortError' ||
    e instanceof undiciErrors.HeadersTimeoutError ||
    e instanceof undiciErrors.BodyTimeoutError ||
    e instanceof undiciErrors.ConnectTimeoutError
  )
    return ['timeout', message];
  switch (code) {
    case 'ECONNREFUSED':
      return ['connection_refused', message];
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
    case 'EPIPE':
      return ['connection_reset', message];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ['dns_failure', message];
  }
  if (code?.startsWith('ERR_TLS') || code?.startsWith('ERR_SSL') || /certificate|ssl|tls/i.test(message))
    return ['tls_error', message];
  return ['network_error', message];
}
