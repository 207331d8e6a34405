import { Type } from '@sinclair/typebox';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { presentCustomer } from './customer.presenter.js';
import { FreeObject } from '../platform/schemas.js';
import { CustomerOut } from './customer.schemas.js';
import type { CustomerRow } from './customer.table.js';

/** The customer of every customer.* sample: a row as the repository stores it. */
export const SAMPLE_CUSTOMER_ROW: Readonly<CustomerRow> = Object.freeze({
  id: 'cust_sample0000000000000000',
  project_id: 'proj_sample',
  source_id: 'sample-customer',
  name: 'Sam Sample',
  description: null,
  email: 'sam@example.com',
  phone: null,
  birthday: null,
  birthdate: '1990-04-01',
  address: JSON.stringify({ city: 'Oslo', country: 'NO' }),
  city: 'Oslo',
  metadata: '{}',
  created_at: SAMPLE_TIME,
  updated_at: null,
  deleted_at: null,
});

/** `SimpleCustomer` (`presentSimpleCustomer`): the customer as other contexts' events carry it. */
export const SimpleCustomerOut = Type.Unsafe<Record<string, unknown>>(
  Type.Object({
    id: Type.String(),
    name: Type.Optional(Type.String()),
    email: Type.Optional(Type.String()),
    source_id: Type.Optional(Type.String()),
    metadata: FreeObject,
    object: Type.Literal('customer'),
  }),
);

const CustomerData = Type.Object({ customer: CustomerOut });

export const CustomerCreated = declareEvent(
  'customer.created',
  () => CustomerData,
  () => ({
    data: { customer: presentCustomer(SAMPLE_CUSTOMER_ROW) },
    entityId: SAMPLE_CUSTOMER_ROW.id,
  }),
);

export const CustomerDeleted = declareEvent(
  'customer.deleted',
  () => CustomerData,
  () => ({
    data: {
      customer: presentCustomer({
        ...SAMPLE_CUSTOMER_ROW,
        updated_at: SAMPLE_TIME + 60_000,
        deleted_at: SAMPLE_TIME + 60_000,
      }),
    },
    entityId: SAMPLE_CUSTOMER_ROW.id,
  }),
);

export const CustomerConfirmed = declareEvent(
  'customer.confirmed',
  () => Type.Object({ customer: CustomerOut, unconfirmed_customer: Type.Object({ id: Type.String() }) }),
  () => ({
    data: {
      customer: presentCustomer(SAMPLE_CUSTOMER_ROW),
      unconfirmed_customer: { id: 'ucust_sample000000000000000' },
    },
    entityId: SAMPLE_CUSTOMER_ROW.id,
  }),
);

/** Every event type the customers context fires. */
export const CUSTOMER_EVENTS = [CustomerCreated, CustomerDeleted, CustomerConfirmed] as const;
