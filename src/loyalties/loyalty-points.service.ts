import { type CampaignRow, findAnyCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import { customersByIds, presentSimpleCustomer } from '../customers/index.js';
import type { Kx } from '../platform/db/connect.js';
import type { Tx } from '../platform/db/transaction.js';
import { invalidPayload } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import {
  changeLoyaltyPoints,
  type LoyaltyPointsChange,
  presentSimpleVoucher,
  type VoucherRow,
  voucherJson,
  vouchersByIds,
} from '../vouchers/index.js';
import { INTERNAL_SOURCE, recordEventFor } from '../webhooks/index.js';
import {
  noHolder,
  notALoyaltyCard,
  pointsOutOfRange,
  pointsShort,
  pointsTooLarge,
} from './loyalty.errors.js';
import { LoyaltyTransactionCreated, PointsAdded, PointsExpired } from './loyalty.events.js';
import { lastDayOf, type PointsExpiration } from './loyalty.expiration.js';
import {
  presentBucket,
  presentLoyaltyBalance,
  presentLoyaltyTransaction,
  presentTier,
} from './loyalty.presenter.js';
import * as repo from './loyalty.repository.js';
import { announceTierChange, type TierChange } from './loyalty-tier-change.js';
import type {
  LoyaltyPointBucketRow,
  LoyaltyTierRow,
  LoyaltyTransactionRow,
  LoyaltyTransactionType,
} from './loyalty.table.js';

/**
 * A loyalty card's points. Every movement changes the card by one conditional statement (its balance never
 * goes below zero; on PostgreSQL the statement holds the card's row until commit, so movements of one card
 * queue), keeps the card's point buckets (`lopb_…`) in step, writes a `vtx_…` transaction and records
 * `voucher.loyalty_card.transaction.created`, all in the caller's transaction; and re-reads the member's
 * tier from the new balance. A movement that changes the tier tells the tier listeners
 * (`loyalty-tier-change.ts`: the earning rules of `customer.loyalty.tier.*`) in the same transaction, after
 * its events.
 */

type Json = Record<string, unknown>;

/** Who caused the movement: the project, the request (the events' `group_id`; null for background work) and the event source. */
export type LoyaltyCause = Parameters<typeof recordEventFor>[1];

/** Types that add points. */
export type AddPointsType =
  | 'POINTS_ACCRUAL'
  | 'POINTS_ADDITION'
  | 'POINTS_REFUND'
  | 'POINTS_TRANSFER_IN'
  | 'PENDING_POINTS_ACTIVATION';
/** Types that take points away. */
export type SpendPointsType = 'POINTS_REMOVAL' | 'POINTS_REDEMPTION' | 'POINTS_TRANSFER_OUT';

/** The keys of `voucher.loyalty_card.transaction.created` a caller may fill (the others come from the card). */
export type TransactionEventKey =
  | 'order'
  | 'event'
  | 'earning_rule'
  | 'segment'
  | 'loyalty_tier'
  | 'redemption'
  | 'rollback'
  | 'reward'
  | 'custom_event'
  | 'source_voucher'
  | 'destination_voucher';

export interface PointsMovementIn {
  cause: LoyaltyCause;
  /** The loyalty card: its voucher row, or its id (`v_…`). */
  card: string | VoucherRow;
  /** How many points move: a positive integer. */
  points: number;
  reason?: string | null;
  sourceId?: string | null;
  /** The transaction's `source`: `API` for a person's change through a route; null (the default) otherwise. */
  source?: string | null;
  /**
   * What the transaction's `details` carry besides the balance, as Voucherify writes them: `order {id,
   * source_id}`, `event {id, type}`, `earning_rule {id, source: {banner}}`, `segment {id, name}`,
   * `loyalty_tier {id, name}`, `redemption {id}`, `rollback {id}`, `reward {id, name}`, `custom_event {id,
   * type}`, `event_schema {id, name}`, `pending_points {…}`, `source_voucher`, `destination_voucher`.
   */
  details?: Json;
  /** The full objects `transaction.created` carries under those keys (SimpleOrder, SimpleEarningRule, …); null when absent. */
  eventData?: Partial<Record<TransactionEventKey, unknown>>;
  relatedTransactionId?: string | null;
  /** How many tier changes led to this movement (`TierChange.depth`): 0, the default, for a request or a job. */
  tierDepth?: number;
  /**
   * The caller tells the tier listeners itself (`announceTierChange(tx, moved.tierChange)`), once it has
   * recorded its own events of the movement (an accrual's `customer.rewarded.loyalty_points`), so that a
   * cause's events come before its effects'. By default the movement tells them.
   */
  deferTierChange?: boolean;
}

export interface AddPointsIn extends PointsMovementIn {
  type: AddPointsType;
  /** The points were pending on the card (an activation): its pending points fall by as many, in the same statement. */
  fromPending?: boolean;
  /** How the added points expire; by default under the campaign's `voucher.loyalty_card.expiration_rules`. */
  expiration?: PointsExpiration;
}

export interface SpendPointsIn extends PointsMovementIn {
  type: SpendPointsType;
}

/** What a movement did: the card after it, its transaction (row and presented), the balance, and the member's tier before and after. */
export interface PointsMoved {
  card: VoucherRow;
  campaign: CampaignRow | null;
  transactionRow: LoyaltyTransactionRow;
  transaction: Json;
  balance: Json;
  tier: { before: LoyaltyTierRow | null; after: LoyaltyTierRow | null };
  /** The member's tier change, null when the tier stayed; told to the listeners unless `deferTierChange`. */
  tierChange: TierChange | null;
}

/** The live loyalty card with a holder, by row or id, read afresh in the transaction; a 400 otherwise. */
async function cardOf(tx: Tx, projectId: string, card: string | VoucherRow): Promise<VoucherRow> {
  const id = typeof card === 'string' ? card : card.id;
  const row = (await vouchersByIds(tx.db, projectId, [id])).get(id)?.row;
  const code = typeof card === 'string' ? card : card.code;
  if (!row || row.deleted_at !== null || row.type !== 'LOYALTY_CARD') throw notALoyaltyCard(code);
  if (row.holder_id === null) throw noHolder(row.code);
  return row;
}

function checkPoints(points: number): void {
  if (!Number.isSafeInteger(points) || points <= 0) throw pointsOutOfRange('points');
}

async function campaignOf(db: Kx, row: VoucherRow): Promise<CampaignRow | null> {
  return row.campaign_id ? ((await findAnyCampaign(db, row.project_id, row.campaign_id)) ?? null) : null;
}

/** The tier whose range holds `points`, of tiers that do not overlap. */
export function tierFor(tiers: LoyaltyTierRow[], points: number): LoyaltyTierRow | null {
  return (
    tiers.find((t) => t.points_from <= points && (t.points_to === null || points <= t.points_to)) ?? null
  );
}

function programRules(campaign: CampaignRow | null): Json | undefined {
  if (!campaign?.voucher) return undefined;
  const t = JSON.parse(campaign.voucher) as { loyalty_card?: { expiration_rules?: Json } };
  return t.loyalty_card?.expiration_rules;
}

/** Writes the transaction, re-reads the tier and records the events, once the card's row has changed. */
async function recordMovement(
  tx: Tx,
  m: PointsMovementIn & { type: LoyaltyTransactionType },
  row: VoucherRow,
  campaign: CampaignRow | null,
  signed: number,
): Promise<PointsMoved> {
  const tiers = row.campaign_id ? await repo.campaignTiers(tx.db, row.campaign_id) : [];
  const balance = row.loyalty_balance ?? 0;
  const before = tierFor(tiers, balance - signed);
  const after = tierFor(tiers, balance);
  const details: Json = { ...(m.details ?? {}) };
  if (before) details.holder_loyalty_tier = { id: before.id, name: before.name };
  const t: LoyaltyTransactionRow = {
    id: newId('voucherTransaction'),
    project_id: row.project_id,
    voucher_id: row.id,
    seq: await repo.nextTransactionSeq(tx.db, row.id),
    campaign_id: row.campaign_id,
    type: m.type,
    source: m.source ?? null,
    source_id: m.sourceId ?? null,
    reason: m.reason ?? null,
    points: signed,
    balance,
    total: row.loyalty_points ?? 0,
    details: JSON.stringify(details),
    related_transaction_id: m.relatedTransactionId ?? null,
    created_at: tx.now,
  };
  await repo.insertTransaction(tx.db, t);
  if (after?.id !== before?.id && row.campaign_id)
    await repo.setMemberTier(tx.db, {
      voucher_id: row.id,
      project_id: row.project_id,
      campaign_id: row.campaign_id,
      tier_id: after?.id ?? null,
      created_at: tx.now,
      updated_at: null,
    });
  const transaction = presentLoyaltyTransaction(t);
  const presentedBalance = presentLoyaltyBalance(t);
  const simpleCampaign = campaign ? presentSimpleCampaign(campaign) : null;
  const holder = row.holder_id
    ? (await customersByIds(tx.db, row.project_id, [row.holder_id])).get(row.holder_id)
    : undefined;
  const e = m.eventData ?? {};
  await recordEventFor(tx, m.cause, LoyaltyTransactionCreated, row.id, {
    transaction,
    voucher: await voucherJson(tx.db, { row, campaign }),
    campaign: simpleCampaign,
    holder: holder ? presentSimpleCustomer(holder) : null,
    holder_loyalty_tier: after ? presentTier(after) : null,
    balance: presentedBalance,
    order: (e.order as Json | undefined) ?? null,
    event: (e.event as Json | undefined) ?? null,
    earning_rule: (e.earning_rule as Json | undefined) ?? null,
    segment: (e.segment as Json | undefined) ?? null,
    loyalty_tier: (e.loyalty_tier as Json | undefined) ?? null,
    redemption: (e.redemption as Json | undefined) ?? null,
    rollback: (e.rollback as Json | undefined) ?? null,
    reward: (e.reward as Json | undefined) ?? null,
    custom_event: (e.custom_event as Json | undefined) ?? null,
    source_voucher: (e.source_voucher as Json | undefined) ?? null,
    destination_voucher: (e.destination_voucher as Json | undefined) ?? null,
  });
  if (m.type === 'POINTS_ADDITION')
    await recordEventFor(tx, m.cause, PointsAdded, row.id, {
      voucher: presentSimpleVoucher(row, campaign?.name ?? null),
      balance: { ...presentedBalance, operation_type: 'MANUAL' },
      campaign: simpleCampaign,
      customer: holder ? presentSimpleCustomer(holder) : null,
      transaction,
    });
  const tierChange: TierChange | null =
    after?.id !== before?.id && campaign
      ? { cause: m.cause, card: row, holder, campaign, before, after, depth: m.tierDepth ?? 0 }
      : null;
  if (!m.deferTierChange) await announceTierChange(tx, tierChange);
  return {
    card: row,
    campaign,
    transactionRow: t,
    transaction,
    balance: presentedBalance,
    tier: { before, after },
    tierChange,
  };
}

/**
 * Adds points to a held loyalty card inside the caller's transaction: the card's balance and total grow, a
 * bucket holds the points until they expire (under the campaign's expiration rules, or `expiration`), a
 * transaction of `type` is written and `voucher.loyalty_card.transaction.created` recorded (a POINTS_REFUND
 * leaves the total as it is, as POINTS_REDEMPTION does); a
 * POINTS_ADDITION (a person's change) also records `voucher.loyalty_card.points_added` (an accrual's own
 * event, `customer.rewarded.loyalty_points`, is the caller's). The member's tier follows the new balance
 * (`tier` tells a change, and the tier listeners hear of it). A card that is not a live LOYALTY_CARD, has no holder, or would pass 2^53 − 1
 * points is a 400.
 */
export async function addLoyaltyPoints(tx: Tx, input: AddPointsIn): Promise<PointsMoved> {
  checkPoints(input.points);
  const card = await cardOf(tx, input.cause.projectId, input.card);
  const campaign = await campaignOf(tx.db, card);
  const lastDay = lastDayOf(tx.now, programRules(campaign), input.expiration);
  const change: LoyaltyPointsChange = {
    balance: input.points,
    // A refund gives back what a redemption took from the balance only; the total never lost it.
    total: input.type === 'POINTS_REFUND' ? 0 : input.points,
    subtracted: 0,
    expired: 0,
    pending: input.fromPending ? -input.points : 0,
  };
  const row = await changeLoyaltyPoints(tx, card.id, change);
  if (!row)
    throw input.fromPending
      ? invalidPayload(`Loyalty card ${card.code} has fewer than ${input.points} pending points`)
      : pointsTooLarge(card.code);
  await repo.insertBucket(tx.db, {
    id: newId('pointsBucket'),
    project_id: row.project_id,
    campaign_id: row.campaign_id,
    voucher_id: row.id,
    total_points: input.points,
    points: input.points,
    status: 'ACTIVE',
    expires_at: lastDay,
    request_id: input.cause.requestId,
    created_at: tx.now,
    updated_at: null,
  });
  return recordMovement(tx, input, row, campaign, input.points);
}

/**
 * Takes points from a held loyalty card inside the caller's transaction, soonest-expiring points first, by
 * one conditional statement: all of them, or none when the balance is short, then a 400
 * `loyalty_card_points_exceeded` (`POINTS_EXCEEDED`; no SQL failed, so the caller may catch it and go on). A
 * POINTS_REMOVAL or POINTS_TRANSFER_OUT lowers the card's total and counts as subtracted; a POINTS_REDEMPTION
 * only lowers the balance. Writes the transaction and records `voucher.loyalty_card.transaction.created`; the
 * member's tier follows the new balance.
 */
export async function spendLoyaltyPoints(tx: Tx, input: SpendPointsIn): Promise<PointsMoved> {
  checkPoints(input.points);
  const card = await cardOf(tx, input.cause.projectId, input.card);
  const campaign = await campaignOf(tx.db, card);
  const redeeming = input.type === 'POINTS_REDEMPTION';
  const row = await changeLoyaltyPoints(tx, card.id, {
    balance: -input.points,
    total: redeeming ? 0 : -input.points,
    subtracted: redeeming ? 0 : input.points,
    expired: 0,
  });
  if (!row) {
    const now = (await vouchersByIds(tx.db, card.project_id, [card.id])).get(card.id)?.row;
    throw pointsShort(card.code, now?.loyalty_balance ?? 0, input.points);
  }
  // The card's row is held now: no other movement of this card reads or changes its buckets until commit.
  let left = input.points;
  for (const b of await repo.spendableBuckets(tx.db, row.id)) {
    if (left === 0) break;
    const take = Math.min(left, b.points);
    await repo.takeFromBucket(tx.db, b.id, take, tx.now);
    left -= take;
  }
  // What no bucket held is points the card had from its creation, which never expire.
  return recordMovement(tx, input, row, campaign, -input.points);
}

/**
 * Expires one due bucket of a card inside the caller's transaction, which holds the card's lock
 * (`lockLoyaltyCard`): marks it EXPIRED if it is still active (false when another run took it), and takes
 * what is left of its points off the card as a POINTS_EXPIRATION transaction, recording
 * `voucher.loyalty_card.transaction.created` and `voucher.loyalty_card.points_expired` (with the bucket),
 * channel INTERNAL and the `group_id` of the request that added the points; then a tier change is told to
 * the tier listeners.
 */
export async function expireBucket(
  tx: Tx,
  card: VoucherRow | undefined,
  bucket: LoyaltyPointBucketRow,
): Promise<boolean> {
  if (!(await repo.expireBucket(tx.db, bucket.id, tx.now))) return false;
  if (!card || card.deleted_at !== null || bucket.points <= 0) return true;
  const current = (await vouchersByIds(tx.db, card.project_id, [card.id])).get(card.id)?.row;
  const points = Math.min(bucket.points, current?.loyalty_balance ?? 0);
  if (points <= 0) return true;
  const row = await changeLoyaltyPoints(tx, card.id, {
    balance: -points,
    total: 0,
    subtracted: 0,
    expired: points,
  });
  if (!row) return true;
  const cause: LoyaltyCause = {
    projectId: row.project_id,
    requestId: bucket.request_id,
    source: INTERNAL_SOURCE,
  };
  const expired = { ...bucket, points, status: 'EXPIRED' as const, updated_at: tx.now };
  const moved = await recordMovement(
    tx,
    { cause, card: row, points, type: 'POINTS_EXPIRATION', deferTierChange: true },
    row,
    await campaignOf(tx.db, row),
    -points,
  );
  const holder = row.holder_id
    ? (await customersByIds(tx.db, row.project_id, [row.holder_id])).get(row.holder_id)
    : undefined;
  await recordEventFor(tx, cause, PointsExpired, row.id, {
    voucher: presentSimpleVoucher(row, moved.campaign?.name ?? null),
    points,
    campaign: moved.campaign ? presentSimpleCampaign(moved.campaign) : null,
    customer: holder ? presentSimpleCustomer(holder) : null,
    buckets: presentBucket(expired),
    transaction: moved.transaction,
  });
  await announceTierChange(tx, moved.tierChange);
  return true;
}
