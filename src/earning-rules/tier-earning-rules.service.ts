import { loyaltyTier, type TierMapping } from '../loyalties/index.js';
import type { AppContext } from '../platform/context.js';
import { applyMultiplier, scaled } from './earning-rule.loyalty.js';
import { type EarningRuleJson, presentEarningRule } from './earning-rule.presenter.js';
import * as repo from './earning-rule.repository.js';
import type { EarningRuleListQuery } from './earning-rule.schemas.js';

/**
 * `GET /v1/loyalties/{campaignId}/tiers/{tierId}/earning-rules`: the program's earning rules as a member of
 * the tier earns them: the tier's mapping of a rule applied to its `loyalty`, as the accrual applies it, and
 * shown as the rule's `mapping`.
 */

type Json = Record<string, unknown>;

/**
 * Every `points` beside an `every` (a PROPORTIONAL rule's points per step), times the multiplier when that
 * is a whole number. An accrual rounds down only its total (`floor(steps × points × multiplier)`), so 3 points
 * per step × 1.5 is 4.5 per step, which `points` (an integer) cannot say: those stay as the rule has them,
 * and the rule's `mapping` tells the multiplier.
 */
function scaleSteps(node: unknown, multiplier: number): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return node;
  const o = node as Json;
  const out: Json = {};
  for (const [k, v] of Object.entries(o)) out[k] = scaleSteps(v, multiplier);
  if (typeof o.points === 'number' && typeof o.every === 'number') {
    const perStep = scaled(o.points, multiplier);
    if (Number.isInteger(perStep)) out.points = perStep;
  }
  return out;
}

/**
 * The rule's loyalty for the tier. CUSTOM gives its points whatever the order or event: a FIXED loyalty of
 * them. MULTIPLY rounds a FIXED rule's points down (10 × 1.5 = 15, 7 × 1.5 = 10) and multiplies a
 * PROPORTIONAL rule's points per step where the product is whole (`scaleSteps`).
 */
export function loyaltyForTier(loyalty: Json, mapping: TierMapping | undefined): Json {
  if (!mapping) return loyalty;
  if (mapping.type === 'CUSTOM') return { type: 'FIXED', points: mapping.points };
  if (loyalty.type === 'FIXED' && typeof loyalty.points === 'number')
    return { ...loyalty, points: applyMultiplier(loyalty.points, mapping.multiplier) };
  return scaleSteps(loyalty, mapping.multiplier) as Json;
}

export async function listTierEarningRules(
  ctx: Pick<AppContext, 'db'>,
  projectId: string,
  campaignRef: string,
  tierId: string,
  q: Pick<EarningRuleListQuery, 'limit' | 'page'>,
): Promise<{ data: EarningRuleJson[]; total: number }> {
  const db = ctx.db.kysely;
  const tier = await loyaltyTier(db, projectId, campaignRef, tierId);
  const campaignId = tier.campaign.id;
  const total = await repo.countEarningRules(db, projectId, campaignId);
  const rows = await repo.selectEarningRules(
    db,
    projectId,
    campaignId,
    '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  return {
    data: rows.map((row) => {
      const json = presentEarningRule(row);
      const mapping = tier.earningRules[row.id];
      if (!mapping) return json;
      // `mapping`, as the tier holds it, beside the loyalty it gives (Voucherify: "this includes mapping").
      return { ...json, loyalty: loyaltyForTier(json.loyalty as Json, mapping), mapping };
    }),
    total,
  };
}
