import type { Kx } from '../platform/db/connect.js';
import type { EngineRule } from './rule-engine.js';
import type { ApplicableTo } from './validation-rule.presenter.js';
import { findRule, rulesAssignedTo } from './validation-rule.repository.js';

/** A redeemable whose rules are wanted: a voucher and/or its campaign (later a promotion tier). */
export interface RedeemableRef {
  voucherId?: string | null;
  campaignId?: string | null;
  promotionTierId?: string | null;
}

/** A validation rule assigned to the redeemable, ready for `evaluateRules`, with what it applies to. */
export interface AssignedRule extends EngineRule {
  id: string;
  name: string;
  rules: unknown;
  error: { message: string } | null;
  applicable_to: ApplicableTo;
  context_type: string;
  /** The object the rule is assigned to: the voucher itself, its campaign, or the promotion tier. */
  assignment: { id: string; related_object_type: string; related_object_id: string };
}

/** Rules of the campaign come first, then the voucher's, then the promotion tier's; each by assignment age. */
const TYPE_ORDER = ['campaign', 'voucher', 'promotion_tier'];

/**
 * The validation rules that apply to a redeemable: those assigned to its campaign, to the voucher itself and
 * to its promotion tier, each rule once. Works with `ctx.db.kysely` or inside a transaction (`tx.db`).
 */
export async function findRulesForRedeemable(
  db: Kx,
  projectId: string,
  ref: RedeemableRef,
): Promise<AssignedRule[]> {
  const objects: { type: string; id: string }[] = [];
  if (ref.campaignId) objects.push({ type: 'campaign', id: ref.campaignId });
  if (ref.voucherId) objects.push({ type: 'voucher', id: ref.voucherId });
  if (ref.promotionTierId) objects.push({ type: 'promotion_tier', id: ref.promotionTierId });
  const rows = await rulesAssignedTo(db, projectId, objects);
  const typeOf = new Map(objects.map((o) => [o.id, o.type]));
  const sorted = [...rows].sort(
    (a, b) =>
      TYPE_ORDER.indexOf(typeOf.get(a.related_object_id)!) -
      TYPE_ORDER.indexOf(typeOf.get(b.related_object_id)!),
  );
  const seen = new Set<string>();
  const out: AssignedRule[] = [];
  for (const r of sorted) {
    if (seen.has(r.id)) continue;
    seen.add(r.id);
    out.push({
      id: r.id,
      name: r.name,
      rules: JSON.parse(r.rules),
      error: r.error_message === null ? null : { message: r.error_message },
      applicable_to: JSON.parse(r.applicable_to) as ApplicableTo,
      context_type: r.context_type,
      assignment: {
        id: r.assignment_id,
        related_object_type: typeOf.get(r.related_object_id)!,
        related_object_id: r.related_object_id,
      },
    });
  }
  return out;
}

/**
 * One validation rule by id, ready for `evaluateRules` (an earning rule's `validation_rule_id`), or undefined
 * when the project has none by that id.
 */
export async function findEngineRule(db: Kx, projectId: string, id: string): Promise<EngineRule | undefined> {
  const r = await findRule(db, projectId, id);
  if (!r) return undefined;
  return {
    id: r.id,
    name: r.name,
    rules: JSON.parse(r.rules),
    error: r.error_message === null ? null : { message: r.error_message },
  };
}
