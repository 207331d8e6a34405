import { duplicateFound, invalidPayload, notFound } from '../platform/errors.js';

export const orderNotFound = (idOrSourceId: string) => notFound('order', idOrSourceId);

export const duplicateOrderSourceId = (sourceId: string, holderId: string) =>
  duplicateFound('order', `Order with source_id ${sourceId} already exists (${holderId})`, holderId);

export const lineAmountMismatch = (field: string, amount: number, price: number, quantity: number) =>
  invalidPayload(
    `${field}.amount is ${amount}, but price ${price} × quantity ${quantity} is ${price * quantity}; send both consistent, or one of them`,
  );

export const orderAmountMismatch = (field: string, amount: number, sum: number) =>
  invalidPayload(
    `${field}amount is ${amount}, but the amounts of its items add up to ${sum}; send both consistent, or one of them`,
  );

export const negativeValue = (field: string) => invalidPayload(`${field} must be >= 0`);

export const metadataTooLarge = (limit: number) =>
  invalidPayload(`metadata must be at most ${limit} bytes when serialised as JSON`);
