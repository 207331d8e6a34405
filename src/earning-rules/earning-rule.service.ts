import {
  type CampaignRow,
  lockLiveCampaign,
  presentSimpleCampaign,
  readLiveCampaign,
} from '../campaigns/index.js';
import type { AppContext } from '../platform/context.js';
import { type Tx, transact } from '../platform/db/transaction.js';
import { invalidPayload, notFound } from '../platform/errors.js';
import { newId, randomBase62 } from '../platform/ids.js';
import { type Caller, lockProject } from '../projects/index.js';
import { findEngineRule } from '../validation-rules/index.js';
import { checkDateOrder, checkValidity, jsonOrNull, parseDate } from '../vouchers/index.js';
import { type EventDeclaration, recordEventFor } from '../webhooks/index.js';
import {
  EARNING_RULES_PER_PROJECT,
  earningRuleNotFound,
  fieldNeeded,
  notALoyaltyCampaign,
  pendingPointsOnlyForOrders,
  tooManyEarningRules,
} from './earning-rule.errors.js';
import {
  EarningRuleAssigned,
  EarningRuleDeleted,
  EarningRuleDisabled,
  EarningRuleEnabled,
  EarningRuleUpdated,
} from './earning-rule.events.js';
import { eventKind, normaliseLoyalty, TIER_EVENTS } from './earning-rule.loyalty.js';
import { presentEarningRule } from './earning-rule.presenter.js';
import * as repo from './earning-rule.repository.js';
import type {
  EarningRuleCreateItemIn,
  EarningRuleListQuery,
  EarningRuleUpdateIn,
} from './earning-rule.schemas.js';
import type { EarningRuleRow } from './earning-rule.table.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** The campaign of the path: live, and a loyalty program (400 naming `campaignId` otherwise). */
async function loyaltyCampaign(tx: Tx, projectId: string, idOrName: string): Promise<CampaignRow> {
  const c = await lockLiveCampaign(tx, projectId, idOrName);
  if (c.campaign_type !== 'LOYALTY_PROGRAM') throw notALoyaltyCampaign(c.id, c.campaign_type);
  return c;
}

type RuleInput = EarningRuleCreateItemIn | EarningRuleUpdateIn;

/** The stored columns the input sets, each checked, for a rule on `event`; `at` prefixes field names. */
async function columnsOf(
  tx: Tx,
  projectId: string,
  event: string,
  input: RuleInput,
  at: string,
): Promise<Partial<EarningRuleRow>> {
  const out: Partial<EarningRuleRow> = {};
  const kind = eventKind(event);
  if (input.loyalty !== undefined)
    out.loyalty = JSON.stringify(normaliseLoyalty(input.loyalty, kind, `${at}loyalty`));
  if (input.validation_rule_id !== undefined) {
    const id = input.validation_rule_id;
    if (id !== null && !(await findEngineRule(tx.db, projectId, id))) throw notFound('validation_rules', id);
    out.validation_rule_id = id;
  }
  if (input.pending_points != null && kind !== 'order')
    throw pendingPointsOnlyForOrders(`${at}pending_points`);
  if (input.pending_points !== undefined) out.pending_points = jsonOrNull(input.pending_points);
  if (input.custom_event !== undefined) out.custom_event = jsonOrNull(input.custom_event);
  if (input.segment !== undefined) out.segment = jsonOrNull(input.segment);
  if (input.loyalty_tier !== undefined) out.loyalty_tier = jsonOrNull(input.loyalty_tier);
  if (input.source !== undefined) out.source_banner = input.source.banner ?? null;
  if (input.active !== undefined) out.active = input.active ? 1 : 0;
  const start = parseDate(input.start_date, `${at}start_date`);
  const end = parseDate(input.expiration_date, `${at}expiration_date`);
  if (start !== undefined) out.start_date = start;
  if (end !== undefined) out.expiration_date = end;
  if (input.validity_timeframe !== undefined) out.validity_timeframe = jsonOrNull(input.validity_timeframe);
  if (input.validity_day_of_week !== undefined)
    out.validity_day_of_week = jsonOrNull(input.validity_day_of_week);
  if (input.validity_hours !== undefined) out.validity_hours = jsonOrNull(input.validity_hours);
  if (input.expiration_rules !== undefined) out.expiration_rules = jsonOrNull(input.expiration_rules);
  if (input.metadata !== undefined) out.metadata = JSON.stringify(input.metadata);
  return out;
}

/**
 * The name of the event a new rule listens to. A custom event is named by `event` itself, or, as Voucherify's
 * rule objects write it, by `event: "custom_event"` with the name in `custom_event.schema_id` (no event
 * schemas are kept here, so the schema is known by the event's name).
 */
function eventName(item: EarningRuleCreateItemIn, at: string): string {
  if (item.event !== 'custom_event') return item.event;
  const name = item.custom_event?.schema_id;
  if (!name) throw fieldNeeded(`${at}custom_event.schema_id`, 'custom_event');
  return name;
}

/** What must hold of a rule as a whole once written: the event's own object, dates in order, windows. */
function checkRule(row: EarningRuleRow, at: string): void {
  if (row.event === 'customer.segment.entered' && row.segment === null)
    throw fieldNeeded(`${at}segment`, row.event);
  if (TIER_EVENTS.includes(row.event) && row.loyalty_tier === null)
    throw fieldNeeded(`${at}loyalty_tier`, row.event);
  if (eventKind(row.event) === 'custom' && row.event.startsWith('customer.loyalty.tier.'))
    throw invalidPayload(`${at}event must be one of ${TIER_EVENTS.join(', ')} for a tier change`);
  checkDateOrder(row.start_date, row.expiration_date);
  checkValidity(
    {
      validity_timeframe: JSON.parse(row.validity_timeframe ?? 'null'),
      validity_day_of_week: JSON.parse(row.validity_day_of_week ?? 'null'),
      validity_hours: JSON.parse(row.validity_hours ?? 'null'),
    },
    row.start_date,
  );
}

async function recordRuleEvent(
  tx: Tx,
  caller: Caller,
  event: EventDeclaration,
  campaign: CampaignRow,
  row: EarningRuleRow,
): Promise<void> {
  await recordEventFor(tx, caller, event, row.id, {
    campaign: presentSimpleCampaign(campaign),
    earning_rule: presentEarningRule(row),
  });
}

/**
 * `POST /v1/loyalties/{campaignId}/earning-rules`: every rule of the array is checked before any is
 * written, then each is stored and records `campaign.earning_rule.assigned`, in one transaction. A project
 * holds at most 100 rules, counted under the lock of the project's row (creates on any campaign queue).
 */
export async function createEarningRules(
  ctx: Ctx,
  caller: Caller,
  campaignIdOrName: string,
  input: readonly EarningRuleCreateItemIn[],
): Promise<EarningRuleRow[]> {
  return transact(ctx, async (tx) => {
    const campaign = await loyaltyCampaign(tx, caller.projectId, campaignIdOrName);
    // The limit is the project's: its row is locked, so creates on two campaigns count one after the other.
    await lockProject(tx, caller.projectId);
    const existing = await repo.countProjectEarningRules(tx.db, caller.projectId);
    if (existing + input.length > EARNING_RULES_PER_PROJECT)
      throw tooManyEarningRules(existing, input.length);
    const rows: EarningRuleRow[] = [];
    for (const [i, item] of input.entries()) {
      const at = `[${i}].`;
      const event = eventName(item, at);
      const row: EarningRuleRow = {
        id: newId('earningRule'),
        project_id: caller.projectId,
        campaign_id: campaign.id,
        event,
        loyalty: '',
        custom_event: null,
        segment: null,
        loyalty_tier: null,
        pending_points: null,
        source_banner: null,
        validation_rule_id: null,
        active: 1,
        start_date: null,
        expiration_date: null,
        validity_timeframe: null,
        validity_day_of_week: null,
        validity_hours: null,
        expiration_rules: null,
        metadata: '{}',
        automation_id: `auto_${randomBase62(24)}`,
        created_at: tx.now,
        updated_at: null,
        ...(await columnsOf(tx, caller.projectId, event, item, at)),
      };
      checkRule(row, at);
      rows.push(row);
    }
    await repo.insertEarningRules(tx.db, rows);
    for (const row of rows) await recordRuleEvent(tx, caller, EarningRuleAssigned, campaign, row);
    return rows;
  });
}

/** A rule of the campaign, or 404. */
async function existingRule(
  tx: Tx,
  projectId: string,
  campaignId: string,
  id: string,
): Promise<EarningRuleRow> {
  const found = await repo.findEarningRule(tx.db, projectId, campaignId, id);
  const row = found && (await repo.lockEarningRule(tx, projectId, found.id));
  if (!row) throw earningRuleNotFound(id);
  return row;
}

export async function getEarningRule(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  campaignIdOrName: string,
  id: string,
) {
  const campaign = await readLiveCampaign(ctx.db.kysely, projectId, campaignIdOrName);
  const row = await repo.findEarningRule(ctx.db.kysely, projectId, campaign.id, id);
  if (!row) throw earningRuleNotFound(id);
  return row;
}

/** `GET /v1/loyalties/{campaignId}/earning-rules`: newest first unless `order` says otherwise. */
export async function listEarningRules(
  ctx: Pick<Ctx, 'db'>,
  projectId: string,
  campaignIdOrName: string,
  q: EarningRuleListQuery,
) {
  const db = ctx.db.kysely;
  const campaign = await readLiveCampaign(db, projectId, campaignIdOrName);
  const total = await repo.countEarningRules(db, projectId, campaign.id);
  const order = (q.order ?? '-created_at') as repo.EarningRuleOrder;
  const rows = await repo.selectEarningRules(
    db,
    projectId,
    campaign.id,
    order,
    q.limit,
    (q.page - 1) * q.limit,
  );
  return { rows, total };
}

/** `PUT …/earning-rules/{id}`: the given fields replace the stored ones; records `campaign.earning_rule.updated`. */
export async function updateEarningRule(
  ctx: Ctx,
  caller: Caller,
  campaignIdOrName: string,
  id: string,
  input: EarningRuleUpdateIn,
): Promise<EarningRuleRow> {
  return transact(ctx, async (tx) => {
    const campaign = await loyaltyCampaign(tx, caller.projectId, campaignIdOrName);
    const row = await existingRule(tx, caller.projectId, campaign.id, id);
    const patch = { ...(await columnsOf(tx, caller.projectId, row.event, input, '')), updated_at: tx.now };
    const next = { ...row, ...patch };
    checkRule(next, '');
    await repo.updateEarningRuleRow(tx.db, row.id, patch);
    await recordRuleEvent(tx, caller, EarningRuleUpdated, campaign, next);
    return next;
  });
}

/** `POST …/enable` and `…/disable`: records `enabled` or `disabled`, also when the rule was already so. */
export async function setEarningRuleActive(
  ctx: Ctx,
  caller: Caller,
  campaignIdOrName: string,
  id: string,
  active: boolean,
): Promise<EarningRuleRow> {
  return transact(ctx, async (tx) => {
    const campaign = await loyaltyCampaign(tx, caller.projectId, campaignIdOrName);
    const row = await existingRule(tx, caller.projectId, campaign.id, id);
    const patch = { active: active ? 1 : 0, updated_at: tx.now };
    await repo.updateEarningRuleRow(tx.db, row.id, patch);
    const next = { ...row, ...patch };
    await recordRuleEvent(tx, caller, active ? EarningRuleEnabled : EarningRuleDisabled, campaign, next);
    return next;
  });
}

/** `DELETE …/earning-rules/{id}`: records `campaign.earning_rule.deleted` with the rule as it was. */
export async function deleteEarningRule(
  ctx: Ctx,
  caller: Caller,
  campaignIdOrName: string,
  id: string,
): Promise<void> {
  await transact(ctx, async (tx) => {
    const campaign = await loyaltyCampaign(tx, caller.projectId, campaignIdOrName);
    const row = await existingRule(tx, caller.projectId, campaign.id, id);
    await repo.deleteEarningRuleRow(tx.db, row.id);
    await recordRuleEvent(tx, caller, EarningRuleDeleted, campaign, row);
  });
}
