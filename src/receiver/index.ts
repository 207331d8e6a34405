/**
 * The receiver kit, importable as `vouchsafe/receiver`: verify a delivery's signatures and get its envelope
 * typed per event type. Self-contained (node:crypto only); the types are generated from the event schemas
 * the server serves (`npm run gen:receiver-types`).
 */
export {
  type HeaderBag,
  inspectWebhookSignatures,
  type SignatureReport,
  type VerifyOptions,
  verifyWebhook,
  WebhookVerificationError,
} from './verify.js';
export type {
  EventDataMap,
  WebhookEnvelope,
  WebhookEvent,
  WebhookEventType,
} from './events.generated.js';
