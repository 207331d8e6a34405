import { customersByIds, lookupCustomer } from '../customers/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { transact } from '../platform/db/transaction.js';
import { type AppError, isAppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { findTierWithCampaign, presentSimpleTier } from '../promotions/index.js';
import type { RedeemablesRequest } from '../validations/index.js';
import { findLiveVoucher } from '../vouchers/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { RedemptionFailed } from './redemption.events.js';
import { recordedFailure, type Refused } from './redemption.errors.js';
import { presentRedemption, redemptionEventData, simpleRedemption } from './redemption.presenter.js';
import * as repo from './redemption.repository.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The customer a request names, if it exists; a failed attempt creates none. */
async function knownCustomer(db: Kx, caller: Caller, input: RedeemablesRequest) {
  if (!input.customer) return null;
  try {
    return await lookupCustomer(db, caller.projectId, input.customer);
  } catch (e) {
    if (isAppError(e) && e.status === 404) return null;
    throw e;
  }
}

/**
 * Stores a refused redemption (`rf_…`, result FAILURE, status FAILED, with the refusal's key as
 * `failure_code`) and records `redemption.failed`, in a transaction of its own: the attempt's own
 * transaction rolled back, so nothing it spent or wrote remains. Returns the error to answer, naming the
 * stored failure as its `resource_id`.
 */
export async function recordRedemptionFailure(
  ctx: Ctx,
  caller: Caller,
  input: RedeemablesRequest,
  refused: Refused,
): Promise<AppError> {
  const id = newId('redemptionFailure');
  const f = refused.failure;
  await transact(ctx, async (tx) => {
    const customer = await knownCustomer(tx.db, caller, input);
    const found = refused.about.voucherCode
      ? await findLiveVoucher(tx.db, caller.projectId, refused.about.voucherCode)
      : undefined;
    const tier = refused.about.tierId
      ? await findTierWithCampaign(tx.db, caller.projectId, refused.about.tierId)
      : null;
    const voucher = found?.row ?? null;
    const campaign = found?.campaign ?? tier?.campaign ?? null;
    const body = presentRedemption({
      id,
      object: 'redemption',
      now: tx.now,
      caller,
      customer,
      trackingId: customer?.source_id ?? input.customer?.source_id ?? input.tracking_id ?? null,
      metadata: input.metadata ?? {},
      amount: 0,
      parentId: null,
      result: 'FAILURE',
      status: 'FAILED',
      failure: { code: f.key, message: f.message },
      order: null,
      voucher: voucher ? { row: voucher, campaignName: campaign?.name ?? null } : null,
    });
    await repo.insertRedemptions(tx.db, [
      {
        id,
        project_id: caller.projectId,
        object: 'redemption',
        parent_id: null,
        is_parent: 0,
        redemption_id: null,
        result: 'FAILURE',
        status: 'FAILED',
        failure_code: f.key,
        failure_message: f.message,
        voucher_id: voucher?.id ?? null,
        voucher_code: voucher?.code ?? refused.about.voucherCode,
        promotion_tier_id: tier?.row.id ?? null,
        campaign_id: voucher ? voucher.campaign_id : (campaign?.id ?? null),
        customer_id: customer?.id ?? null,
        amount: 0,
        discount: 0,
        order_id: null,
        order_source_id: input.order?.source_id ?? null,
        request_key: null,
        body: JSON.stringify(body),
        answer: null,
        created_at: tx.now,
      },
    ]);
    const holders = voucher?.holder_id
      ? await customersByIds(tx.db, caller.projectId, [voucher.holder_id])
      : new Map();
    await recordEventFor(
      tx,
      caller,
      RedemptionFailed,
      id,
      redemptionEventData({
        customer,
        order: null,
        campaign,
        voucher,
        holder: voucher?.holder_id ? (holders.get(voucher.holder_id) ?? null) : null,
        promotionTier: tier ? presentSimpleTier(tier.row) : null,
        redemption: simpleRedemption(body, voucher, campaign?.name ?? null),
        now: tx.now,
      }),
    );
  });
  return recordedFailure(f, id);
}
