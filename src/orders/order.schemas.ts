import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { Metadata, NullableIn } from '../platform/schemas.js';

/**
 * Request schemas of the orders API (`/v1/orders`), and the order that validation and redemption requests
 * carry (`OrderIn`), after `api-orders.json` (`OrderBase`, `OrderItem`). Amounts are integers in the smallest
 * currency unit, never negative. Unknown keys are ignored.
 */

const Amount = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });

const ProductRefIn = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 200 })),
  source_id: Type.Optional(Type.String({ maxLength: 500 })),
  name: Type.Optional(Type.String({ maxLength: 500 })),
  price: Type.Optional(Amount),
  metadata: Type.Optional(Metadata),
});

export const OrderItemIn = Type.Object({
  product_id: Type.Optional(Type.String({ maxLength: 200 })),
  sku_id: Type.Optional(Type.String({ maxLength: 200 })),
  source_id: Type.Optional(Type.String({ maxLength: 500 })),
  related_object: Type.Optional(Type.Union([Type.Literal('product'), Type.Literal('sku')])),
  quantity: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })),
  price: Type.Optional(Amount),
  amount: Type.Optional(Amount),
  product: Type.Optional(ProductRefIn),
  sku: Type.Optional(ProductRefIn),
  metadata: Type.Optional(Metadata),
});
export type OrderItemIn = Static<typeof OrderItemIn>;

export const OrderIn = Type.Object({
  id: Type.Optional(Type.String({ maxLength: 200 })),
  source_id: Type.Optional(NullableIn(Type.String({ maxLength: 500 }))),
  status: Type.Optional(Type.String()),
  amount: Type.Optional(Amount),
  initial_amount: Type.Optional(Amount),
  items: Type.Optional(Type.Array(OrderItemIn, { maxItems: 500 })),
  metadata: Type.Optional(Metadata),
});
export type OrderIn = Static<typeof OrderIn>;

export const ORDER_STATUSES = ['CREATED', 'PAID', 'CANCELED', 'FULFILLED'] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];
const StatusIn = Type.Union(ORDER_STATUSES.map((s) => Type.Literal(s)));

const OrderFieldsIn = {
  source_id: Type.Optional(NullableIn(Type.String({ minLength: 1, maxLength: 500 }))),
  status: Type.Optional(StatusIn),
  amount: Type.Optional(Amount),
  items: Type.Optional(Type.Array(OrderItemIn, { maxItems: 500 })),
  metadata: Type.Optional(Metadata),
  customer: Type.Optional(CustomerCreateIn),
};

export const OrderCreateIn = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  ...OrderFieldsIn,
});
export type OrderCreateIn = Static<typeof OrderCreateIn>;

export const OrderUpdateIn = Type.Object(OrderFieldsIn);
export type OrderUpdateIn = Static<typeof OrderUpdateIn>;

export const OrderParams = Type.Object({ orderId: Type.String({ minLength: 1, maxLength: 600 }) });

export const LIST_ORDERS = ['created_at', '-created_at', 'updated_at', '-updated_at'] as const;

export const OrderListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: 1000, default: 1 }),
  order: Type.Optional(Type.Union(LIST_ORDERS.map((o) => Type.Literal(o)))),
  status: Type.Optional(StatusIn),
  customer_id: Type.Optional(Type.String({ maxLength: 600 })),
  'created_at[before]': Type.Optional(Type.String({ format: 'date-time' })),
  'created_at[after]': Type.Optional(Type.String({ format: 'date-time' })),
});
export type OrderListQuery = Static<typeof OrderListQuery>;

/** The answers; declared without properties so that the presenter's key order is kept. */
export const OrderOut = Type.Object({}, { additionalProperties: true, description: 'Order' });
export const OrderListOut = Type.Object({}, { additionalProperties: true, description: 'Orders' });
