/** The entry point `vouchsafe/receiver` (package.json "exports"): the receiver kit of src/receiver/. */
export {
  type EventDataMap,
  type HeaderBag,
  inspectWebhookSignatures,
  type SignatureReport,
  type VerifyOptions,
  verifyWebhook,
  type WebhookEnvelope,
  type WebhookEvent,
  type WebhookEventType,
  WebhookVerificationError,
} from './receiver/index.js';
