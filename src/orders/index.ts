/**
 * Orders: the orders API under `/v1/orders`, the one rule for an order's amounts before discounts
 * (`orderLines`), and what redemptions do with the order of a request inside their own transaction: make it
 * complete from the product catalogue and check it (`resolveOrderInput`), then store it with its discount
 * and status (`saveOrder`; an order that becomes PAID earns loyalty points through the earning-rules door, one
 * that becomes CANCELED cancels the pending points it earned, through the same door).
 * Records no event of its own.
 */
export { orderRoutes } from './order.routes.js';
export { orderLines } from './order.amounts.js';
export { resolveOrderInput } from './order-input.service.js';
export { findOrder, type OrderDiscount, saveOrder } from './order.service.js';
export { presentOrder, presentSimpleOrder } from './order.presenter.js';
export { OrderIn, OrderItemIn } from './order.schemas.js';
export type { OrderRow } from './order.table.js';
export { SimpleOrderOut, sampleOrderRow } from './order.events.js';
