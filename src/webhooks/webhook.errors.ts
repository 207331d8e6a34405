import { invalidPayload, notFound } from '../platform/errors.js';

export const webhookNotFound = (id: string) => notFound('webhook', id);
export const sendoutNotFound = (id: string) => notFound('webhook_sendout', id);
export const eventsRequired = () =>
  invalidPayload('events is required: list at least one event type, or set all_events to true');
export const eventTypeNotFound = (type: string) => notFound('webhook_event_type', type);
