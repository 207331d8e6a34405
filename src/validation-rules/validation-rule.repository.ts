import type { Kx } from '../platform/db/connect.js';
import { countRows, pageOf, sortOrder } from '../platform/db/paging.js';
import { deleteById, findInProject, insertSkippingTaken, lockById, updateById } from '../platform/db/rows.js';
import type { Tx } from '../platform/db/transaction.js';
import type { AssignmentRow, ValidationRuleRow } from './validation-rule.table.js';

/** Inserts the rule unless the project holds its name; false when the name is taken. */
export async function insertRuleUnlessNameTaken(db: Kx, row: ValidationRuleRow): Promise<boolean> {
  return (await insertSkippingTaken(db, 'validation_rules', row, ['project_id', 'name'], 'id')).length === 1;
}

export async function findRule(db: Kx, projectId: string, id: string) {
  return findInProject(db, 'validation_rules', projectId, { id });
}

export async function findRuleByName(db: Kx, projectId: string, name: string) {
  return db
    .selectFrom('validation_rules')
    .select('id')
    .where('project_id', '=', projectId)
    .where('name', '=', name)
    .executeTakeFirst();
}

/** The rule, locked for the rest of the transaction where the database has row locks. */
export async function lockRule(tx: Tx, projectId: string, id: string) {
  return lockById(tx, 'validation_rules', id, projectId);
}

export async function updateRuleRow(db: Kx, id: string, patch: Partial<ValidationRuleRow>): Promise<void> {
  await updateById(db, 'validation_rules', id, patch);
}

export async function deleteRuleRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'validation_rules', id);
}

export async function addToAssignmentsCount(db: Kx, id: string, delta: number): Promise<void> {
  await db
    .updateTable('validation_rules')
    .set((eb) => ({ assignments_count: eb('assignments_count', '+', delta) }))
    .where('id', '=', id)
    .execute();
}

export interface RuleFilter {
  projectId: string;
  createdFrom?: number;
  createdTo?: number;
}

function filteredRules(db: Kx, f: RuleFilter) {
  let q = db.selectFrom('validation_rules').where('project_id', '=', f.projectId);
  if (f.createdFrom !== undefined) q = q.where('created_at', '>=', f.createdFrom);
  if (f.createdTo !== undefined) q = q.where('created_at', '<=', f.createdTo);
  return q;
}

export type RuleOrder = 'created_at' | '-created_at' | 'updated_at' | '-updated_at' | 'name' | '-name';

export async function selectRules(
  db: Kx,
  f: RuleFilter,
  order: RuleOrder,
  limit: number,
  offset: number,
): Promise<ValidationRuleRow[]> {
  // Rules never updated come last.
  const sort = { ...sortOrder(order), nullsLast: true };
  return pageOf(filteredRules(db, f).selectAll(), sort, { limit, offset }).execute();
}

export async function countRules(db: Kx, f: RuleFilter): Promise<number> {
  return countRows(filteredRules(db, f));
}

/** Inserts the assignment unless the rule is already assigned to the object; false when it is. */
export async function insertAssignmentUnlessTaken(db: Kx, row: AssignmentRow): Promise<boolean> {
  const unique: (keyof AssignmentRow)[] = ['rule_id', 'related_object_type', 'related_object_id'];
  return (await insertSkippingTaken(db, 'validation_rule_assignments', row, unique, 'id')).length === 1;
}

export async function findAssignmentOf(
  db: Kx,
  ruleId: string,
  type: string,
  relatedId: string,
): Promise<AssignmentRow | undefined> {
  return db
    .selectFrom('validation_rule_assignments')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .where('related_object_type', '=', type)
    .where('related_object_id', '=', relatedId)
    .executeTakeFirst();
}

export async function findAssignment(db: Kx, ruleId: string, id: string): Promise<AssignmentRow | undefined> {
  return db
    .selectFrom('validation_rule_assignments')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function deleteAssignmentRow(db: Kx, id: string): Promise<void> {
  await deleteById(db, 'validation_rule_assignments', id);
}

export interface AssignmentFilter {
  projectId: string;
  ruleId?: string;
  relatedObjectId?: string;
}

function filteredAssignments(db: Kx, f: AssignmentFilter) {
  let q = db.selectFrom('validation_rule_assignments').where('project_id', '=', f.projectId);
  if (f.ruleId !== undefined) q = q.where('rule_id', '=', f.ruleId);
  if (f.relatedObjectId !== undefined) q = q.where('related_object_id', '=', f.relatedObjectId);
  return q;
}

export async function selectAssignments(
  db: Kx,
  f: AssignmentFilter,
  order: 'created_at' | '-created_at',
  limit: number,
  offset: number,
): Promise<AssignmentRow[]> {
  return pageOf(filteredAssignments(db, f).selectAll(), sortOrder(order), { limit, offset }).execute();
}

export async function countAssignments(db: Kx, f: AssignmentFilter): Promise<number> {
  return countRows(filteredAssignments(db, f));
}

/** Every assignment of the rule, oldest first. */
export async function assignmentsOfRule(db: Kx, ruleId: string): Promise<AssignmentRow[]> {
  return db
    .selectFrom('validation_rule_assignments')
    .selectAll()
    .where('rule_id', '=', ruleId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** The assignments of the given objects (of the given types), oldest first, with their rules. */
export async function rulesAssignedTo(
  db: Kx,
  projectId: string,
  objects: readonly { type: string; id: string }[],
): Promise<(ValidationRuleRow & { assignment_id: string; related_object_id: string })[]> {
  if (objects.length === 0) return [];
  return db
    .selectFrom('validation_rule_assignments as a')
    .innerJoin('validation_rules as r', 'r.id', 'a.rule_id')
    .selectAll('r')
    .select(['a.id as assignment_id', 'a.related_object_id'])
    .where('a.project_id', '=', projectId)
    .where((eb) =>
      eb.or(
        objects.map((o) =>
          eb.and([eb('a.related_object_type', '=', o.type), eb('a.related_object_id', '=', o.id)]),
        ),
      ),
    )
    .orderBy('a.created_at')
    .orderBy('a.id')
    .execute();
}

/** The assignments of any of the objects, oldest first. */
export async function assignmentsOfObjects(
  db: Kx,
  projectId: string,
  relatedIds: readonly string[],
): Promise<AssignmentRow[]> {
  if (relatedIds.length === 0) return [];
  return db
    .selectFrom('validation_rule_assignments')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('related_object_id', 'in', [...relatedIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}
