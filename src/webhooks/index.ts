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
  INTERNAL_SOURCE,
  OUTBOX_CHANNEL,
  type RecordEventInput,
  recordEvent,
  recordEventFor,
} from './record-event.js';
export type { EventSource } from './engine/envelope.js';
export { Dispatcher } from './engine/dispatcher.js';
export { createWebhookHttpClient, type WebhookHttpClient } from './engine/http-client.js';
export { createThreadedHttpClient } from './engine/http-thread.js';
export { registerDeliveryMetrics } from './engine/metrics.js';
export { purgeExpired, retentionJob } from './retention.js';
export { webhookRoutes } from './webhook.routes.js';
export { sendoutRoutes } from './sendout.routes.js';
export { sendoutStatsRoutes } from './sendout-stats.routes.js';
export { voucherifySignature, standardWebhooksKey } from './engine/signing.js';
