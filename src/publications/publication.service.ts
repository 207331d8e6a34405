import { type CampaignRow, presentSimpleCampaign, readLiveCampaign } from '../campaigns/index.js';
import {
  type CustomerRef,
  type CustomerRow,
  customersByIds,
  ensureCustomer,
  lookupCustomer,
  presentSimpleCustomer,
} from '../customers/index.js';
import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload, isAppError } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import {
  claimCampaignVouchers,
  findLiveVoucher,
  type HeldVoucher,
  publishVoucher,
  topUpCampaign,
  type VoucherRow,
  vouchersByIds,
} from '../vouchers/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { PublicationSucceeded, VoucherPublished } from './publication.events.js';
import {
  alreadyJoined,
  alreadyPublished,
  cannotPublish,
  duplicateSourceId,
  missingTarget,
  noFreeVouchers,
  SourceIdTaken,
  tooManyVouchers,
  voucherNotFound,
} from './publication.errors.js';
import { type PublicationView, presentEventPublication, simpleVouchersOf } from './publication.presenter.js';
import * as repo from './publication.repository.js';
import type { PublicationRow } from './publication.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The most vouchers one publication may hand out (the spec's `campaign.count` maximum). */
export const MAX_VOUCHERS_PER_PUBLICATION = 20;

/** A publication request, whichever route it came through. */
export interface PublishIn {
  voucher?: string;
  campaign?: string | { name: string; count?: number };
  customer: CustomerRef;
  source_id?: string;
  channel?: string;
  metadata?: Record<string, unknown> | null;
  join_once?: boolean;
}

type Target = { kind: 'voucher'; code: string } | { kind: 'campaign'; ref: string; count: number };

/** What to publish: a voucher wins over a campaign, as in Voucherify; `maxCount` is 1 for the GET form. */
function targetOf(input: PublishIn, maxCount: number): Target {
  if (input.voucher !== undefined) return { kind: 'voucher', code: input.voucher };
  if (input.campaign === undefined) throw missingTarget();
  const ref = typeof input.campaign === 'string' ? input.campaign : input.campaign.name;
  const count = typeof input.campaign === 'string' ? 1 : (input.campaign.count ?? 1);
  if (count > maxCount) throw tooManyVouchers(maxCount);
  if (count > 1 && input.source_id !== undefined)
    throw tooManyVouchers(1, ' in a publication with a source_id');
  return { kind: 'campaign', ref, count };
}

/** join_once, asked by the request or set on the campaign: refuse a customer who was published one already. */
async function join(
  tx: Tx,
  campaign: CampaignRow,
  customer: CustomerRow,
  publicationId: string,
  once: boolean,
) {
  const first = await repo.insertJoin(tx.db, {
    campaign_id: campaign.id,
    customer_id: customer.id,
    project_id: campaign.project_id,
    publication_id: publicationId,
    created_at: tx.now,
  });
  if (!first && (once || campaign.join_once === 1)) throw alreadyJoined(campaign.id);
}

function checkCampaign(campaign: CampaignRow): void {
  if (campaign.voucher === null)
    throw cannotPublish(
      `Campaign ${campaign.id} is a PROMOTION campaign and holds no vouchers`,
      campaign.id,
      'campaign',
    );
  if (campaign.active !== 1)
    throw cannotPublish(`Campaign ${campaign.id} is disabled`, campaign.id, 'campaign');
}

/** One named voucher: it must be live, active, in an active campaign (if any), and without a holder. */
async function pickVoucher(
  tx: Tx,
  caller: Caller,
  input: PublishIn,
  code: string,
  customer: CustomerRow,
  pubId: string,
) {
  const found = await findLiveVoucher(tx.db, caller.projectId, code);
  if (!found) throw voucherNotFound(code);
  const { row, campaign } = found;
  if (campaign) checkCampaign(campaign);
  if (row.active !== 1) throw cannotPublish(`Voucher ${row.code} is disabled`, row.id, 'voucher');
  if (row.holder_id !== null) throw alreadyPublished(row.id);
  if (campaign) await join(tx, campaign, customer, pubId, input.join_once === true);
  // Conditional: of two requests for one free voucher, exactly one gets it.
  const taken = await publishVoucher(tx, row.id, customer.id);
  if (!taken) throw alreadyPublished(row.id);
  return { campaign, rows: [taken] };
}

/**
 * `count` free vouchers of the campaign. An AUTO_UPDATE campaign with too few free vouchers generates the
 * rest in this transaction (and records `campaign.vouchers.added`); a STATIC one refuses with
 * `missing_vouchers`, and the vouchers already taken go back when the transaction rolls back.
 */
async function pickFromCampaign(
  tx: Tx,
  caller: Caller,
  input: PublishIn,
  t: Target & { kind: 'campaign' },
  customer: CustomerRow,
  pubId: string,
) {
  const campaign = await readLiveCampaign(tx.db, caller.projectId, t.ref);
  checkCampaign(campaign);
  await join(tx, campaign, customer, pubId, input.join_once === true);
  const rows: VoucherRow[] = await claimCampaignVouchers(tx, campaign, customer.id, t.count);
  if (rows.length < t.count) {
    if (campaign.type !== 'AUTO_UPDATE') throw noFreeVouchers(campaign.id, rows.length, t.count);
    await topUpCampaign(tx, caller, campaign, t.count - rows.length);
    rows.push(...(await claimCampaignVouchers(tx, campaign, customer.id, t.count - rows.length)));
    if (rows.length < t.count) throw noFreeVouchers(campaign.id, rows.length, t.count);
  }
  return { campaign, rows };
}

async function recordPublished(tx: Tx, caller: Caller, view: PublicationView, campaign: CampaignRow | null) {
  const customer = view.customer ? presentSimpleCustomer(view.customer) : undefined;
  const camp = campaign ? presentSimpleCampaign(campaign) : undefined;
  const publication = presentEventPublication(view);
  const vouchers = simpleVouchersOf(view);
  await recordEventFor(tx, caller, PublicationSucceeded, view.row.id, {
    customer,
    campaign: camp,
    publication,
    // The schema has one `voucher`, the published example a `vouchers` list: both are sent.
    voucher: vouchers.length === 1 ? vouchers[0] : undefined,
    vouchers,
    user: null,
  });
  for (const [i, held] of view.vouchers.entries())
    await recordEventFor(tx, caller, VoucherPublished, held.row.id, {
      customer,
      campaign: camp,
      publication,
      voucher: vouchers[i],
      created_at: iso(tx.now),
    });
}

function publicationRow(
  caller: Caller,
  input: PublishIn,
  id: string,
  customer: CustomerRow,
  campaign: CampaignRow | null,
  first: VoucherRow,
  now: number,
): PublicationRow {
  return {
    id,
    project_id: caller.projectId,
    campaign_id: campaign?.id ?? null,
    customer_id: customer.id,
    tracking_id: customer.source_id,
    source_id: input.source_id ?? null,
    channel: input.channel ?? 'API',
    metadata: JSON.stringify(input.metadata ?? {}),
    result: 'SUCCESS',
    voucher_type: first.type,
    is_referral_code: first.is_referral_code,
    created_at: now,
  };
}

/** A publication that exists: what it names, read back. */
export async function viewOf(db: Ctx['db']['kysely'], row: PublicationRow): Promise<PublicationView> {
  const links = (await repo.selectPublicationVouchers(db, [row.id])).get(row.id) ?? [];
  const held = await vouchersByIds(
    db,
    row.project_id,
    links.map((l) => l.voucher_id),
  );
  const customers = await customersByIds(db, row.project_id, [row.customer_id]);
  return {
    row,
    customer: customers.get(row.customer_id) ?? null,
    vouchers: links.flatMap((l) => held.get(l.voucher_id) ?? []),
  };
}

/**
 * A source_id seen before: the same request again (same customer, same voucher or campaign) gets the first
 * publication back, and nothing is written or recorded; anything else is `duplicate_source_id`.
 */
async function replay(tx: Tx, caller: Caller, existing: PublicationRow, input: PublishIn, t: Target) {
  const view = await viewOf(tx.db, existing);
  const customer = await unlessMissing(lookupCustomer(tx.db, caller.projectId, input.customer));
  const sameCustomer = customer?.id === existing.customer_id;
  let sameTarget: boolean;
  if (t.kind === 'voucher')
    sameTarget = view.vouchers.some((h) => h.row.code === t.code || h.row.id === t.code);
  else {
    const campaign = await unlessMissing(readLiveCampaign(tx.db, caller.projectId, t.ref));
    sameTarget = campaign !== null && campaign.id === existing.campaign_id;
  }
  if (!sameCustomer || !sameTarget) throw duplicateSourceId(existing.source_id ?? '', existing.id);
  return view;
}

/** The lookup's result, or null when it names nothing (a 404); other failures stay failures. */
async function unlessMissing<T>(lookup: Promise<T>): Promise<T | null> {
  try {
    return await lookup;
  } catch (e) {
    if (isAppError(e) && e.status === 404) return null;
    throw e;
  }
}

async function publishIn(tx: Tx, caller: Caller, input: PublishIn, t: Target): Promise<PublicationView> {
  if (input.source_id !== undefined) {
    const existing = await repo.findPublicationBySourceId(tx.db, caller.projectId, input.source_id);
    if (existing) return replay(tx, caller, existing, input, t);
  }
  const customer = await ensureCustomer(tx, caller, input.customer);
  const id = newId('publication');
  const { campaign, rows } =
    t.kind === 'voucher'
      ? await pickVoucher(tx, caller, input, t.code, customer, id)
      : await pickFromCampaign(tx, caller, input, t, customer, id);
  const row = publicationRow(caller, input, id, customer, campaign, rows[0]!, tx.now);
  const links = rows.map((r, position) => ({
    publication_id: id,
    position,
    project_id: caller.projectId,
    voucher_id: r.id,
    code: r.code,
  }));
  if (!(await repo.insertPublication(tx.db, row, links))) throw new SourceIdTaken();
  const vouchers: HeldVoucher[] = rows.map((r) => ({ row: r, campaignName: campaign?.name ?? null }));
  const view = { row, customer, vouchers };
  await recordPublished(tx, caller, view, campaign);
  return view;
}

/**
 * A publication inside the caller's transaction (the loyalty context publishes a card to a new member with
 * it): the same checks, rows and events as `publish`, without its retry of a lost race on a new source_id or
 * customer (the caller's transaction fails instead).
 */
export async function publishInTransaction(
  tx: Tx,
  caller: Caller,
  input: PublishIn,
): Promise<PublicationView> {
  return publishIn(tx, caller, input, targetOf(input, MAX_VOUCHERS_PER_PUBLICATION));
}

/**
 * `POST /v1/publications`, `GET /v1/publications/create` and `POST /client/v1/publish`: gives vouchers to a
 * customer (created on the fly when new) in one transaction, and records `publication.succeeded` once and
 * `voucher.published` once per voucher. A request that lost a race on a unique key (the same new source_id,
 * or the same new customer, at once) runs once more, and then sees the winner's rows.
 */
export async function publish(
  ctx: Ctx,
  caller: Caller,
  input: PublishIn,
  maxCount = MAX_VOUCHERS_PER_PUBLICATION,
) {
  const target = targetOf(input, maxCount);
  if (
    input.metadata != null &&
    Buffer.byteLength(JSON.stringify(input.metadata), 'utf8') > METADATA_MAX_BYTES
  )
    throw invalidPayload(`metadata must be at most ${METADATA_MAX_BYTES} bytes when serialised as JSON`);
  const run = () => transact(ctx, (tx) => publishIn(tx, caller, input, target));
  try {
    return await run();
  } catch (e) {
    if (e instanceof SourceIdTaken || isUniqueViolation(e)) return run();
    throw e;
  }
}
