import { duplicateFound, invalidPayload, notFound } from '../platform/errors.js';
import type { RuleDefinitionError } from './rule-compile.js';

/** Voucherify's resource types in errors: `validation_rules`, `validation_rules_assignment`. */
export const ruleNotFound = (id: string) => notFound('validation_rules', id);
export const assignmentNotFound = (id: string) => notFound('validation_rules_assignment', id);

/** A rule set the engine cannot evaluate: 400 naming the path (and, for logic, the position). */
export const invalidRules = (e: RuleDefinitionError) => invalidPayload(e.message);

export const duplicateRuleName = (name: string, holderId: string) =>
  duplicateFound('validation_rules', `Duplicated validation_rules exists with name ${name}`, holderId);

export const duplicateAssignment = (id: string) =>
  duplicateFound(
    'validation_rules_assignment',
    `Duplicated validation_rules_assignment exists with id ${id}`,
    id,
  );

export const bundleRulesUnsupported = () =>
  invalidPayload('bundle_rules cannot be evaluated yet; leave them out or send null');

export const oneRelatedObject = (given: readonly string[]) =>
  invalidPayload(
    given.length === 0
      ? 'name the object to assign the rule to: voucher, campaign, promotion_tier, earning_rule, distribution, reward_assignment, or related_object_type with related_object_id'
      : `name one object to assign the rule to, not ${given.join(' and ')}`,
  );

export const ruleListedTwice = (field: string, id: string) =>
  invalidPayload(`${field} lists ${id} more than once`);
