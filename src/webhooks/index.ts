export {
  EVENT_CATALOG,
  EVENT_GROUPS,
  EVENT_TYPES,
  canonicalEventType,
  type EventType,
  type EventGroup,
} from './event-catalog.js';
export {
  type EventCause,
  OUTBOX_CHANNEL,
  type RecordEventInput,
  recordEvent,
  recordEventFor,
} from './record-event.js';
export type { EventSource } from './envelope.js';
export { Dispatcher } from './dispatcher.js';
export { createWebhookHttpClient, type WebhookHttpClient } from './http-client.js';
export { createThreadedHttpClient } from './http-thread.js';
export { registerDeliveryMetrics } from './metrics.js';
export { startRetentionJob, purgeExpired } from './retention.js';
export { webhookRoutes } from './webhook.routes.js';
export { sendoutRoutes } from './sendout.routes.js';
export { sendoutStatsRoutes } from './sendout-stats.routes.js';
export { voucherifySignature, standardWebhooksKey } from './signing.js';
