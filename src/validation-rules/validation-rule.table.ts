/** A validation rule (`val_…`). Timestamps are epoch milliseconds; JSON columns hold text. */
export interface ValidationRulesTable {
  id: string;
  project_id: string;
  /** Unique in the project ("Custom, unique name for set of validation rules"). */
  name: string;
  /** JSON: the normalised rule set, `{"1": {name, property, conditions, rules, error?}, …, logic}`. */
  rules: string;
  /** The rule's `error.message`, null when none is set. */
  error_message: string | null;
  /** JSON: `{excluded, included, included_all}`. */
  applicable_to: string;
  type: string;
  context_type: string;
  /** Assignments of the rule, kept in the same transaction as every insert and removal of one. */
  assignments_count: number;
  created_at: number;
  updated_at: number | null;
}

/** A validation rule assigned to a voucher, campaign, … (`asgm_…`); one per rule and object. */
export interface ValidationRuleAssignmentsTable {
  id: string;
  project_id: string;
  rule_id: string;
  related_object_type: string;
  related_object_id: string;
  created_at: number;
}

export type ValidationRuleRow = ValidationRulesTable;
export type AssignmentRow = ValidationRuleAssignmentsTable;
