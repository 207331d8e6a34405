import { invalidPayload, notFound } from '../platform/errors.js';

export const voucherNotFound = (code: string) => notFound('voucher', code);

/** Orders are not kept yet, so an order named by id cannot be found. */
export const orderNotFound = (id: string) => notFound('order', id);

export const sessionUnsupported = () =>
  invalidPayload('session locks are not supported yet; validate without a session');

export const duplicateRedeemable = (object: string, id: string) =>
  invalidPayload(`redeemables lists ${object} ${id} more than once; each redeemable may appear once`);
