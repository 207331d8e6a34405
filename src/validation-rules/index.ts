/**
 * Validation rules: the rule API under `/v1` (rules, assignments, the business_validation_rule.* events),
 * the inline `validation_rules` of campaign and voucher creation, and the rule engine that validations,
 * redemptions, earning rules and rewards call. The contract of the engine and of the rule lookup is in
 * README.md beside this file.
 */
export { evaluateRules } from './rule-engine.js';
export type { RuleOrderItem } from './rule-context.js';
export { findEngineRule, findRulesForRedeemable } from './redeemable-rules.service.js';
export { assignRulesInline, fillAssignments, unassignDeletedObject } from './assignment.service.js';
export { validationRuleRoutes } from './validation-rule.routes.js';
export { VALIDATION_RULE_EVENTS } from './assignment.events.js';
