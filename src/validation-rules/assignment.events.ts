import { Type } from '@sinclair/typebox';
import {
  findAnyCampaign,
  presentSimpleCampaign,
  SimpleCampaignOut,
  sampleSimpleCampaign,
} from '../campaigns/index.js';
import type { Kx } from '../platform/db/connect.js';
import { FreeObject } from '../platform/schemas.js';
import type { Tx } from '../platform/db/transaction.js';
import type { Caller } from '../projects/index.js';
import { findTierWithCampaign, presentSimpleTier } from '../promotions/index.js';
import { findVoucherSummary, SimpleVoucherOut } from '../vouchers/index.js';
import { declareEvent, recordEventFor } from '../webhooks/index.js';
import {
  BusAssignmentOut,
  RuleCreated,
  RuleDeleted,
  RuleEventOut,
  RuleUpdated,
  sampleAssignmentRow,
  sampleBusAssignment,
  sampleRule,
} from './validation-rule.events.js';
import { presentBusAssignment, presentRule } from './validation-rule.presenter.js';
import type { RelatedType } from './validation-rule.schemas.js';
import type { AssignmentRow, ValidationRuleRow } from './validation-rule.table.js';

type Json = Record<string, unknown>;

/**
 * An object a rule is assigned to, with what the assignment events carry of it: a voucher as SimpleVoucher,
 * the campaign (the campaign itself, or the voucher's or tier's) as SimpleCampaign, and a promotion tier as
 * SimplePromotionTier.
 */
export interface RelatedObject {
  type: RelatedType;
  id: string;
  voucher: Json | null;
  campaign: Json | null;
  promotionTier?: Json | null;
}

/** What the events of an existing assignment say about its object; binned objects included, gone ones null. */
export async function relatedForEvent(db: Kx, projectId: string, type: string, id: string) {
  const none = { voucher: null, campaign: null, promotionTier: null };
  if (type === 'voucher') {
    const v = await findVoucherSummary(db, projectId, id, true);
    return v ? { voucher: v.voucher, campaign: v.campaign, promotionTier: null } : none;
  }
  if (type === 'campaign') {
    const c = await findAnyCampaign(db, projectId, id);
    return c ? { voucher: null, campaign: presentSimpleCampaign(c), promotionTier: null } : none;
  }
  if (type === 'promotion_tier') {
    const t = await findTierWithCampaign(db, projectId, id);
    return t
      ? {
          voucher: null,
          campaign: presentSimpleCampaign(t.campaign),
          promotionTier: presentSimpleTier(t.row),
        }
      : none;
  }
  return none;
}

/**
 * `data` of both assignment events, keys in the order of Voucherify's example. Related objects whose context
 * does not exist yet (distribution, earning rule) are null.
 */
function eventData(
  rule: ValidationRuleRow,
  assignment: AssignmentRow,
  related: Pick<RelatedObject, 'voucher' | 'campaign' | 'promotionTier'>,
) {
  return {
    rule: presentRule(rule),
    voucher: related.voucher,
    campaign: related.campaign,
    assignment: presentBusAssignment(assignment),
    distribution: null,
    earning_rule: null,
    promotion_tier: related.promotionTier ?? null,
  };
}

const AssignmentData = () =>
  Type.Object({
    rule: RuleEventOut,
    voucher: Type.Union([SimpleVoucherOut, Type.Null()]),
    campaign: Type.Union([SimpleCampaignOut, Type.Null()]),
    assignment: BusAssignmentOut,
    distribution: Type.Null(),
    earning_rule: Type.Null(),
    promotion_tier: Type.Union([FreeObject, Type.Null()]),
  });

const assignmentSample = () => ({
  data: {
    rule: sampleRule(),
    voucher: null,
    campaign: sampleSimpleCampaign(),
    assignment: sampleBusAssignment(),
    distribution: null,
    earning_rule: null,
    promotion_tier: null,
  },
  entityId: sampleAssignmentRow().id,
});

export const AssignmentCreated = declareEvent(
  'business_validation_rule.assignment.created',
  AssignmentData,
  assignmentSample,
);

export const AssignmentDeleted = declareEvent(
  'business_validation_rule.assignment.deleted',
  AssignmentData,
  () => {
    const s = assignmentSample();
    return { ...s, data: { ...s.data, rule: sampleRule({ assignments_count: 0 }) } };
  },
);

/** Every event type the validation-rules context fires. */
export const VALIDATION_RULE_EVENTS = [
  RuleCreated,
  RuleUpdated,
  RuleDeleted,
  AssignmentCreated,
  AssignmentDeleted,
] as const;

/** Records `business_validation_rule.assignment.created`; `rule` is the rule after the assignment. */
export async function recordAssignmentCreated(
  tx: Tx,
  caller: Caller,
  rule: ValidationRuleRow,
  assignment: AssignmentRow,
  related: RelatedObject,
): Promise<void> {
  await recordEventFor(tx, caller, AssignmentCreated, assignment.id, eventData(rule, assignment, related));
}

/** Records `business_validation_rule.assignment.deleted`; `rule` is the rule after the removal. */
export async function recordAssignmentDeleted(
  tx: Tx,
  caller: Caller,
  rule: ValidationRuleRow,
  assignment: AssignmentRow,
): Promise<void> {
  const related = await relatedForEvent(
    tx.db,
    rule.project_id,
    assignment.related_object_type,
    assignment.related_object_id,
  );
  await recordEventFor(tx, caller, AssignmentDeleted, assignment.id, eventData(rule, assignment, related));
}
