import type { Static } from '@sinclair/typebox';
import { iso } from '../platform/clock.js';
import type { CustomerOut, PermanentDeletionOut, UnconfirmedCustomerOut } from './customer.schemas.js';
import type { CustomerRow, UnconfirmedCustomerRow } from './customer.table.js';
import type { CustomerCreateIn } from './customer.schemas.js';

export type CustomerJson = Static<typeof CustomerOut>;
export type UnconfirmedCustomerJson = Static<typeof UnconfirmedCustomerOut>;
type Address = NonNullable<CustomerJson['address']>;

/*
 * Wire rule, from Voucherify's published examples and schemas: a field with no value is left out, except
 * the keys the schema requires (summary, loyalty, referrals, object) and `address` (nullable: null), and
 * `metadata` and `system_metadata`, which are always objects. Keys follow the order of the spec's example.
 * summary, loyalty and referrals carry zeros until the redemption, order and loyalty contexts feed them.
 */

const emptySummary = () => ({
  redemptions: {
    total_redeemed: 0,
    total_failed: 0,
    total_succeeded: 0,
    total_rolled_back: 0,
    total_rollback_failed: 0,
    total_rollback_succeeded: 0,
    gift: { redeemed_amount: 0, amount_to_go: 0 },
    loyalty_card: { redeemed_points: 0, points_to_go: 0 },
  },
  orders: { total_amount: 0, total_count: 0, average_amount: 0, last_order_amount: 0 },
});
const emptyLoyalty = () => ({ points: 0, referred_customers: 0, campaigns: {} });
const emptyReferrals = () => ({ total: 0, campaigns: [] });

const SCALARS = ['name', 'description', 'email', 'phone', 'birthday', 'birthdate'] as const;

/** Customer fields as stored: scalars, address and metadata. */
type Fields = Pick<CustomerRow, (typeof SCALARS)[number] | 'source_id' | 'address' | 'metadata'>;

function presentFields(row: Fields) {
  const out: Partial<Record<(typeof SCALARS)[number] | 'source_id', string>> = {};
  if (row.source_id !== null) out.source_id = row.source_id;
  for (const k of SCALARS) {
    const v = row[k];
    if (v !== null) out[k] = v;
  }
  return out;
}

/** What a customer and an unconfirmed customer both show, from `source_id` to `metadata`. */
function presentProfile(fields: Fields) {
  return {
    ...presentFields(fields),
    address: fields.address === null ? null : (JSON.parse(fields.address) as Address),
    summary: emptySummary(),
    loyalty: emptyLoyalty(),
    referrals: emptyReferrals(),
    metadata: JSON.parse(fields.metadata) as Record<string, unknown>,
  };
}

export function presentCustomer(row: CustomerRow): CustomerJson {
  const out: CustomerJson = {
    id: row.id,
    ...presentProfile(row),
    system_metadata: {},
    created_at: iso(row.created_at),
    assets: {},
    object: 'customer',
  };
  if (row.updated_at !== null) {
    // Keep Voucherify's key order: updated_at sits between created_at and assets.
    const { assets, object, ...head } = out;
    return { ...head, updated_at: iso(row.updated_at), assets, object };
  }
  return out;
}

/** An unconfirmed customer: what it will become, with object `unconfirmed_customer`. */
export function presentUnconfirmedCustomer(row: UnconfirmedCustomerRow): UnconfirmedCustomerJson {
  const fields = customerFieldsFromInput(JSON.parse(row.payload) as CustomerCreateIn);
  return {
    id: row.id,
    ...presentProfile(fields),
    created_at: iso(row.created_at),
    object: 'unconfirmed_customer',
  };
}

export function presentPermanentDeletion(
  id: string,
  customerId: string,
  now: number,
): Static<typeof PermanentDeletionOut> {
  return {
    id,
    created_at: iso(now),
    related_object_id: customerId,
    related_object: 'customer',
    status: 'DONE',
    data_json: {
      events: 0,
      customer_events: 0,
      daily_events: 0,
      segments: 0,
      orders: 0,
      order_events: 0,
      customer: 1,
    },
    // Voucherify's own spelling, kept so that clients matching on it keep working.
    object: 'pernament_deletion',
  };
}

const ADDRESS_KEYS = ['city', 'state', 'line_1', 'line_2', 'country', 'postal_code'] as const;

/** The known address keys with a value; null when none is left. */
function cleanAddress(a: CustomerCreateIn['address']): Address | null {
  if (!a) return null;
  const out: Address = {};
  for (const k of ADDRESS_KEYS) {
    const v = a[k];
    if (typeof v === 'string') out[k] = v;
  }
  return Object.keys(out).length > 0 ? out : null;
}

/**
 * The stored columns a create or update body sets. A key that is absent is left as it is; a key that is
 * null clears the field. Unknown keys are ignored.
 */
export function customerPatchFromInput(input: Omit<CustomerCreateIn, 'id'>): Partial<CustomerRow> {
  const patch: Partial<CustomerRow> = {};
  if (input.source_id !== undefined) patch.source_id = input.source_id;
  for (const k of SCALARS) {
    const v = input[k];
    if (v !== undefined) patch[k] = v;
  }
  if (input.address !== undefined) {
    const a = cleanAddress(input.address);
    patch.address = a === null ? null : JSON.stringify(a);
    patch.city = a?.city ?? null;
  }
  if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
  return patch;
}

/** All stored fields of a new customer made from a create body. */
export function customerFieldsFromInput(input: CustomerCreateIn): Fields & Pick<CustomerRow, 'city'> {
  return {
    source_id: null,
    name: null,
    description: null,
    email: null,
    phone: null,
    birthday: null,
    birthdate: null,
    address: null,
    city: null,
    metadata: '{}',
    ...customerPatchFromInput(input),
  };
}

/** `SimpleCustomer`: the customer as publications and other contexts' events carry it. */
export function presentSimpleCustomer(row: CustomerRow): Record<string, unknown> {
  const out: Record<string, unknown> = { id: row.id };
  if (row.name !== null) out.name = row.name;
  if (row.email !== null) out.email = row.email;
  if (row.source_id !== null) out.source_id = row.source_id;
  out.metadata = JSON.parse(row.metadata);
  out.object = 'customer';
  return out;
}
