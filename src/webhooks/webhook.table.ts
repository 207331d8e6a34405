export interface WebhooksTable {
  id: string;
  project_id: string;
  target_url: string;
  /** JSON array of event types, correctly spelled. */
  events: string;
  all_events: number;
  active: number;
  /** JSON object of custom header name → value. */
  headers: string;
  created_at: number;
  updated_at: number | null;
  disabled_at: number | null;
  disabled_reason: string | null;
  /** When the endpoint last answered 2XX (the end of that try); auto-disable needs none since a send-out's first try. */
  last_success_at: number | null;
  /** Deliveries per second across all workers (our extension), or null for no limit. */
  rate_limit: number | null;
  /** The rate limiter's state: when the next delivery is due (GCRA), in µs since the epoch. */
  rate_tat: number | null;
  /** How many deliveries the latest reservation granted. */
  rate_granted: number | null;
}

export interface EventsTable {
  id: string;
  project_id: string;
  type: string;
  created_at: number;
  entity_id: string | null;
  group_id: string | null;
  /** JSON of `event_source`. */
  event_source: string;
  /** JSON text of `data`, serialised once and spliced into every body. */
  data: string;
}

export type SendoutStatus = 'pending' | 'in_flight' | 'retrying' | 'succeeded' | 'failed';

export interface SendoutsTable {
  id: string;
  project_id: string;
  webhook_id: string;
  event_id: string;
  type: string;
  target_url: string;
  status: SendoutStatus;
  /** Attempts recorded so far (automatic and manual). */
  attempts_count: number;
  /** Automatic retries spent; indexes the retry schedule. */
  retries_count: number;
  created_at: number;
  /** When the first attempt started; the retry schedule counts from it. */
  first_attempt_at: number | null;
  /** When the last attempt started. */
  executed_at: number | null;
  /** Queue key: when a try is due, or when the lease of an in-flight try runs out. Null once final. */
  next_attempt_at: number | null;
  locked_by: string | null;
  /** `webhook_inactive`, `retries_exhausted`, … once failed. */
  failure_reason: string | null;
  /** A manual retry is waiting: its outcome does not move the automatic schedule. */
  manual_pending: number;
  /** The worker whose expired lease the latest claim took over (its try was lost), or null. */
  lease_taken_from: string | null;
}

export interface SendoutAttemptsTable {
  sendout_id: string;
  number: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  /** `timeout`, `connection_refused`, `egress_denied`, … or null. */
  error: string | null;
  response_headers: string;
  response_body: string | null;
  manual: number;
}
