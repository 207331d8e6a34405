import { findAnyCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import { customersByIds, presentSimpleCustomer } from '../customers/index.js';
import { findOrder, presentSimpleOrder } from '../orders/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import {
  giftBalanceShort,
  giftTotalTooLarge,
  notAGiftCard,
  unknownTransaction,
  voucherNotFound,
  zeroAmount,
} from './voucher.errors.js';
import { GiftBalanceAdded, GiftTransactionCreated } from './voucher-gift.events.js';
import { presentSimpleVoucher } from './voucher.presenter.js';
import * as repo from './voucher.repository.js';
import type { BalanceIn, TransactionListQuery } from './voucher-gift.schemas.js';
import { voucherJson } from './voucher.service.js';
import type { VoucherRow } from './voucher.table.js';
import { presentGiftBalance, presentTransaction } from './voucher-gift.presenter.js';
import * as txRepo from './voucher-transaction.repository.js';
import type { VoucherTransactionRow } from './voucher-transaction.table.js';

/**
 * Gift cards' credits. Every movement changes the card by one conditional statement (its balance never goes
 * below zero), writes a `vtx_…` transaction and records `voucher.gift.transaction.created`, all in the
 * caller's transaction; a manual addition also records `voucher.gift.balance_added`.
 */

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;
type Json = Record<string, unknown>;

/** What a movement is, besides its amount: why, and what it belongs to. */
interface Movement {
  type: VoucherTransactionRow['type'];
  amount: number;
  total: number;
  subtracted: number;
  source: string | null;
  sourceId?: string | null;
  reason?: string | null;
  orderId?: string;
  /** The `SimpleRedemption` the movement belongs to (its `id` is stored), and a rollback's. */
  redemption?: Json & { id: string };
  rollback?: Json & { id: string };
}

async function holderOf(db: Kx, row: VoucherRow): Promise<Json | null> {
  if (row.holder_id === null) return null;
  const holder = (await customersByIds(db, row.project_id, [row.holder_id])).get(row.holder_id);
  return holder ? presentSimpleCustomer(holder) : null;
}

/** The card after the change, its transaction and events; undefined when the condition refused it. */
async function move(tx: Tx, caller: Caller, voucherId: string, m: Movement) {
  const change = { balance: m.amount, total: m.total, subtracted: m.subtracted };
  const row = await txRepo.changeGiftBalanceRow(tx.db, voucherId, change, tx.now);
  if (!row) return undefined;
  const order = m.orderId ? await findOrder(tx.db, caller.projectId, m.orderId) : null;
  const t: VoucherTransactionRow = {
    id: newId('voucherTransaction'),
    project_id: caller.projectId,
    voucher_id: row.id,
    seq: await txRepo.nextTransactionSeq(tx.db, row.id),
    campaign_id: row.campaign_id,
    type: m.type,
    source: m.source,
    source_id: m.sourceId ?? null,
    reason: m.reason ?? null,
    amount: m.amount,
    balance: row.gift_balance ?? 0,
    total: row.gift_amount ?? 0,
    order_id: order?.id ?? null,
    order_source_id: order?.source_id ?? null,
    redemption_id: m.redemption?.id ?? null,
    rollback_id: m.rollback?.id ?? null,
    created_at: tx.now,
  };
  await txRepo.insertTransaction(tx.db, t);
  const campaign = row.campaign_id
    ? ((await findAnyCampaign(tx.db, row.project_id, row.campaign_id)) ?? null)
    : null;
  const transaction = presentTransaction(t);
  const balance = presentGiftBalance(t);
  const simpleCampaign = campaign ? presentSimpleCampaign(campaign) : null;
  await recordEventFor(tx, caller, GiftTransactionCreated, row.id, {
    transaction,
    voucher: await voucherJson(tx.db, { row, campaign }),
    campaign: simpleCampaign,
    holder: await holderOf(tx.db, row),
    balance,
    order: order ? presentSimpleOrder(order) : null,
    redemption: m.redemption ?? null,
    rollback: m.rollback ?? null,
  });
  if (m.type === 'CREDITS_ADDITION')
    await recordEventFor(tx, caller, GiftBalanceAdded, row.id, {
      voucher: presentSimpleVoucher(row, campaign?.name ?? null),
      balance,
      campaign: simpleCampaign,
      transaction,
    });
  return { row, transaction: t };
}

/**
 * `POST /v1/vouchers/{code}/balance`: a positive amount adds credits (`CREDITS_ADDITION`, which also raises
 * the card's total), a negative one removes them (`CREDITS_REMOVAL`, lowering balance and total). Removing
 * more than the balance is 400 `gift_amount_exceeded`; only gift cards take credits.
 */
export async function changeGiftBalance(ctx: Ctx, caller: Caller, code: string, input: BalanceIn) {
  if (input.amount === 0) throw zeroAmount();
  return transact(ctx, async (tx) => {
    const found = await repo.findVoucher(tx.db, caller.projectId, code);
    if (!found) throw voucherNotFound(code);
    if (found.type !== 'GIFT_VOUCHER') throw notAGiftCard(code, found.type);
    const adding = input.amount > 0;
    const done = await move(tx, caller, found.id, {
      type: adding ? 'CREDITS_ADDITION' : 'CREDITS_REMOVAL',
      amount: input.amount,
      total: input.amount,
      subtracted: adding ? 0 : -input.amount,
      source: 'API',
      sourceId: input.source_id,
      reason: input.reason,
    });
    if (done) return presentGiftBalance(done.transaction);
    const now = await repo.findVoucher(tx.db, caller.projectId, code);
    if (!adding) throw giftBalanceShort(code, now?.gift_balance ?? 0, -input.amount);
    throw giftTotalTooLarge(code);
  });
}

/**
 * Adds `amount` credits to the gift card inside the caller's transaction (a reward of gift credits): writes
 * `CREDITS_ADDITION` (raising the card's total) and records `voucher.gift.transaction.created` and
 * `voucher.gift.balance_added`. Null when the voucher is no live gift card or its total would overflow.
 */
export async function addGiftCredits(
  tx: Tx,
  caller: Caller,
  add: { voucherId: string; amount: number; reason?: string; sourceId?: string },
): Promise<GiftCreditsMoved | null> {
  if (!Number.isSafeInteger(add.amount) || add.amount <= 0) throw new RangeError('credits must be cents');
  const done = await move(tx, caller, add.voucherId, {
    type: 'CREDITS_ADDITION',
    amount: add.amount,
    total: add.amount,
    subtracted: 0,
    source: null,
    sourceId: add.sourceId ?? null,
    reason: add.reason ?? null,
  });
  if (!done) return null;
  return {
    amount: add.amount,
    balance: done.transaction.balance,
    transaction: presentTransaction(done.transaction),
  };
}

/** What a spend or refund gave: the credits moved, the balance after, and the transaction (none for 0). */
export interface GiftCreditsMoved {
  amount: number;
  balance: number;
  transaction: Json | null;
}

/**
 * Spends `amount` credits of the gift card for a redemption, inside the redemption's transaction, by one
 * conditional statement: all of them, or none when the balance is short (then null, and the caller refuses
 * with `gift_amount_exceeded`). Writes `CREDITS_REDEMPTION` and records `voucher.gift.transaction.created`
 * with the order (`orderId`, stored earlier in the same transaction) and the `redemption` (SimpleRedemption).
 * An amount of 0 moves nothing and writes nothing.
 */
export async function spendGiftCredits(
  tx: Tx,
  caller: Caller,
  spend: { voucherId: string; amount: number; orderId?: string; redemption?: Json & { id: string } },
): Promise<GiftCreditsMoved | null> {
  if (!Number.isSafeInteger(spend.amount) || spend.amount < 0) throw new RangeError('credits must be cents');
  if (spend.amount === 0) return unmoved(tx, spend.voucherId);
  const done = await move(tx, caller, spend.voucherId, {
    type: 'CREDITS_REDEMPTION',
    amount: -spend.amount,
    total: 0,
    subtracted: 0,
    source: null,
    orderId: spend.orderId,
    redemption: spend.redemption,
  });
  if (!done) return null;
  return {
    amount: spend.amount,
    balance: done.transaction.balance,
    transaction: presentTransaction(done.transaction),
  };
}

/**
 * Gives `amount` credits back to the gift card for a rolled back redemption, inside the rollback's
 * transaction: writes `CREDITS_REFUND` and records `voucher.gift.transaction.created` with the order, the
 * `redemption` and the `rollback`. Null when the voucher is no live gift card.
 */
export async function refundGiftCredits(
  tx: Tx,
  caller: Caller,
  refund: {
    voucherId: string;
    amount: number;
    orderId?: string;
    redemption?: Json & { id: string };
    rollback?: Json & { id: string };
  },
): Promise<GiftCreditsMoved | null> {
  if (!Number.isSafeInteger(refund.amount) || refund.amount < 0)
    throw new RangeError('credits must be cents');
  if (refund.amount === 0) return unmoved(tx, refund.voucherId);
  const done = await move(tx, caller, refund.voucherId, {
    type: 'CREDITS_REFUND',
    amount: refund.amount,
    total: 0,
    subtracted: 0,
    source: null,
    orderId: refund.orderId,
    redemption: refund.redemption,
    rollback: refund.rollback,
  });
  if (!done) return null;
  return {
    amount: refund.amount,
    balance: done.transaction.balance,
    transaction: presentTransaction(done.transaction),
  };
}

async function unmoved(tx: Tx, voucherId: string): Promise<GiftCreditsMoved | null> {
  const row = await txRepo.findVoucherById(tx.db, voucherId);
  if (row?.type !== 'GIFT_VOUCHER' || row.deleted_at !== null) return null;
  return { amount: 0, balance: row.gift_balance ?? 0, transaction: null };
}

/** `GET /v1/vouchers/{code}/transactions`: newest first (`-id`) unless `order=id`, paged by `starting_after_id`. */
export async function listGiftTransactions(
  ctx: Ctx,
  projectId: string,
  code: string,
  q: TransactionListQuery,
) {
  const db = ctx.db.kysely;
  const voucher = await repo.findVoucher(db, projectId, code);
  if (!voucher) throw voucherNotFound(code);
  const desc = q.order !== 'id';
  let afterSeq: number | undefined;
  if (q.starting_after_id !== undefined) {
    const after = await txRepo.findTransaction(db, voucher.id, q.starting_after_id);
    if (!after) throw unknownTransaction(q.starting_after_id);
    afterSeq = after.seq;
  }
  // `page` is deprecated upstream; it still pages when no cursor is given.
  if (afterSeq === undefined && q.page !== undefined && q.page > 1) {
    const skipped = await txRepo.selectTransactions(
      db,
      voucher.id,
      desc,
      undefined,
      (q.page - 1) * q.limit - 1,
    );
    const last = skipped[(q.page - 1) * q.limit - 1];
    if (!last) return { data: [], hasMore: false };
    afterSeq = last.seq;
  }
  const rows = await txRepo.selectTransactions(db, voucher.id, desc, afterSeq, q.limit);
  return { data: rows.slice(0, q.limit).map(presentTransaction), hasMore: rows.length > q.limit };
}
