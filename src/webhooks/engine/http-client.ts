import { Agent, errors as undiciErrors, request } from 'undici';
import type { PrivateTargetPolicy } from '../../platform/config.js';
import { checkLiteralHost, EgressDeniedError, guardedLookup } from './egress-guard.js';

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
  return {
    async post(url, body, headers, startedAt) {
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
      try {
        const parsed = checkedTarget(url);
        // undici's own timers bound the wait for headers and between body chunks; an answer that still ends
        // after the timeout is a timeout. (A timer per request, as AbortSignal.timeout makes, cost ~2% of
        // the dispatcher's CPU.)
        const res = await request(parsed, {
          method: 'POST',
          dispatcher: agent,
          headers,
          body,
          headersTimeout: opts.timeoutMs,
          bodyTimeout: opts.timeoutMs,
        });
        const responseHeaders: Record<string, string> = {};
        for (const k in res.headers) {
          const v = res.headers[k];
          if (v !== undefined) responseHeaders[k] = typeof v === 'string' ? v : String(v);
        }
        const responseBody = await readCapped(res.body);
        if (performance.now() - began > opts.timeoutMs)
          return done({
            statusCode: res.statusCode,
            responseHeaders,
            responseBody,
            error: 'timeout',
            errorMessage: `answered after ${opts.timeoutMs} ms`,
          });
        return done({ statusCode: res.statusCode, responseHeaders, responseBody });
      } catch (e) {
        const [error, message] = classifyError(e);
        return done({ error, errorMessage: message });
      }
    },
    close: () => agent.close(),
  };
}

function readCapped(body: NodeJS.ReadableStream & { destroy(): void }): Promise<string> {
  return new Promise((resolve, reject) => {
    const kept: Buffer[] = [];
    let keptBytes = 0;
    let seen = 0;
    body.on('data', (chunk: Buffer) => {
      seen += chunk.length;
      if (keptBytes < RESPONSE_BODY_KEEP_BYTES) {
        const slice = chunk.subarray(0, RESPONSE_BODY_KEEP_BYTES - keptBytes);
        kept.push(slice);
        keptBytes += slice.length;
      }
      if (seen > RESPONSE_BODY_DRAIN_BYTES) {
        body.destroy();
        resolve(Buffer.concat(kept).toString('utf8'));
      }
    });
    body.on('end', () => resolve(Buffer.concat(kept).toString('utf8')));
    body.on('error', reject);
  });
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
