import {
  addToVouchersCount,
  type CampaignRow,
  campaignNames,
  campaignTemplate,
  findAnyCampaign,
  presentSimpleCampaign,
} from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import type { Kx } from '../platform/db/connect.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { CampaignVouchersAdded } from './voucher.events.js';
import { codeSpaceExhausted, noTemplate } from './voucher.errors.js';
import { generateVouchers } from './voucher.generation.js';
import * as repo from './voucher.repository.js';
import type { VoucherRow } from './voucher.table.js';

/**
 * What the publications and validations contexts ask of vouchers: finding them, giving them to a holder
 * (race-free, see `claimFreeCampaignVouchers`), and topping up an AUTO_UPDATE campaign that has none left.
 */

/** A voucher with the name of its campaign (null when standalone), ready to present. */
export interface HeldVoucher {
  row: VoucherRow;
  campaignName: string | null;
}

/** A live voucher by code, with its campaign row (null when standalone); undefined when there is none. */
export async function findLiveVoucher(
  db: Kx,
  projectId: string,
  code: string,
): Promise<{ row: VoucherRow; campaign: CampaignRow | null } | undefined> {
  const row = await repo.findVoucher(db, projectId, code);
  if (!row) return undefined;
  const campaign = row.campaign_id ? ((await findAnyCampaign(db, projectId, row.campaign_id)) ?? null) : null;
  return { row, campaign };
}

/** Gives up to `count` free vouchers of the campaign to the holder; fewer (or none) when fewer are free. */
export async function claimCampaignVouchers(
  tx: Tx,
  campaign: CampaignRow,
  holderId: string,
  count: number,
): Promise<VoucherRow[]> {
  return repo.claimFreeCampaignVouchers(tx, campaign.id, holderId, count);
}

/** Gives the voucher to the holder; undefined when it already has a holder. */
export async function publishVoucher(tx: Tx, voucherId: string, holderId: string) {
  return repo.publishVoucherRow(tx, voucherId, holderId);
}

/**
 * Adds `count` vouchers with new codes to an AUTO_UPDATE campaign inside the caller's transaction, and
 * records `campaign.vouchers.added` (no async action). Like bulk generation it records no `voucher.created`.
 * A code space with too few free codes left is a 409 and nothing is added.
 */
export async function topUpCampaign(tx: Tx, caller: Caller, campaign: CampaignRow, count: number) {
  const template = campaignTemplate(campaign);
  if (!template) throw noTemplate(campaign.id);
  const inserted = await generateVouchers(tx.db, campaign, {}, template.code_config, count, tx.now);
  if (inserted < count) throw codeSpaceExhausted();
  await addToVouchersCount(tx.db, campaign.id, inserted);
  await recordEventFor(tx, caller, CampaignVouchersAdded, campaign.id, {
    campaign: presentSimpleCampaign(campaign),
    count: inserted,
    completed_at: iso(tx.now),
    async_action_id: null,
  });
}

/** Vouchers by id (binned ones too) with their campaigns' names, in the order of `ids`. */
export async function vouchersByIds(
  db: Kx,
  projectId: string,
  ids: string[],
): Promise<Map<string, HeldVoucher>> {
  const rows = await repo.findVouchersByIds(db, projectId, [...new Set(ids)]);
  const names = await campaignNames(
    db,
    rows.flatMap((r) => (r.campaign_id ? [r.campaign_id] : [])),
  );
  return new Map(
    rows.map((row) => [
      row.id,
      { row, campaignName: row.campaign_id ? (names.get(row.campaign_id) ?? null) : null },
    ]),
  );
}

/** The live vouchers the customer holds in the campaign, oldest first (at most 100). */
export async function heldCampaignVouchers(
  db: Kx,
  projectId: string,
  holderId: string,
  campaignId: string,
): Promise<VoucherRow[]> {
  return repo.selectVouchers(db, { projectId, holderId, campaignId }, 'created_at', 100, 0);
}

/** A page of the campaign's live vouchers that have a holder (a loyalty program's members), and how many there are. */
export async function listHeldCampaignVouchers(
  db: Kx,
  f: { projectId: string; campaignId: string; code?: string; holderId?: string },
  order: string,
  limit: number,
  offset: number,
): Promise<{ rows: VoucherRow[]; total: number }> {
  const filter = { ...f, held: true };
  const rows = await repo.selectVouchers(db, filter, order, limit, offset);
  return { rows, total: await repo.countVouchers(db, filter) };
}

/**
 * The live vouchers a customer holds, newest first, at most `limit` (a customer's wallet, which
 * qualifications judge).
 */
export async function vouchersOfHolder(
  db: Kx,
  projectId: string,
  holderId: string,
  limit: number,
): Promise<VoucherRow[]> {
  return repo.selectVouchers(db, { projectId, holderId }, '-created_at', limit, 0);
}
