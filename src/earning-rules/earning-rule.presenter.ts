import { iso, isoOrNull } from '../platform/clock.js';
import { eventKind } from './earning-rule.loyalty.js';
import type { EarningRuleRow } from './earning-rule.table.js';

/*
 * Wire rule: the EarningRule of `api-loyalties.json`, keys in the order of its examples. A custom-event rule
 * shows `event: "custom_event"` and `custom_event {schema_id, name}` (the event's name), as webhooks.json's
 * EarningRule enumerates events. `segment`, `loyalty_tier`, `pending_points`, the validity windows and `expiration_rules` appear only when
 * set; `validation_rule_id` and `updated_at` are always there (null when unset), as the schema requires.
 */

export type EarningRuleJson = Record<string, unknown>;

const parsed = (v: string | null) => (v === null ? undefined : (JSON.parse(v) as unknown));

export function presentEarningRule(row: EarningRuleRow): EarningRuleJson {
  const out: EarningRuleJson = {
    id: row.id,
    created_at: iso(row.created_at),
    updated_at: isoOrNull(row.updated_at),
    validation_rule_id: row.validation_rule_id,
    loyalty: JSON.parse(row.loyalty),
    event: row.event,
  };
  if (eventKind(row.event) === 'custom') {
    // Voucherify's rule objects name a custom event `custom_event`, the event itself under `custom_event`.
    const given = parsed(row.custom_event) as { schema_id?: string } | undefined;
    out.event = 'custom_event';
    out.custom_event = { schema_id: given?.schema_id ?? row.event, name: row.event };
  }
  for (const k of ['segment', 'loyalty_tier', 'pending_points'] as const) {
    const v = parsed(row[k]);
    if (v !== undefined) out[k] = v;
  }
  const source: Record<string, unknown> = {};
  if (row.source_banner !== null) source.banner = row.source_banner;
  out.source = { ...source, object_id: row.campaign_id, object_type: 'campaign' };
  out.active = row.active === 1;
  if (row.start_date !== null) out.start_date = iso(row.start_date);
  if (row.expiration_date !== null) out.expiration_date = iso(row.expiration_date);
  for (const k of [
    'validity_timeframe',
    'validity_day_of_week',
    'validity_hours',
    'expiration_rules',
  ] as const) {
    const v = parsed(row[k]);
    if (v !== undefined) out[k] = v;
  }
  out.object = 'earning_rule';
  out.automation_id = row.automation_id;
  out.metadata = JSON.parse(row.metadata);
  return out;
}

/**
 * `SimpleEarningRule`: the rule as transactions' events carry it (`voucher.loyalty_card.transaction.created`),
 * its tier by id.
 */
export function presentSimpleEarningRule(row: EarningRuleRow): EarningRuleJson {
  const full = presentEarningRule(row);
  const out: EarningRuleJson = {
    id: row.id,
    campaign_id: row.campaign_id,
    validation_rule_id: row.validation_rule_id,
    automation_id: row.automation_id,
    active: row.active === 1,
    source: full.source,
    loyalty: full.loyalty,
    event: full.event,
  };
  if (full.segment !== undefined) out.segment = full.segment;
  const tier = parsed(row.loyalty_tier) as { id: string } | undefined;
  if (tier) out.loyalty_tier = tier.id;
  if (full.custom_event !== undefined) out.custom_event = full.custom_event;
  out.metadata = full.metadata;
  return out;
}
