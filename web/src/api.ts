/** The dashboard's only way to the server: the public Management API, with the session cookie. */

export const API_BASE = '/management/v1';

/** An error answered by the API, in Voucherify's shape. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly key: string,
    message: string,
    readonly details: string | null,
    readonly requestId: string | null,
  ) {
    super(message);
  }
}

let csrfToken: string | null = null;

/** Set at sign-in and on resume; sent on every mutating request. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Listener = () => void;
const unauthorizedListeners = new Set<Listener>();

/** Called when any request finds the session gone, so the app can go back to sign-in. */
export function onUnauthorized(fn: Listener): () => void {
  unauthorizedListeners.add(fn);
  return () => unauthorizedListeners.delete(fn);
}

export type Query = Record<string, string | number | undefined | null>;

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query))
    if (v !== undefined && v !== null && v !== '') params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PUT' | 'DELETE',
  path: string,
  opts: { body?: unknown; headers?: Record<string, string>; quietUnauthorized?: boolean } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  if (opts.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      credentials: 'same-origin',
      body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
    });
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The server could not be reached', String(e), null);
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON (a proxy's error page, say): reported below with the status.
  }
  if (!res.ok) {
    const e = (json ?? {}) as { key?: string; message?: string; details?: string; request_id?: string };
    if (res.status === 401 && !opts.quietUnauthorized) for (const fn of unauthorizedListeners) fn();
    throw new ApiError(
      res.status,
      e.key ?? 'http_error',
      e.message ?? `The server answered ${res.status}`,
      e.details ?? null,
      e.request_id ?? res.headers.get('x-request-id'),
    );
  }
  return json as T;
}

// Wire types, as the Management API returns them.

export interface Session {
  object: 'dashboard_session';
  management_id: string;
  csrf_token: string;
  expires_at: string;
}

export interface Project {
  id: string;
  name: string;
  webhook_version: string;
}

export interface List<T> {
  data: T[];
  total: number;
}

export interface CatalogEntry {
  type: string;
  group: string;
  label: string;
}

export interface Webhook {
  id: string;
  created_at: string;
  target_url: string;
  events: string[];
  active: boolean;
  all_events: boolean;
  headers: Record<string, string>;
  rate_limit: number | null;
  updated_at: string | null;
  disabled_at: string | null;
  disabled_reason: string | null;
}

export interface WebhookIn {
  target_url: string;
  events: string[];
  active: boolean;
  all_events: boolean;
  headers: Record<string, string>;
  rate_limit: number | null;
}

export interface TestSendResult {
  status_code: number | null;
  duration_ms: number;
  response_headers: Record<string, string>;
  response_body: string | null;
  error: string | null;
}

export interface WebhookSecret {
  secret_key: string;
  previous_secret_key_expires_at: string | null;
}

export type SendoutStatus = 'pending' | 'in_flight' | 'retrying' | 'succeeded' | 'failed';

export interface Sendout {
  id: string;
  status: SendoutStatus;
  type: string;
  webhook_id: string;
  target_url: string;
  request_id: string | null;
  event_id: string;
  event_created_at: string;
  created_at: string;
  executed_at: string | null;
  attempts_count: number;
  next_attempt_at: string | null;
  failure_reason: string | null;
}

export interface Attempt {
  number: number;
  started_at: string;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_headers: Record<string, string>;
  response_body: string | null;
  manual: boolean;
}

export interface SendoutDetail extends Sendout {
  attempts: Attempt[];
  payload: unknown;
}

export interface SendoutPage {
  data: Sendout[];
  has_more: boolean;
  more_starting_after: string | null;
}

export interface StatsBucket {
  start: string;
  succeeded: number;
  retrying: number;
  failed: number;
  pending: number;
}

export interface Stats {
  interval_ms: number;
  from: string;
  to: string;
  data: StatsBucket[];
}
