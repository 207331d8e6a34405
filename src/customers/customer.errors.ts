import { duplicateFound, invalidPayload, invalidQueryParams, notFound } from '../platform/errors.js';

export const customerNotFound = (idOrSourceId: string) => notFound('customer', idOrSourceId);
export const unconfirmedCustomerNotFound = (id: string) => notFound('unconfirmed_customer', id);

export const duplicateSourceId = (sourceId: string, holderId: string) =>
  duplicateFound('customer', `Customer with source_id ${sourceId} already exists (${holderId})`, holderId);

export const metadataTooLarge = (limit: number) =>
  invalidPayload(`metadata must be at most ${limit} bytes when serialised as JSON`);

export const invalidDateParam = (name: string) =>
  invalidQueryParams(`${name} must be an ISO 8601 date or date-time, such as 2026-01-31T10:00:00.000Z`);
