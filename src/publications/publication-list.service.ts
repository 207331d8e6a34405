import { readLiveCampaign } from '../campaigns/index.js';
import { customersByIds } from '../customers/index.js';
import type { AppContext } from '../platform/context.js';
import { isAppError } from '../platform/errors.js';
import { vouchersByIds } from '../vouchers/index.js';
import { unsupportedFilter } from './publication.errors.js';
import type { PublicationView } from './publication.presenter.js';
import * as repo from './publication.repository.js';
import type { PublicationListQuery } from './publication.schemas.js';

type Ctx = Pick<AppContext, 'db'>;

const OPS = new Set<repo.FilterOp>([
  '$is',
  '$is_not',
  '$in',
  '$not_in',
  '$has_value',
  '$is_unknown',
  '$starts_with',
  '$ends_with',
  '$contains',
  '$not_contain',
]);
const LIST_OPS = new Set(['$in', '$not_in']);
/** Operators a field whose values must be translated (names, types, flags) can take. */
const EQUALITY_OPS = new Set(['$is', '$is_not', '$in', '$not_in', '$has_value', '$is_unknown']);

/** `voucher_type` as Voucherify's list spells it (and the SDK), to the stored voucher type. */
const VOUCHER_TYPES: Record<string, string> = {
  discount: 'DISCOUNT_VOUCHER',
  discount_voucher: 'DISCOUNT_VOUCHER',
  gift: 'GIFT_VOUCHER',
  gift_voucher: 'GIFT_VOUCHER',
  loyalty: 'LOYALTY_CARD',
  loyalty_card: 'LOYALTY_CARD',
};

function voucherType(v: string, field: string): string {
  const t = VOUCHER_TYPES[v.toLowerCase()];
  if (!t) throw unsupportedFilter(`${field} must be one of discount, gift, loyalty`);
  return t;
}

function flag(v: string, field: string): number {
  if (v === 'true') return 1;
  if (v === 'false') return 0;
  throw unsupportedFilter(`${field} must be true or false`);
}

/** Campaign names (or ids) to campaign ids; a name nobody holds matches no publication. */
async function campaignIdsOf(ctx: Ctx, projectId: string, refs: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const ref of refs) {
    try {
      out.push((await readLiveCampaign(ctx.db.kysely, projectId, ref)).id);
    } catch (e) {
      if (!isAppError(e) || e.status !== 404) throw e;
    }
  }
  return out;
}

const FIELDS: Record<string, repo.FilterColumn> = {
  customer_id: 'customer_id',
  campaign_name: 'campaign_id',
  parent_object_id: 'campaign_id',
  source_id: 'source_id',
  result: 'result',
  voucher_type: 'voucher_type',
  is_referral_code: 'is_referral_code',
  failure_code: 'failure_code',
};

/** One `filters[field][conditions][$op]` entry, checked and translated to stored values. */
async function conditionOf(
  ctx: Ctx,
  projectId: string,
  field: string,
  op: string,
  raw: unknown,
): Promise<repo.Condition> {
  const column = FIELDS[field];
  const where = `filters[${field}][conditions][${op}]`;
  if (!column)
    throw unsupportedFilter(
      `${field} is not a field publications can be filtered by (${Object.keys(FIELDS).join(', ')})`,
    );
  if (!OPS.has(op as repo.FilterOp)) throw unsupportedFilter(`${where}: ${op} is not a known operator`);
  const many = LIST_OPS.has(op);
  if (many ? !Array.isArray(raw) : typeof raw !== 'string')
    throw unsupportedFilter(`${where} must be ${many ? 'a list' : 'a string'}`);
  const values = (many ? (raw as unknown[]) : [raw]).map(String);
  const translated = ['campaign_name', 'voucher_type', 'is_referral_code'].includes(field);
  if (translated && !EQUALITY_OPS.has(op))
    throw unsupportedFilter(`${where}: ${field} takes $is, $is_not, $in, $not_in, $has_value or $is_unknown`);
  const noValue = op === '$has_value' || op === '$is_unknown';
  let out: (string | number)[] = values;
  if (!noValue && field === 'campaign_name') out = await campaignIdsOf(ctx, projectId, values);
  if (!noValue && field === 'voucher_type') out = values.map((v) => voucherType(v, where));
  if (!noValue && field === 'is_referral_code') out = values.map((v) => flag(v, where));
  // A single-valued operator whose name matched no campaign can match nothing ($is) or everything ($is_not).
  if (out.length === 0 && (op === '$is' || op === '$is_not'))
    return { column: 'campaign_id', op: op === '$is' ? '$in' : '$not_in', values: [] };
  return { column, op: op as repo.FilterOp, values: out };
}

async function conditionsOf(ctx: Ctx, projectId: string, filters: Record<string, unknown> | undefined) {
  const conditions: repo.Condition[] = [];
  let junction: 'and' | 'or' = 'and';
  for (const [field, spec] of Object.entries(filters ?? {})) {
    if (field === 'junction') {
      const j = String(spec).toLowerCase();
      if (j !== 'and' && j !== 'or') throw unsupportedFilter('junction must be and or or');
      junction = j;
      continue;
    }
    const conds = (spec as { conditions?: unknown } | null)?.conditions;
    if (!conds || typeof conds !== 'object' || Array.isArray(conds))
      throw unsupportedFilter(`${field} needs conditions, such as filters[${field}][conditions][$is]=…`);
    for (const [op, raw] of Object.entries(conds))
      conditions.push(await conditionOf(ctx, projectId, field, op, raw));
  }
  return { conditions, junction };
}

/** `GET /v1/publications`: filters, paging and order; newest first by default. */
export async function listPublications(ctx: Ctx, projectId: string, q: PublicationListQuery) {
  const filter: repo.PublicationFilter = {
    projectId,
    campaignIds: q.campaign !== undefined ? await campaignIdsOf(ctx, projectId, [q.campaign]) : undefined,
    customerId: q.customer,
    voucherCode: q.voucher,
    result: q.result,
    voucherType: q.voucher_type !== undefined ? voucherType(q.voucher_type, 'voucher_type') : undefined,
    isReferralCode: q.is_referral_code,
    sourceId: q.source_id,
    ...(await conditionsOf(ctx, projectId, q.filters)),
  };
  const db = ctx.db.kysely;
  const total = await repo.countPublications(db, filter);
  const rows = await repo.selectPublications(
    db,
    filter,
    q.order ?? '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  const links = await repo.selectPublicationVouchers(
    db,
    rows.map((r) => r.id),
  );
  const held = await vouchersByIds(
    db,
    projectId,
    [...links.values()].flat().map((l) => l.voucher_id),
  );
  const customers = await customersByIds(
    db,
    projectId,
    rows.map((r) => r.customer_id),
  );
  const views: PublicationView[] = rows.map((row) => ({
    row,
    customer: customers.get(row.customer_id) ?? null,
    vouchers: (links.get(row.id) ?? []).flatMap((l) => held.get(l.voucher_id) ?? []),
  }));
  return { views, total };
}
