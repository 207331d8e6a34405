/**
 * Validations: whether redeemables would be accepted for an order and customer now, and the discount they
 * would give (`POST /v1/validations`, `POST /client/v1/validations`, `POST /v1/vouchers/{code}/validate`).
 * Reads only; records no event. The discount calculation (`discount.ts`) is pure.
 */
export { clientValidationRoutes, validationRoutes } from './validation.routes.js';
