import { type Static, Type } from '@sinclair/typebox';
import {
  FreeObject,
  ListOut,
  Metadata,
  Nullable,
  NullableIn,
  OneOf,
  PageQuery,
} from '../platform/schemas.js';

/**
 * Request and response schemas of the customers API, after `api-customers.json`. Input objects accept
 * unknown keys (a client may send back a customer it read) and ignore them.
 */

const Text = (maxLength: number) => Type.String({ maxLength });

const AddressIn = Type.Object({
  city: Type.Optional(NullableIn(Text(200))),
  state: Type.Optional(NullableIn(Text(200))),
  line_1: Type.Optional(NullableIn(Text(500))),
  line_2: Type.Optional(NullableIn(Text(500))),
  country: Type.Optional(NullableIn(Text(200))),
  postal_code: Type.Optional(NullableIn(Text(50))),
});

const CustomerBaseIn = {
  name: Type.Optional(NullableIn(Text(500))),
  description: Type.Optional(NullableIn(Text(2000))),
  email: Type.Optional(NullableIn(Type.String({ format: 'email', maxLength: 320 }))),
  phone: Type.Optional(NullableIn(Text(50))),
  birthday: Type.Optional(NullableIn(Type.String({ format: 'date' }))),
  birthdate: Type.Optional(NullableIn(Type.String({ format: 'date' }))),
  address: Type.Optional(NullableIn(AddressIn)),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const CustomerCreateIn = Type.Object({
  id: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  source_id: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  ...CustomerBaseIn,
});
export type CustomerCreateIn = Static<typeof CustomerCreateIn>;

export const CustomerUpdateIn = Type.Object({
  source_id: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  ...CustomerBaseIn,
});
export type CustomerUpdateIn = Static<typeof CustomerUpdateIn>;

export const CustomerParams = Type.Object({ customerId: Type.String({ minLength: 1, maxLength: 600 }) });
export const UnconfirmedParams = Type.Object({ unconfirmedCustomerId: Type.String({ minLength: 1 }) });

export const DoubleOptInHeaders = Type.Object({
  'x-voucherify-double-opt-in': Type.Optional(Type.String()),
});

export const CUSTOMER_ORDERS = [
  'created_at',
  '-created_at',
  'updated_at',
  '-updated_at',
  'source_id',
  '-source_id',
] as const;
export type CustomerOrder = (typeof CUSTOMER_ORDERS)[number];

export const CustomerListQuery = Type.Object({
  ...PageQuery(99),
  email: Type.Optional(Type.String()),
  city: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  'created_at[before]': Type.Optional(Type.String()),
  'created_at[after]': Type.Optional(Type.String()),
  'updated_at[before]': Type.Optional(Type.String()),
  'updated_at[after]': Type.Optional(Type.String()),
  order: Type.Optional(OneOf(CUSTOMER_ORDERS)),
  starting_after: Type.Optional(
    Type.String({ description: 'A created_at (or updated_at) cursor, ISO 8601' }),
  ),
});
export type CustomerListQuery = Static<typeof CustomerListQuery>;

const AddressOut = Type.Object({
  city: Type.Optional(Type.String()),
  state: Type.Optional(Type.String()),
  line_1: Type.Optional(Type.String()),
  line_2: Type.Optional(Type.String()),
  country: Type.Optional(Type.String()),
  postal_code: Type.Optional(Type.String()),
});

const SummaryOut = Type.Object({
  redemptions: Type.Object({
    total_redeemed: Type.Integer(),
    total_failed: Type.Integer(),
    total_succeeded: Type.Integer(),
    total_rolled_back: Type.Integer(),
    total_rollback_failed: Type.Integer(),
    total_rollback_succeeded: Type.Integer(),
    gift: Type.Object({ redeemed_amount: Type.Integer(), amount_to_go: Type.Integer() }),
    loyalty_card: Type.Object({ redeemed_points: Type.Integer(), points_to_go: Type.Integer() }),
  }),
  orders: Type.Object({
    total_amount: Type.Integer(),
    total_count: Type.Integer(),
    average_amount: Type.Integer(),
    last_order_amount: Type.Integer(),
    last_order_date: Type.Optional(Type.String()),
  }),
});

const LoyaltyOut = Type.Object({
  points: Type.Integer(),
  referred_customers: Type.Integer(),
  campaigns: Type.Record(
    Type.String(),
    Type.Object({
      points: Type.Optional(Type.Integer()),
      loyalty_tier: Type.Optional(Type.String()),
      referred_customers: Type.Optional(Type.Integer()),
    }),
  ),
});

const ReferralsOut = Type.Object({
  total: Type.Integer(),
  campaigns: Type.Array(
    Type.Object({
      campaign_id: Type.String(),
      referrer_id: Type.String(),
      related_object_id: Type.String(),
      related_object_type: Type.String(),
      date: Type.String(),
    }),
  ),
});

const CustomerFieldsOut = {
  id: Type.String(),
  source_id: Type.Optional(Type.String()),
  name: Type.Optional(Type.String()),
  description: Type.Optional(Type.String()),
  email: Type.Optional(Type.String()),
  phone: Type.Optional(Type.String()),
  birthday: Type.Optional(Type.String()),
  birthdate: Type.Optional(Type.String()),
  address: Nullable(AddressOut),
  summary: SummaryOut,
  loyalty: LoyaltyOut,
  referrals: ReferralsOut,
  metadata: FreeObject,
};

export const CustomerOut = Type.Object({
  ...CustomerFieldsOut,
  system_metadata: FreeObject,
  created_at: Type.String({ format: 'date-time' }),
  updated_at: Type.Optional(Type.String({ format: 'date-time' })),
  assets: Type.Object({ cockpit_url: Type.Optional(Type.String()) }),
  object: Type.Literal('customer'),
});

export const UnconfirmedCustomerOut = Type.Object({
  ...CustomerFieldsOut,
  created_at: Type.String({ format: 'date-time' }),
  object: Type.Literal('unconfirmed_customer'),
});

export const CustomerOrUnconfirmedOut = Type.Union([CustomerOut, UnconfirmedCustomerOut]);

export const CustomerListOut = ListOut('customers', CustomerOut, { has_more: Type.Boolean() });

export const PermanentDeletionOut = Type.Object({
  id: Type.String(),
  created_at: Type.String({ format: 'date-time' }),
  related_object_id: Type.String(),
  related_object: Type.Literal('customer'),
  status: Type.Literal('DONE'),
  data_json: Type.Object({
    events: Type.Integer(),
    customer_events: Type.Integer(),
    daily_events: Type.Integer(),
    segments: Type.Integer(),
    orders: Type.Integer(),
    order_events: Type.Integer(),
    customer: Type.Integer(),
  }),
  object: Type.Literal('pernament_deletion'),
});
