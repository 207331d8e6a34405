/**
 * Webhooks: Voucherify's project-settings webhooks and the engine that delivers them.
 *
 * Glossary
 * - **Event**: something a `/v1` operation did (`customer.created`, …), recorded with its `data` in the same
 *   transaction as the change itself (`recordEvent`: a transactional outbox). Table `events`.
 * - **Send-out** (`whs_…`): one event on its way to one webhook endpoint; its id is the `webhook-id` a
 *   receiver sees on every try. Created with the event for each active endpoint subscribed to the type.
 * - **Attempt**: one HTTP try of a send-out: status or error kind, duration, response headers and body.
 * - **Claim**: a worker taking a batch of due send-outs for itself in one statement (`claimLeased`).
 * - **Lease**: how long a claim holds: the claim moves the send-out's due time (`next_attempt_at`) to the
 *   lease's end and names the worker (`locked_by`); when a worker dies its leases run out and the send-outs
 *   are due again, so delivery is at least once.
 * - **Doorbell**: the in-process signal a commit rings so that the dispatcher wakes at once; NOTIFY rings it
 *   from other processes on PostgreSQL, and a short poll is the fallback.
 *
 * `engine/` holds the delivery engine (dispatcher, claim and outcome SQL, outcome rules, HTTP client and its
 * thread, signing, envelope, egress guard, metrics); the files beside it are the endpoint CRUD, the audit log
 * API, test sends, the event catalog and retention.
 */
export { declareEvent, type EventDeclaration, SAMPLE_TIME } from './event-declaration.js';
export { FiredEvents } from './event-schemas.js';
export { INTERNAL_SOURCE, OUTBOX_CHANNEL, recordEventFor } from './record-event.js';
export { Dispatcher } from './engine/dispatcher.js';
export { createWebhookHttpClient, type WebhookHttpClient } from './engine/http-client.js';
export { createThreadedHttpClient } from './engine/http-thread.js';
export { registerDeliveryMetrics } from './engine/metrics.js';
export { connectionsPerOrigin } from './engine/origin-breaker.js';
export { retentionJob } from './retention.js';
export { webhookRoutes } from './webhook.routes.js';
export { sendoutRoutes } from './sendout.routes.js';
export { sendoutStatsRoutes } from './sendout-stats.routes.js';
