import { iso } from '../platform/clock.js';
import type { AssignmentRow, ValidationRuleRow } from './validation-rule.table.js';

/*
 * Wire rule, as for the other contexts: keys follow Voucherify's examples; `error` is left out when no
 * message is set, `updated_at` until the first update. Rule objects always carry `property` (null when the
 * name needs none) and `rules` (an empty object when there are no nested rules), as Voucherify echoes them.
 */

export type RuleJson = Record<string, unknown>;

/** `{excluded, included, included_all}` as stored. */
export interface ApplicableTo {
  excluded: Record<string, unknown>[];
  included: Record<string, unknown>[];
  included_all: boolean;
}

export function presentRule(row: ValidationRuleRow): RuleJson {
  const out: RuleJson = { id: row.id, name: row.name, rules: JSON.parse(row.rules) };
  if (row.error_message !== null) out.error = { message: row.error_message };
  out.applicable_to = JSON.parse(row.applicable_to) as ApplicableTo;
  out.created_at = iso(row.created_at);
  if (row.updated_at !== null) out.updated_at = iso(row.updated_at);
  out.type = row.type;
  out.context_type = row.context_type;
  out.assignments_count = row.assignments_count;
  out.object = 'validation_rules';
  return out;
}

/** `ValidationRuleAssignment`: the object the assignment endpoints answer. */
export function presentAssignment(row: AssignmentRow): RuleJson {
  return {
    id: row.id,
    rule_id: row.rule_id,
    related_object_id: row.related_object_id,
    related_object_type: row.related_object_type,
    created_at: iso(row.created_at),
    object: 'validation_rules_assignment',
  };
}

/**
 * `BusValRuleAssignment`: the assignment as events carry it, with its validation status. Every rule the
 * engine stores applies in full to any object, so the status is always VALID and no rule is omitted.
 */
export function presentBusAssignment(row: AssignmentRow): RuleJson {
  return { ...presentAssignment(row), validation_status: 'VALID', validation_omitted_rules: [] };
}
