import { type CustomerRow, presentCustomer } from '../customers/index.js';
import { iso } from '../platform/clock.js';
import {
  type HeldVoucher,
  presentListedVoucher,
  presentSimpleVoucher,
  presentVoucher,
} from '../vouchers/index.js';
import type { PublicationRow } from './publication.table.js';

/*
 * Wire rule, as elsewhere: a field with no value is left out, except the keys the published schemas require
 * (`source_id` is then null). Keys follow the order of Voucherify's examples. The customer is the customer
 * object with its summary, loyalty and referrals, which the schema requires (the examples abbreviate it).
 */

export type PublicationJson = Record<string, unknown>;

/** A publication with what it names, ready to present. */
export interface PublicationView {
  row: PublicationRow;
  customer: CustomerRow | null;
  vouchers: HeldVoucher[];
}

function base(v: PublicationView): PublicationJson {
  const { row } = v;
  const out: PublicationJson = {
    id: row.id,
    object: 'publication',
    created_at: iso(row.created_at),
    customer_id: row.customer_id,
  };
  if (row.tracking_id !== null) out.tracking_id = row.tracking_id;
  out.metadata = JSON.parse(row.metadata);
  out.channel = row.channel;
  out.source_id = row.source_id;
  out.result = row.result;
  out.customer = v.customer ? presentCustomer(v.customer) : { id: row.customer_id, object: 'customer' };
  return out;
}

const ids = (v: PublicationView) => v.vouchers.map((h) => h.row.id);
const codes = (v: PublicationView) => v.vouchers.map((h) => h.row.code);

/** The answer of a create: the full voucher when one was published, else the list of codes. */
export function presentCreatedPublication(v: PublicationView): PublicationJson {
  const out = base(v);
  if (v.vouchers.length === 1) out.voucher = presentVoucher(v.vouchers[0]!.row, v.vouchers[0]!.campaignName);
  else out.vouchers = codes(v);
  out.vouchers_id = ids(v);
  return out;
}

/** A publication in `GET /v1/publications`: a simplified voucher, or the list of codes. */
export function presentListedPublication(v: PublicationView): PublicationJson {
  const out = base(v);
  if (v.vouchers.length === 1)
    out.voucher = presentListedVoucher(v.vouchers[0]!.row, v.vouchers[0]!.campaignName);
  else out.vouchers = codes(v);
  out.vouchers_id = ids(v);
  return out;
}

/** `ListPublicationsItemBase`: the publication as events carry it. */
export function presentEventPublication(v: PublicationView): PublicationJson {
  const out = base(v);
  if (v.vouchers.length > 1) out.vouchers = codes(v);
  out.vouchers_id = ids(v);
  return out;
}

export const simpleVouchersOf = (v: PublicationView) =>
  v.vouchers.map((h) => presentSimpleVoucher(h.row, h.campaignName));
