import { Type } from '@sinclair/typebox';
import { FreeObject } from '../platform/schemas.js';
import { SAMPLE_TIME } from '../webhooks/index.js';
import type { OrderJson } from './order.presenter.js';
import type { OrderRow } from './order.table.js';

/*
 * Orders fire no event of their own; this is the order as other contexts' events carry it (redemptions,
 * gift-card transactions), key for key as `presentSimpleOrder` writes it, and the fixed row their samples use.
 */

const Int = () => Type.Integer();
const Money = () => Type.Integer({ minimum: 0 });

/** `SimpleOrder` (`presentSimpleOrder`). */
export const SimpleOrderOut = Type.Unsafe<OrderJson>(
  Type.Object({
    id: Type.String(),
    source_id: Type.Optional(Type.String()),
    status: Type.Union([
      Type.Literal('CREATED'),
      Type.Literal('PAID'),
      Type.Literal('CANCELED'),
      Type.Literal('FULFILLED'),
    ]),
    customer_id: Type.Union([Type.String(), Type.Null()]),
    referrer_id: Type.Union([Type.String(), Type.Null()]),
    amount: Money(),
    discount_amount: Int(),
    items_discount_amount: Int(),
    total_discount_amount: Int(),
    total_amount: Int(),
    applied_discount_amount: Int(),
    items_applied_discount_amount: Int(),
    total_applied_discount_amount: Int(),
    items: Type.Array(FreeObject),
    metadata: FreeObject,
    object: Type.Literal('order'),
  }),
);

/** The order of every sample that carries one: one line of 2 × 25.00, not discounted. */
export const sampleOrderRow = (): OrderRow => ({
  id: 'ord_sample000000000000000000',
  project_id: 'proj_sample',
  source_id: 'sample-order',
  status: 'PAID',
  customer_id: null,
  referrer_id: null,
  amount: 5000,
  initial_amount: 5000,
  discount_amount: 0,
  items_discount_amount: 0,
  total_discount_amount: 0,
  total_amount: 5000,
  applied_discount_amount: 0,
  items_applied_discount_amount: 0,
  total_applied_discount_amount: 0,
  items: JSON.stringify([
    {
      object: 'order_item',
      source_id: 'sample-sku',
      quantity: 2,
      amount: 5000,
      discount_amount: 0,
      applied_discount_amount: 0,
      price: 2500,
      subtotal_amount: 5000,
    },
  ]),
  metadata: '{}',
  redemptions: '{}',
  created_at: SAMPLE_TIME,
  updated_at: null,
});
