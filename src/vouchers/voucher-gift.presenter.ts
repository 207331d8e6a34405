import { iso } from '../platform/clock.js';
import type { VoucherTransactionRow } from './voucher-transaction.table.js';

/*
 * The gift-card objects of `api-vouchers.json`: the balance answer of `POST /v1/vouchers/{code}/balance`
 * (`VouchersBalanceUpdateResponseBody`) and the transaction (`VoucherTransaction`), keys in the order of
 * Voucherify's examples.
 */

type Json = Record<string, unknown>;

const MANUAL = new Set(['CREDITS_ADDITION', 'CREDITS_REMOVAL']);

/** The balance after a movement, as the balance answer and the events carry it. */
export function presentGiftBalance(t: VoucherTransactionRow): Json {
  return {
    amount: t.amount,
    total: t.total,
    balance: t.balance,
    type: 'gift_voucher',
    operation_type: 'MANUAL',
    object: 'balance',
    related_object: { type: 'voucher', id: t.voucher_id },
  };
}

export function presentTransaction(t: VoucherTransactionRow): Json {
  const balance: Json = {
    type: 'gift_voucher',
    total: t.total,
    amount: t.amount,
    object: 'balance',
    balance: t.balance,
  };
  if (MANUAL.has(t.type)) balance.operation_type = 'MANUAL';
  balance.related_object = { id: t.voucher_id, type: 'voucher' };
  const details: Json = { balance };
  if (t.order_id !== null) details.order = { id: t.order_id, source_id: t.order_source_id };
  if (t.redemption_id !== null) details.redemption = { id: t.redemption_id };
  if (t.rollback_id !== null) details.rollback = { id: t.rollback_id };
  return {
    id: t.id,
    source_id: t.source_id,
    voucher_id: t.voucher_id,
    campaign_id: t.campaign_id,
    source: t.source,
    reason: t.reason,
    type: t.type,
    details,
    related_transaction_id: null,
    created_at: iso(t.created_at),
  };
}
