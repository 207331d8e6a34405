import { readFileSync } from 'node:fs';
import { expect } from 'vitest';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { validateData, webhookSchemaErrors } from './events.js';

/** A document of Voucherify's reference (api-*.json, webhooks.json), read once. */
export function spec(file: string): any {
  specs[file] ??= JSON.parse(
    readFileSync(new URL(`../../../shared/reference/voucherify/${file}`, import.meta.url), 'utf8'),
  );
  return specs[file];
}
const specs: Record<string, any> = {};

/** OpenAPI's `nullable: true` becomes JSON Schema's "or null". */
function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

/**
 * How each document is checked. The spec describes validity hours as "HH:mm" (its examples say "12:00") but
 * tags them `format: time`, which in JSON Schema needs seconds and a zone: where that matters the documented
 * form is checked. The Management document is taken as written (its `nullable` is not widened).
 */
const DOCUMENTS: Record<string, { file: string; nullable: boolean; hhmm: boolean }> = {
  'campaigns.json': { file: 'api-campaigns.json', nullable: true, hhmm: true },
  'vouchers.json': { file: 'api-vouchers.json', nullable: true, hhmm: true },
  'async-actions.json': { file: 'api-async-actions.json', nullable: true, hhmm: true },
  'publications.json': { file: 'api-publications.json', nullable: true, hhmm: true },
  'customers.json': { file: 'api-customers.json', nullable: true, hhmm: false },
  'orders.json': { file: 'api-orders.json', nullable: true, hhmm: false },
  'redemptions.json': { file: 'api-redemptions.json', nullable: true, hhmm: true },
  'rewards.json': { file: 'api-rewards.json', nullable: true, hhmm: false },
  'loyalties.json': { file: 'api-loyalties.json', nullable: true, hhmm: true },
  'management.json': { file: 'api-management.json', nullable: false, hhmm: false },
};

const validators: Record<string, Ajv> = {};
function ajvFor(id: string): Ajv {
  const d = DOCUMENTS[id];
  if (!d) throw new Error(`no document ${id}`);
  if (!validators[id]) {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats.default(ajv);
    if (d.hhmm) ajv.addFormat('time', /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)?$/);
    const components = spec(d.file).components;
    ajv.addSchema({ components: d.nullable ? nullableToJsonSchema(components) : components }, id);
    validators[id] = ajv;
  }
  return validators[id];
}

/** Errors of a value against `<document>#/components/schemas/<name>`, or null when it conforms. */
export function schemaErrors(document: string, name: string, value: unknown): unknown[] | null {
  const validate = ajvFor(document).getSchema(`${document}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${document} ${name}`);
  return validate(value) ? null : (validate.errors ?? []);
}

/**
 * Errors of a publication against api-publications.json. One published inconsistency is set aside: the
 * create response's schema allows only "API" as `channel`, while its own example answers "myown" for a
 * request that sent that channel (and the client SDK sends "Voucherify.js"); the tests check `channel`.
 */
export function publicationSchemaErrors(name: string, value: unknown): unknown[] | null {
  const errors = (schemaErrors('publications.json', name, value) ?? []) as {
    instancePath: string;
    keyword: string;
  }[];
  const rest = errors.filter((e) => !(e.instancePath === '/channel' && e.keyword === 'enum'));
  const channelOnly = rest.every((e) => e.keyword === 'oneOf' && e.instancePath === '');
  return rest.length === 0 || channelOnly ? null : rest;
}

/**
 * The `data` EVENTS.md §1.1 proposes for the promotion stack events: exactly `campaign` (SimpleCampaign) and
 * `promotion_stack` (PromotionStack: SimplePromotionStack's keys with its id, campaign, dates and object).
 */
function promotionStackErrors(data: any): unknown[] | null {
  const errors: unknown[] = [];
  if (JSON.stringify(Object.keys(data)) !== JSON.stringify(['campaign', 'promotion_stack']))
    errors.push({ keys: Object.keys(data) });
  errors.push(...(webhookSchemaErrors('SimpleCampaign', data.campaign) ?? []));
  const s = data.promotion_stack ?? {};
  errors.push(...(webhookSchemaErrors('SimplePromotionStack', { ...s, category_id: undefined }) ?? []));
  if (typeof s.id !== 'string' || !s.id.startsWith('stack_')) errors.push({ id: s.id });
  if (s.object !== 'promotion_stack') errors.push({ object: s.object });
  if (typeof s.campaign_id !== 'string' || s.campaign_id !== data.campaign?.id)
    errors.push({ campaign_id: s.campaign_id });
  if (!(s.category_id === null || typeof s.category_id === 'string'))
    errors.push({ category_id: s.category_id });
  if (!Array.isArray(s.categories)) errors.push({ categories: s.categories });
  for (const k of ['created_at', 'updated_at'])
    if (k in s && Number.isNaN(Date.parse(s[k]))) errors.push({ [k]: s[k] });
  return errors.length === 0 ? null : errors;
}

/**
 * The documented `data` of an event: its webhooks.json schema; for the campaign events webhooks.json lacks,
 * the shape EVENTS.md §1.1 proposes (exact keys, the campaign as SimpleCampaign); for customer.confirmed,
 * the customer-activity schema of api-customers.json.
 */
export function eventDataErrors(type: string, data: any): unknown[] | null {
  const proposed: Record<string, string[]> = {
    'campaign.vouchers.added': ['campaign', 'count', 'completed_at', 'async_action_id'],
    'campaign.vouchers.generation.started': ['campaign', 'count', 'started_at'],
    'campaign.vouchers.generation.failed': ['campaign', 'count', 'done_count', 'failed_at', 'error'],
  };
  // The earning-rule events have no published schema: EVENTS.md §1.1 proposes the rule as api-loyalties.json's
  // EarningRule beside the SimpleCampaign.
  if (type.startsWith('campaign.earning_rule.')) {
    const errors: unknown[] = [];
    if (JSON.stringify(Object.keys(data)) !== JSON.stringify(['campaign', 'earning_rule']))
      errors.push({ keys: Object.keys(data) });
    errors.push(...(webhookSchemaErrors('SimpleCampaign', data.campaign) ?? []));
    errors.push(...(schemaErrors('loyalties.json', 'EarningRule', data.earning_rule) ?? []));
    return errors.length === 0 ? null : errors;
  }
  // Its example is filed under pending_points.canceled (EVENTS.md): use its own schema.
  if (type === 'voucher.loyalty_card.pending_points.updated')
    return webhookSchemaErrors('EventVoucherLoyaltyCardPendingPointsUpdatedData', data);
  if (type === 'customer.confirmed') return schemaErrors('customers.json', 'EventCustomerConfirmed', data);
  if (type === 'campaign.promotion_stack.created' || type === 'campaign.promotion_stack.updated')
    return promotionStackErrors(data);
  // webhooks.json's BusValRuleAssignment lists only campaign, voucher and earning_rule as related objects,
  // though the events carry `promotion_tier` and the API (api-validation-rules.json) assigns rules to tiers:
  // a tier's assignment is checked as the campaign's would be, with the tier in its own key.
  if (
    type.startsWith('business_validation_rule.assignment.') &&
    data.assignment?.related_object_type === 'promotion_tier'
  ) {
    const errors = webhookSchemaErrors('SimplePromotionTier', data.promotion_tier) ?? [];
    if (data.promotion_tier?.id !== data.assignment.related_object_id)
      errors.push({ promotion_tier: data.promotion_tier });
    const asCampaign = { ...data, assignment: { ...data.assignment, related_object_type: 'campaign' } };
    errors.push(...(validateData(type, asCampaign) ?? []));
    return errors.length === 0 ? null : errors;
  }
  // webhooks.json files this event's only example under the wrong key (campaign.created): use its schema.
  if (type === 'campaign.vouchers.generation.completed')
    return webhookSchemaErrors('EventCampaignVouchersGenerationCompletedData', data);
  // Its only example too is filed under another key (voucher.loyalty_card.points_added): use its schema.
  if (type === 'voucher.gift.balance_added')
    return webhookSchemaErrors('EventVoucherGiftBalanceAddedData', data);
  // webhooks.json has a schema but no example of this one.
  if (type === 'redemption.rollback.failed')
    return webhookSchemaErrors('EventRedemptionRollbackFailedData', data);
  if (type.startsWith('campaign.reward.assignment.') || type.startsWith('campaign.referral_tier.'))
    return campaignChildErrors(type, data);
  const keys = proposed[type];
  if (!keys) return validateData(type, data);
  const errors: unknown[] = [];
  if (JSON.stringify(Object.keys(data)) !== JSON.stringify(keys))
    errors.push({ keys: Object.keys(data), expected: keys });
  errors.push(...(webhookSchemaErrors('SimpleCampaign', data.campaign) ?? []));
  if (!Number.isInteger(data.count)) errors.push({ count: data.count });
  for (const k of ['completed_at', 'started_at', 'failed_at'])
    if (k in data && Number.isNaN(Date.parse(data[k]))) errors.push({ [k]: data[k] });
  if (type === 'campaign.vouchers.generation.failed' && typeof data.error?.message !== 'string')
    errors.push({ error: data.error });
  return errors.length === 0 ? null : errors;
}

/**
 * EVENTS.md §1.1's campaign-child shapes: `{campaign: SimpleCampaign, reward: Reward, reward_assignment:
 * RewardAssignment}` (api-rewards.json) and `{campaign: SimpleCampaign, referral_tier: SimpleReferralTier +
 * the engine's fields}`.
 */
function campaignChildErrors(type: string, data: any): unknown[] | null {
  const assignment = type.startsWith('campaign.reward.assignment.');
  const keys = assignment ? ['campaign', 'reward', 'reward_assignment'] : ['campaign', 'referral_tier'];
  const errors: unknown[] = [];
  if (JSON.stringify(Object.keys(data)) !== JSON.stringify(keys))
    errors.push({ keys: Object.keys(data), expected: keys });
  errors.push(...(webhookSchemaErrors('SimpleCampaign', data.campaign) ?? []));
  if (assignment) {
    errors.push(...(schemaErrors('rewards.json', 'Reward', data.reward) ?? []));
    errors.push(...(schemaErrors('rewards.json', 'RewardAssignment', data.reward_assignment) ?? []));
  } else {
    errors.push(...(webhookSchemaErrors('SimpleReferralTier', data.referral_tier) ?? []));
    const tier = data.referral_tier ?? {};
    if (tier.object !== 'referral_tier' || !['EACH_REFEREE', 'MIN_REFEREES'].includes(tier.criteria?.type))
      errors.push({ referral_tier: tier });
  }
  return errors.length === 0 ? null : errors;
}

/** Asserts that `value` conforms to the named schema of a document (extra fields allowed). */
export function expectShape(document: string, name: string, value: unknown): void {
  expect(schemaErrors(document, name, value), `response conforms to ${name}`).toBeNull();
}

/** An ISO 8601 UTC timestamp with milliseconds, as the API writes them. */
export const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
