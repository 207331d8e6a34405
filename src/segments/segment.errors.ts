import { invalidPayload, notFound } from '../platform/errors.js';

export const segmentNotFound = (id: string) => notFound('segment', id);
export const customerNotFound = (idOrSourceId: string) => notFound('customer', idOrSourceId);

export const autoUpdateUnsupported = () =>
  invalidPayload('only static segments are kept: send type "static" with the list of customers');

export const customerListedTwice = (ref: string) => invalidPayload(`customers lists ${ref} more than once`);
