import { iso } from '../platform/clock.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { newId } from '../platform/ids.js';
import type { Caller } from '../projects/index.js';
import { recordEventFor } from '../webhooks/index.js';
import { RuleCreated, RuleDeleted, RuleUpdated } from './validation-rule.events.js';
import { recordAssignmentDeleted } from './assignment.events.js';
import { normaliseSet, RuleDefinitionError } from './rule-compile.js';
import { checkRuleSet } from './rule-engine.js';
import {
  bundleRulesUnsupported,
  duplicateRuleName,
  invalidRules,
  ruleNotFound,
} from './validation-rule.errors.js';
import { presentRule } from './validation-rule.presenter.js';
import * as repo from './validation-rule.repository.js';
import type {
  ApplicableToItemIn,
  RuleCreateIn,
  RuleListQuery,
  RuleUpdateIn,
} from './validation-rule.schemas.js';
import type { ValidationRuleRow } from './validation-rule.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The rule set as stored: checked by the engine first, so nothing is kept that it would not evaluate. */
function storedRules(raw: Record<string, unknown> | undefined): string {
  try {
    checkRuleSet(raw ?? {});
  } catch (e) {
    if (e instanceof RuleDefinitionError) throw invalidRules(e);
    throw e;
  }
  const set = normaliseSet(raw ?? {});
  return JSON.stringify({ ...set, logic: set.logic ?? '' });
}

const APPLICABLE_KEYS = [
  'object',
  'id',
  'source_id',
  'product_id',
  'product_source_id',
  'strict',
  'price',
  'price_formula',
  'effect',
  'quantity_limit',
  'aggregated_quantity_limit',
  'amount_limit',
  'aggregated_amount_limit',
  'order_item_indices',
  'repeat',
  'skip_initially',
  'target',
] as const;

/** The known keys of an item; `strict` and `effect`, which the schemas require, default as in Voucherify's examples. */
function applicableItem(item: ApplicableToItemIn): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of APPLICABLE_KEYS) if (item[k] !== undefined) out[k] = item[k];
  out.strict ??= false;
  out.effect ??= 'APPLY_TO_EVERY';
  return out;
}

function storedApplicableTo(a: RuleCreateIn['applicable_to']): string {
  return JSON.stringify({
    excluded: (a?.excluded ?? []).map(applicableItem),
    included: (a?.included ?? []).map(applicableItem),
    included_all: a?.included_all ?? false,
  });
}

function checkBundleRules(b: RuleCreateIn['bundle_rules']): void {
  if (b && Object.keys(b).some((k) => k !== 'limit')) throw bundleRulesUnsupported();
}

/** Inserts the rule, or 409 when another rule of the project has its name. */
async function insertUnique(tx: Tx, row: ValidationRuleRow): Promise<void> {
  if (await repo.insertRuleUnlessNameTaken(tx.db, row)) return;
  const holder = await repo.findRuleByName(tx.db, row.project_id, row.name);
  throw duplicateRuleName(row.name, holder?.id ?? '');
}

/** `POST /v1/validation-rules`: records `business_validation_rule.created`. */
export async function createRule(ctx: Ctx, caller: Caller, input: RuleCreateIn): Promise<ValidationRuleRow> {
  checkBundleRules(input.bundle_rules);
  const rules = storedRules(input.rules);
  return transact(ctx, async (tx) => {
    const row: ValidationRuleRow = {
      id: newId('validationRule'),
      project_id: caller.projectId,
      name: input.name,
      rules,
      error_message: input.error?.message || null,
      applicable_to: storedApplicableTo(input.applicable_to),
      type: input.type ?? 'expression',
      context_type: input.context_type ?? 'global',
      assignments_count: 0,
      created_at: tx.now,
      updated_at: null,
    };
    await insertUnique(tx, row);
    await recordEventFor(tx, caller, RuleCreated, row.id, {
      rule: presentRule(row),
      created_at: iso(row.created_at),
    });
    return row;
  });
}

export async function getRule(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  id: string,
): Promise<ValidationRuleRow> {
  const row = await repo.findRule(ctx.db.kysely, projectId, id);
  if (!row) throw ruleNotFound(id);
  return row;
}

/** The rule inside a transaction, locked, or 404. */
export async function lockExistingRule(tx: Tx, projectId: string, id: string): Promise<ValidationRuleRow> {
  const row = await repo.lockRule(tx, projectId, id);
  if (!row) throw ruleNotFound(id);
  return row;
}

function updatePatch(input: RuleUpdateIn): Partial<ValidationRuleRow> {
  checkBundleRules(input.bundle_rules);
  const patch: Partial<ValidationRuleRow> = {};
  if (input.name !== undefined) patch.name = input.name;
  if (input.rules !== undefined) patch.rules = storedRules(input.rules);
  if (input.error !== undefined) patch.error_message = input.error?.message || null;
  if (input.applicable_to !== undefined) patch.applicable_to = storedApplicableTo(input.applicable_to);
  if (input.type !== undefined) patch.type = input.type;
  if (input.context_type !== undefined) patch.context_type = input.context_type;
  return patch;
}

/**
 * `PUT /v1/validation-rules/{id}`: the given fields replace the stored ones (`rules` as a whole; `error: null`
 * clears the message). Records `business_validation_rule.updated` with the rule after the update.
 */
export async function updateRule(
  ctx: Ctx,
  caller: Caller,
  id: string,
  input: RuleUpdateIn,
): Promise<ValidationRuleRow> {
  const patch = updatePatch(input);
  return transact(ctx, async (tx) => {
    const row = await lockExistingRule(tx, caller.projectId, id);
    if (patch.name !== undefined && patch.name !== row.name) {
      const holder = await repo.findRuleByName(tx.db, caller.projectId, patch.name);
      if (holder) throw duplicateRuleName(patch.name, holder.id);
    }
    patch.updated_at = tx.now;
    try {
      await repo.updateRuleRow(tx.db, row.id, patch);
    } catch (e) {
      // Two renames to one name at once: the index refuses the second.
      if (isUniqueViolation(e)) throw duplicateRuleName(patch.name!, '');
      throw e;
    }
    const next = { ...row, ...patch };
    await recordEventFor(tx, caller, RuleUpdated, row.id, {
      rule: presentRule(next),
      updated_at: iso(tx.now),
    });
    return next;
  });
}

/**
 * `DELETE /v1/validation-rules/{id}`. Voucherify's spec answers only 204 or 404, so a rule that still has
 * assignments is deleted with them: one `business_validation_rule.assignment.deleted` per assignment, then
 * `business_validation_rule.deleted` with the rule as it was, all in one transaction.
 */
export async function deleteRule(ctx: Ctx, caller: Caller, id: string): Promise<void> {
  await transact(ctx, async (tx) => {
    const row = await lockExistingRule(tx, caller.projectId, id);
    let current = row;
    for (const a of await repo.assignmentsOfRule(tx.db, row.id)) {
      current = { ...current, assignments_count: current.assignments_count - 1 };
      await recordAssignmentDeleted(tx, caller, current, a);
    }
    await repo.deleteRuleRow(tx.db, row.id);
    await recordEventFor(tx, caller, RuleDeleted, row.id, {
      rule: presentRule(row),
      deleted_at: iso(tx.now),
    });
  });
}

function dateParam(raw: string | undefined): number | undefined {
  return raw === undefined ? undefined : Date.parse(raw);
}

/** `GET /v1/validation-rules`: created between `start_date` and `end_date`, paged, newest first by default. */
export async function listRules(ctx: Pick<Ctx, 'db'>, projectId: string, q: RuleListQuery) {
  const filter = { projectId, createdFrom: dateParam(q.start_date), createdTo: dateParam(q.end_date) };
  const total = await repo.countRules(ctx.db.kysely, filter);
  const rows = await repo.selectRules(
    ctx.db.kysely,
    filter,
    (q.order ?? '-created_at') as repo.RuleOrder,
    q.limit,
    (q.page - 1) * q.limit,
  );
  return { rows, total };
}
