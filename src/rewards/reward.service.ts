import { type CampaignRow, readLiveCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import { findCatalogueItems } from '../products/index.js';
import {
  balanceNotTaken,
  campaignTypeRefused,
  exchangeRatioCents,
  invalidBalance,
  metadataTooLarge,
  nameRequired,
  oneParameter,
  rewardInUse,
  rewardNotFound,
  stockOfCoin,
  typeChange,
  typeMismatch,
} from './reward.errors.js';
import * as repo from './reward.repository.js';
import type {
  RewardCreateIn,
  RewardListQuery,
  RewardParametersIn,
  RewardType,
  RewardUpdateIn,
} from './reward.schemas.js';
import type { RewardRow } from './reward.table.js';

/**
 * Rewards: what a CAMPAIGN reward gives (a code of a DISCOUNT_COUPONS campaign, credits on a card of a
 * GIFT_VOUCHERS campaign, points on a card of a LOYALTY_PROGRAM campaign), what a COIN reward is worth
 * (`exchange_ratio` of money for `points_ratio` points) and which product or SKU a MATERIAL reward is. They
 * record no event (none of the 60 is about them).
 */

type Ctx = Pick<AppContext, 'db' | 'clock'>;

const KINDS = { campaign: 'CAMPAIGN', coin: 'COIN', product: 'MATERIAL' } as const;

/** The reward's type, from the one of campaign, coin or product its parameters name. */
function typeOf(p: RewardParametersIn): RewardType {
  const given = (Object.keys(KINDS) as (keyof typeof KINDS)[]).filter((k) => p[k] !== undefined);
  if (given.length !== 1) throw oneParameter(given.map((k) => `parameters.${k}`));
  return KINDS[given[0]!];
}

async function campaignParameters(db: Kx, projectId: string, c: NonNullable<RewardParametersIn['campaign']>) {
  const campaign: CampaignRow = await readLiveCampaign(db, projectId, c.id);
  const type = campaign.campaign_type;
  if (type === 'DISCOUNT_COUPONS') {
    if (c.balance !== undefined) throw balanceNotTaken();
    return { campaign: { id: campaign.id, type } };
  }
  if (type !== 'GIFT_VOUCHERS' && type !== 'LOYALTY_PROGRAM') throw campaignTypeRefused(campaign.id, type);
  if (!c.balance) throw invalidBalance(type);
  return { campaign: { id: campaign.id, balance: c.balance, type } };
}

function coinParameters(c: NonNullable<RewardParametersIn['coin']>) {
  // Money is kept in cents: an exchange ratio with more than two decimals has no exact value.
  const cents = c.exchange_ratio * 100;
  if (Math.abs(cents - Math.round(cents)) > 1e-6) throw exchangeRatioCents();
  return { coin: { exchange_ratio: c.exchange_ratio, points_ratio: c.points_ratio ?? 1 } };
}

async function productParameters(db: Kx, projectId: string, p: NonNullable<RewardParametersIn['product']>) {
  const skuRef = p.sku_id ?? null;
  const hits = await findCatalogueItems(db, projectId, { products: [p.id], skus: skuRef ? [skuRef] : [] });
  const product = hits.product(p.id);
  if (!product) throw notFound('product', p.id);
  if (skuRef === null) return { product: { id: product.id, sku_id: null } };
  const sku = hits.sku(skuRef);
  if (!sku || sku.product_id !== product.id) throw notFound('sku', skuRef);
  return { product: { id: product.id, sku_id: sku.id } };
}

/** The stored parameters of the reward's type, with what they name checked to exist. */
async function storedParameters(db: Kx, projectId: string, type: RewardType, p: RewardParametersIn) {
  if (type === 'CAMPAIGN') return campaignParameters(db, projectId, p.campaign!);
  if (type === 'COIN') return coinParameters(p.coin!);
  return productParameters(db, projectId, p.product!);
}

function checkMetadata(metadata: unknown): void {
  if (metadata != null && Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw metadataTooLarge(METADATA_MAX_BYTES);
}

/** `POST /v1/rewards`. */
export async function createReward(ctx: Ctx, projectId: string, input: RewardCreateIn): Promise<RewardRow> {
  checkMetadata(input.metadata);
  const type = typeOf(input.parameters);
  if (input.type !== undefined && input.type !== type) throw typeMismatch(input.type, type);
  if (!input.name) throw nameRequired();
  if (type === 'COIN' && input.stock != null) throw stockOfCoin();
  return transact(ctx, async (tx) => {
    const row: RewardRow = {
      id: newId('reward'),
      project_id: projectId,
      name: input.name!,
      type,
      parameters: JSON.stringify(await storedParameters(tx.db, projectId, type, input.parameters)),
      stock: input.stock ?? null,
      redeemed: 0,
      attributes: JSON.stringify(input.attributes ?? {}),
      metadata: JSON.stringify(input.metadata ?? {}),
      created_at: tx.now,
      updated_at: null,
    };
    await repo.insertReward(tx.db, row);
    return row;
  });
}

/** The reward, or its 404. */
export async function getReward(ctx: Pick<Ctx, 'db'>, projectId: string, id: string): Promise<RewardRow> {
  const row = await repo.findReward(ctx.db.kysely, projectId, id);
  if (!row) throw rewardNotFound(id);
  return row;
}

/** The reward locked for the rest of the transaction, or its 404. */
export async function lockExistingReward(tx: Tx, projectId: string, id: string): Promise<RewardRow> {
  const row = await repo.lockReward(tx, projectId, id);
  if (!row) throw rewardNotFound(id);
  return row;
}

/** `PUT /v1/rewards/{id}`: sets the given fields; new parameters must keep the reward's type. */
export async function updateReward(ctx: Ctx, projectId: string, id: string, input: RewardUpdateIn) {
  checkMetadata(input.metadata);
  return transact(ctx, async (tx) => {
    const row = await lockExistingReward(tx, projectId, id);
    const patch: Partial<RewardRow> = { updated_at: tx.now };
    if (input.parameters !== undefined) {
      const type = typeOf(input.parameters);
      if (type !== row.type) throw typeChange(row.type, type);
      patch.parameters = JSON.stringify(await storedParameters(tx.db, projectId, type, input.parameters));
    }
    if (input.name !== undefined) patch.name = input.name;
    if (input.stock !== undefined) {
      if (row.type === 'COIN' && input.stock !== null) throw stockOfCoin();
      patch.stock = input.stock;
    }
    if (input.attributes !== undefined) patch.attributes = JSON.stringify(input.attributes);
    if (input.metadata !== undefined) patch.metadata = JSON.stringify(input.metadata ?? {});
    await repo.updateRewardRow(tx.db, row.id, patch);
    return { ...row, ...patch };
  });
}

/** `DELETE /v1/rewards/{id}`: refused (400 `resource_in_use`) while the reward is assigned to a campaign. */
export async function deleteReward(ctx: Ctx, projectId: string, id: string): Promise<void> {
  await transact(ctx, async (tx) => {
    const row = await lockExistingReward(tx, projectId, id);
    const used = await repo.assignmentIdsOfReward(tx.db, row.id);
    if (used.length > 0) throw rewardInUse(row.id, used);
    await repo.deleteRewardRow(tx.db, projectId, row.id);
  });
}

/** `GET /v1/rewards`, newest first; `assignment_id` keeps the reward of that assignment. */
export async function listRewards(ctx: Pick<Ctx, 'db'>, projectId: string, q: RewardListQuery) {
  const db = ctx.db.kysely;
  const total = await repo.countRewards(db, projectId, q.assignment_id);
  const rows = await repo.selectRewards(db, projectId, {
    limit: q.limit,
    offset: (q.page - 1) * q.limit,
    assignmentId: q.assignment_id,
  });
  return { rows, total };
}
