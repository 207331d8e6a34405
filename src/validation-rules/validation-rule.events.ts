import { Type } from '@sinclair/typebox';
import { FreeObject } from '../platform/schemas.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { presentBusAssignment, presentRule, type RuleJson } from './validation-rule.presenter.js';
import type { AssignmentRow, ValidationRuleRow } from './validation-rule.table.js';

/*
 * The schemas of the rule and assignment objects events carry, key for key as the presenters write them,
 * the rule events, and the sample rows the assignment events (assignment.events.ts) share.
 */

const Time = () => Type.String({ format: 'date-time' });

/** The rule object (`presentRule`). */
export const RuleEventOut = Type.Unsafe<RuleJson>(
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    rules: FreeObject,
    error: Type.Optional(Type.Object({ message: Type.String() })),
    applicable_to: Type.Object({
      excluded: Type.Array(FreeObject),
      included: Type.Array(FreeObject),
      included_all: Type.Boolean(),
    }),
    created_at: Time(),
    updated_at: Type.Optional(Time()),
    type: Type.String(),
    context_type: Type.String(),
    assignments_count: Type.Integer(),
    object: Type.Literal('validation_rules'),
  }),
);

/** `BusValRuleAssignment` (`presentBusAssignment`). */
export const BusAssignmentOut = Type.Unsafe<RuleJson>(
  Type.Object({
    id: Type.String(),
    rule_id: Type.String(),
    related_object_id: Type.String(),
    related_object_type: Type.String(),
    created_at: Time(),
    object: Type.Literal('validation_rules_assignment'),
    validation_status: Type.String(),
    validation_omitted_rules: Type.Array(Type.String()),
  }),
);

/** The rule of every rule sample: a basic rule on the order amount, as the repository stores it. */
export const sampleRuleRow = (): ValidationRuleRow => ({
  id: 'val_sample000000',
  project_id: 'proj_sample',
  name: 'Orders of 100.00 or more',
  rules: JSON.stringify({
    '1': { name: 'order.amount', property: null, conditions: { $more_than_equal: [10000] }, rules: {} },
    logic: '1',
  }),
  error_message: 'The order must be at least 100.00',
  applicable_to: JSON.stringify({ excluded: [], included: [], included_all: false }),
  type: 'basic',
  context_type: 'global',
  assignments_count: 1,
  created_at: SAMPLE_TIME,
  updated_at: null,
});

/** The assignment of the sample rule to the sample campaign. */
export const sampleAssignmentRow = (): AssignmentRow => ({
  id: 'asgm_sample000000000',
  project_id: 'proj_sample',
  rule_id: sampleRuleRow().id,
  related_object_type: 'campaign',
  related_object_id: 'camp_sample0000000000000000',
  created_at: SAMPLE_TIME,
});

export const sampleRule = (patch: Partial<ValidationRuleRow> = {}) =>
  presentRule({ ...sampleRuleRow(), ...patch });
export const sampleBusAssignment = () => presentBusAssignment(sampleAssignmentRow());

const LATER = SAMPLE_TIME + 60_000;
const iso = (ms: number) => new Date(ms).toISOString();
const id = () => sampleRuleRow().id;

export const RuleCreated = declareEvent(
  'business_validation_rule.created',
  () => Type.Object({ rule: RuleEventOut, created_at: Time() }),
  () => ({ data: { rule: sampleRule(), created_at: iso(SAMPLE_TIME) }, entityId: id() }),
);

export const RuleUpdated = declareEvent(
  'business_validation_rule.updated',
  () => Type.Object({ rule: RuleEventOut, updated_at: Time() }),
  () => ({ data: { rule: sampleRule({ updated_at: LATER }), updated_at: iso(LATER) }, entityId: id() }),
);

export const RuleDeleted = declareEvent(
  'business_validation_rule.deleted',
  () => Type.Object({ rule: RuleEventOut, deleted_at: Time() }),
  () => ({ data: { rule: sampleRule(), deleted_at: iso(LATER) }, entityId: id() }),
);
