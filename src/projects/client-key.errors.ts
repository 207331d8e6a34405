import { invalidPayload, notFound } from '../platform/errors.js';

export const clientKeyNotFound = (id: string) => notFound('client_key', id);
export const invalidOrigin = (index: number, reason: string) =>
  invalidPayload(`allowed_origins.${index}: ${reason}`);
