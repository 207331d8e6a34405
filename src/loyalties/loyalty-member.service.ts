import { type CampaignRow, readLiveCampaign } from '../campaigns/index.js';
import type { CustomerRef } from '../customers/index.js';
import type { Kx } from '../platform/db/connect.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { publishInTransaction } from '../publications/index.js';
import { findLiveVoucher, heldCampaignVouchers, type VoucherRow, vouchersByIds } from '../vouchers/index.js';
import { memberNotFound, notALoyaltyProgram, notInCampaign } from './loyalty.errors.js';
import { presentTier } from './loyalty.presenter.js';
import * as repo from './loyalty.repository.js';
import type { LoyaltyTierRow } from './loyalty.table.js';
import { tierFor } from './loyalty-points.service.js';

/** Members of a loyalty program: a member is a loyalty card, a LOYALTY_CARD voucher of the program. */

type Json = Record<string, unknown>;

/** A live LOYALTY_PROGRAM campaign by id or name; a 404 when there is none, a 400 when it is another kind. */
export async function loyaltyCampaign(db: Kx, projectId: string, ref: string): Promise<CampaignRow> {
  const campaign = await readLiveCampaign(db, projectId, ref);
  if (campaign.campaign_type !== 'LOYALTY_PROGRAM') throw notALoyaltyProgram(campaign.id);
  return campaign;
}

/**
 * A member: the live loyalty card by code (or `v_…` id), with its campaign; with `campaignRef`, it must be a
 * card of that program. A 404 when there is no such card.
 */
export async function findLoyaltyCard(
  db: Kx,
  projectId: string,
  memberId: string,
  campaignRef?: string,
): Promise<{ card: VoucherRow; campaign: CampaignRow | null }> {
  let found = await findLiveVoucher(db, projectId, memberId);
  if (!found && memberId.startsWith('v_')) {
    const row = (await vouchersByIds(db, projectId, [memberId])).get(memberId)?.row;
    if (row && row.deleted_at === null) found = await findLiveVoucher(db, projectId, row.code);
  }
  if (found?.row.type !== 'LOYALTY_CARD') throw memberNotFound(memberId);
  if (campaignRef !== undefined) {
    const campaign = await loyaltyCampaign(db, projectId, campaignRef);
    if (found.row.campaign_id !== campaign.id) throw notInCampaign(memberId, campaignRef);
  }
  return { card: found.row, campaign: found.campaign };
}

/** The loyalty cards the customer holds in the program, oldest first (earning rules pick one when there are several). */
export async function heldLoyaltyCards(
  db: Kx,
  projectId: string,
  customerId: string,
  campaignId: string,
): Promise<VoucherRow[]> {
  const rows = await heldCampaignVouchers(db, projectId, customerId, campaignId);
  return rows.filter((r) => r.type === 'LOYALTY_CARD');
}

/** A tier's multipliers of earning rules (`ern_…` → MULTIPLY or CUSTOM), as the tier defines them. */
export type TierMapping = { type: 'MULTIPLY'; multiplier: number } | { type: 'CUSTOM'; points: number };

/** The member's tier: its row, its `LoyaltyTier` object and its earning-rule mappings. */
export interface MemberTier {
  row: LoyaltyTierRow;
  json: Json;
  earningRules: Record<string, TierMapping>;
}

/** The tier a loyalty card is in now (its balance within the tier's points range), or null when none. */
export async function memberTier(db: Kx, card: VoucherRow): Promise<MemberTier | null> {
  if (!card.campaign_id) return null;
  const row = tierFor(await repo.campaignTiers(db, card.campaign_id), card.loyalty_balance ?? 0);
  if (!row) return null;
  return { row, json: presentTier(row), earningRules: JSON.parse(row.earning_rules) };
}

/**
 * Gives the customer (found or created, as publications do) a loyalty card of the program inside the
 * caller's transaction, as a publication: `publication.succeeded` and `voucher.published` are recorded. A
 * customer who holds one already is refused (loyalty programs are join-once). Returns the card and the
 * publication's id.
 */
export async function publishLoyaltyCard(
  tx: Tx,
  caller: Caller,
  input: {
    campaign: CampaignRow;
    customer: CustomerRef;
    voucher?: string;
    channel?: string;
    source_id?: string;
    metadata?: Json | null;
  },
): Promise<{ card: VoucherRow; publicationId: string }> {
  if (input.campaign.campaign_type !== 'LOYALTY_PROGRAM') throw notALoyaltyProgram(input.campaign.id);
  const view = await publishInTransaction(tx, caller, {
    ...(input.voucher !== undefined ? { voucher: input.voucher } : { campaign: input.campaign.id }),
    customer: input.customer,
    channel: input.channel,
    source_id: input.source_id,
    metadata: input.metadata,
  });
  const card = view.vouchers[0]?.row;
  if (!card || card.campaign_id !== input.campaign.id)
    throw notInCampaign(input.voucher ?? '', input.campaign.id);
  return { card, publicationId: view.row.id };
}
