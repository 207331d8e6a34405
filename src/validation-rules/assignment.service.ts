import { lockLiveCampaign, presentSimpleCampaign } from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import type { Kx } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { notFound } from '../platform/errors.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { findTierWithCampaign, presentSimpleTier } from '../promotions/index.js';
import { findVoucherSummary } from '../vouchers/index.js';
import { type RelatedObject, recordAssignmentCreated, recordAssignmentDeleted } from './assignment.events.js';
import {
  assignmentNotFound,
  duplicateAssignment,
  oneRelatedObject,
  ruleListedTwice,
} from './validation-rule.errors.js';
import { presentBusAssignment } from './validation-rule.presenter.js';
import * as repo from './validation-rule.repository.js';
import {
  type AllAssignmentsQuery,
  type AssignmentCreateIn,
  RELATED_TYPES,
  type RelatedType,
  type RuleAssignmentsQuery,
} from './validation-rule.schemas.js';
import { lockExistingRule } from './validation-rule.service.js';
import type { AssignmentRow, ValidationRuleRow } from './validation-rule.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** Which object the body names: one of the typed keys, or `related_object_type` with `related_object_id`. */
function relatedRef(body: AssignmentCreateIn): { type: RelatedType; ref: string } {
  const given = RELATED_TYPES.filter((t) => body[t] !== undefined);
  if (body.related_object_type !== undefined || body.related_object_id !== undefined) {
    if (given.length > 0 || !body.related_object_type || !body.related_object_id)
      throw oneRelatedObject([...given, 'related_object_type/related_object_id']);
    return { type: body.related_object_type, ref: body.related_object_id };
  }
  if (given.length !== 1) throw oneRelatedObject(given);
  return { type: given[0]!, ref: body[given[0]!]! };
}

/**
 * The live object an assignment names, or its 404. Vouchers are named by id or code, campaigns by id or
 * name, promotion tiers by id. Earning rules, distributions and reward assignments are not kept yet, so any id of
 * theirs is unknown: a 404 with their resource type, until their contexts exist.
 */
async function resolveRelated(
  tx: Tx,
  projectId: string,
  type: RelatedType,
  ref: string,
): Promise<RelatedObject> {
  if (type === 'voucher') {
    const v = await findVoucherSummary(tx.db, projectId, ref);
    if (!v) throw notFound('voucher', ref);
    return { type, id: v.id, voucher: v.voucher, campaign: v.campaign };
  }
  if (type === 'campaign') {
    const c = await lockLiveCampaign(tx, projectId, ref);
    return { type, id: c.id, voucher: null, campaign: presentSimpleCampaign(c) };
  }
  if (type === 'promotion_tier') {
    const t = await findTierWithCampaign(tx.db, projectId, ref);
    if (!t) throw notFound(type, ref);
    return {
      type,
      id: t.row.id,
      voucher: null,
      campaign: presentSimpleCampaign(t.campaign),
      promotionTier: presentSimpleTier(t.row),
    };
  }
  throw notFound(type, ref);
}

/** Removes an assignment, keeps the rule's count, records `assignment.deleted`; returns the rule after. */
async function removeAssignment(tx: Tx, caller: Caller, rule: ValidationRuleRow, a: AssignmentRow) {
  await repo.deleteAssignmentRow(tx.db, a.id);
  await repo.addToAssignmentsCount(tx.db, rule.id, -1);
  const after = { ...rule, assignments_count: rule.assignments_count - 1 };
  await recordAssignmentDeleted(tx, caller, after, a);
  return after;
}

/** Assigns the locked rule to the object; 409 naming the existing assignment when there is one. */
async function assign(
  tx: Tx,
  caller: Caller,
  rule: ValidationRuleRow,
  related: RelatedObject,
  force: boolean,
): Promise<AssignmentRow> {
  const existing = await repo.findAssignmentOf(tx.db, rule.id, related.type, related.id);
  let current = rule;
  if (existing && !force) throw duplicateAssignment(existing.id);
  if (existing) current = await removeAssignment(tx, caller, current, existing);
  const row: AssignmentRow = {
    id: newId('validationRuleAssignment'),
    project_id: caller.projectId,
    rule_id: rule.id,
    related_object_type: related.type,
    related_object_id: related.id,
    created_at: tx.now,
  };
  if (!(await repo.insertAssignmentUnlessTaken(tx.db, row))) {
    // Another request assigned it between the check and the insert.
    const winner = await repo.findAssignmentOf(tx.db, rule.id, related.type, related.id);
    throw duplicateAssignment(winner?.id ?? '');
  }
  await repo.addToAssignmentsCount(tx.db, rule.id, 1);
  await recordAssignmentCreated(
    tx,
    caller,
    { ...current, assignments_count: current.assignments_count + 1 },
    row,
    related,
  );
  return row;
}

/**
 * `POST /v1/validation-rules/{id}/assignments`: records `business_validation_rule.assignment.created`. With
 * `force`, an existing assignment of the rule to the object is replaced (its `assignment.deleted` first).
 */
export async function createAssignment(
  ctx: Ctx,
  caller: Caller,
  ruleId: string,
  body: AssignmentCreateIn,
  force: boolean,
): Promise<AssignmentRow> {
  const { type, ref } = relatedRef(body);
  return transact(ctx, async (tx) => {
    const rule = await lockExistingRule(tx, caller.projectId, ruleId);
    const related = await resolveRelated(tx, caller.projectId, type, ref);
    return assign(tx, caller, rule, related, force);
  });
}

/**
 * Assigns rules to an object being created in the caller's transaction (`validation_rules` of campaign and
 * voucher creation): each rule must exist (404 `validation_rules` otherwise, and nothing is written), and
 * each records `business_validation_rule.assignment.created`.
 */
export async function assignRulesInline(
  tx: Tx,
  caller: Caller,
  field: string,
  ruleIds: readonly string[],
  related: RelatedObject,
): Promise<void> {
  const seen = new Set<string>();
  for (const id of ruleIds) {
    if (seen.has(id)) throw ruleListedTwice(field, id);
    seen.add(id);
    const rule = await lockExistingRule(tx, caller.projectId, id);
    await assign(tx, caller, rule, related, false);
  }
}

/**
 * Removes every assignment of an object that is being deleted in the caller's transaction (a promotion
 * tier), each with its `business_validation_rule.assignment.deleted`, while the object can still be shown.
 */
export async function unassignDeletedObject(
  tx: Tx,
  caller: Caller,
  type: RelatedType,
  id: string,
): Promise<void> {
  const rows = await repo.assignmentsOfObjects(tx.db, caller.projectId, [id]);
  for (const a of rows.filter((r) => r.related_object_type === type)) {
    const rule = await lockExistingRule(tx, caller.projectId, a.rule_id);
    await removeAssignment(tx, caller, rule, a);
  }
}

/** `DELETE /v1/validation-rules/{id}/assignments/{assignmentId}`: records `assignment.deleted`. */
export async function deleteAssignment(
  ctx: Ctx,
  caller: Caller,
  ruleId: string,
  assignmentId: string,
): Promise<void> {
  await transact(ctx, async (tx) => {
    const rule = await lockExistingRule(tx, caller.projectId, ruleId);
    const a = await repo.findAssignment(tx.db, rule.id, assignmentId);
    if (!a) throw assignmentNotFound(assignmentId);
    await removeAssignment(tx, caller, rule, a);
  });
}

async function page(ctx: Pick<Ctx, 'db'>, filter: repo.AssignmentFilter, q: RuleAssignmentsQuery) {
  const total = await repo.countAssignments(ctx.db.kysely, filter);
  const rows = await repo.selectAssignments(
    ctx.db.kysely,
    filter,
    (q.order ?? '-created_at') as 'created_at' | '-created_at',
    q.limit,
    (q.page - 1) * q.limit,
  );
  return { rows, total };
}

/**
 * `GET /v1/validation-rules/{id}/assignments`. As the spec says, a rule that cannot be found answers an
 * empty list rather than a 404.
 */
export async function listAssignmentsOfRule(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  ruleId: string,
  q: RuleAssignmentsQuery,
) {
  return page(ctx, { projectId, ruleId }, q);
}

/** `GET /v1/validation-rules-assignments`: filters `rule` and `related_object_id`. */
export async function listAssignments(ctx: Pick<Ctx, 'db'>, projectId: string, q: AllAssignmentsQuery) {
  return page(ctx, { projectId, ruleId: q.rule, relatedObjectId: q.related_object_id }, q);
}

/**
 * Fills the `validation_rules_assignments` list of presented vouchers or campaigns (objects with an `id` and
 * that key) with their assignments, as `BusValRuleAssignment`s, in place; returns the same objects. Works
 * with `ctx.db.kysely` or inside a transaction (`tx.db`), so events carry the lists too.
 */
export async function fillAssignments<T extends Record<string, unknown>>(
  db: Kx,
  projectId: string,
  objects: T[],
): Promise<T[]> {
  const targets = objects.filter((o) => typeof o.id === 'string' && 'validation_rules_assignments' in o);
  const rows = await repo.assignmentsOfObjects(
    db,
    projectId,
    targets.map((o) => o.id as string),
  );
  const byObject = new Map<string, AssignmentRow[]>();
  for (const r of rows) byObject.set(r.related_object_id, [...(byObject.get(r.related_object_id) ?? []), r]);
  for (const o of targets) {
    const list = byObject.get(o.id as string) ?? [];
    (o as Record<string, unknown>).validation_rules_assignments = {
      object: 'list',
      data_ref: 'data',
      data: list.map(presentBusAssignment),
      total: list.length,
    };
  }
  return objects;
}
