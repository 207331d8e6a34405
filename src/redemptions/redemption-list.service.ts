import { readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { isAppError, notFound } from '../platform/errors.js';
import { findLiveVoucher } from '../vouchers/index.js';
import { redemptionNotFound } from './redemption.errors.js';
import { presentStored } from './redemption.presenter.js';
import * as repo from './redemption.repository.js';
import type { RedemptionListQuery } from './redemption.schemas.js';

type Ctx = Pick<AppContext, 'db'>;

/** `GET /v1/redemptions/{id}`: a redemption, failed redemption or rollback as it was answered. */
export async function getRedemption(ctx: Ctx, projectId: string, id: string) {
  const row = await repo.findRedemption(ctx.db.kysely, projectId, id);
  if (!row) throw redemptionNotFound(id);
  return presentStored(row);
}

/** The campaign's id, or null when no campaign has that name or id (the filter then matches nothing). */
async function campaignIdOf(ctx: Ctx, projectId: string, ref: string): Promise<string | null> {
  try {
    return (await readLiveCampaign(ctx.db.kysely, projectId, ref)).id;
  } catch (e) {
    if (isAppError(e) && e.status === 404) return null;
    throw e;
  }
}

/**
 * `GET /v1/redemptions`: redemptions and rollbacks, newest first unless `order` says, filtered by voucher,
 * campaign, customer, result and creation time.
 */
export async function listRedemptions(ctx: Ctx, projectId: string, q: RedemptionListQuery) {
  const db = ctx.db.kysely;
  const campaignId = q.campaign === undefined ? undefined : await campaignIdOf(ctx, projectId, q.campaign);
  if (campaignId === null) return { redemptions: [], total: 0 };
  const f: repo.RedemptionFilter = {
    projectId,
    ...(q.voucher !== undefined ? { voucher: q.voucher } : {}),
    ...(campaignId !== undefined ? { campaignId } : {}),
    ...(q.customer !== undefined ? { customerId: q.customer } : {}),
    ...(q.result !== undefined ? { result: q.result } : {}),
    ...(q.created_at?.after ? { createdAfter: Date.parse(q.created_at.after) } : {}),
    ...(q.created_at?.before ? { createdBefore: Date.parse(q.created_at.before) } : {}),
  };
  const rows = await repo.selectRedemptions(db, f, q.order !== 'created_at', q.limit, (q.page - 1) * q.limit);
  return { redemptions: rows.map(presentStored), total: await repo.countRedemptions(db, f) };
}

/** `GET /v1/vouchers/{code}/redemption`: the voucher's uses and its redemption entries, newest first. */
export async function voucherRedemptions(ctx: Ctx, projectId: string, code: string) {
  const found = await findLiveVoucher(ctx.db.kysely, projectId, code);
  if (!found) throw notFound('voucher', code);
  const f = { projectId, voucher: found.row.id };
  const rows = await repo.selectRedemptions(ctx.db.kysely, f, true, 100, 0);
  return {
    quantity: found.row.redemption_quantity,
    redeemed_quantity: found.row.redeemed_quantity,
    object: 'list',
    url: `/v1/vouchers/${encodeURIComponent(code)}/redemptions?page=1&limit=10`,
    data_ref: 'redemption_entries',
    total: await repo.countRedemptions(ctx.db.kysely, f),
    redemption_entries: rows.map(presentStored),
  };
}
