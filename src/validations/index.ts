/**
 * Validations: whether redeemables would be accepted for an order and customer now, and the discount they
 * would give (`POST /v1/validations`, `POST /client/v1/validations`, `POST /v1/vouchers/{code}/validate`).
 * Reads only; records no event. The discount calculation (`discount.ts`) is pure.
 *
 * The redemptions context judges its redeemables with the same checks and discount (`checkRequest`,
 * `judgeRedeemables`, inside its own transaction) and presents orders and redeemables as validations do.
 */
export { clientValidationRoutes, validationRoutes } from './validation.routes.js';
export {
  checkRequest,
  judgeRedeemables,
  type Outcome,
  type RedeemablesRequest,
  STACKING_RULES,
  type Validation,
  validate,
} from './validation.service.js';
export type { CountScope, RedemptionCounts } from './validation.rules.js';
export { presentOrder } from './validation.order.js';
export { presentRedeemableOutcome, presentRedeemables } from './validation.presenter.js';
export { StackableValidationIn, VoucherValidationIn } from './validation.schemas.js';
