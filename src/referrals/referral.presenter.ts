import type { CampaignRow } from '../campaigns/index.js';
import { iso } from '../platform/clock.js';
import type { ReferralTierRow } from './referral.table.js';

/*
 * The referral tier as Vouchsafe answers it and its events carry it (EVENTS.md §1.1): `SimpleReferralTier`'s
 * keys (`id`, `campaign_id`, `banner`, `parameters` with the campaign's conversion event), then the engine's
 * `criteria` and `rewards`.
 */

export type Json = Record<string, unknown>;

/** The conversion the campaign counts (`referral_program.conversion_event_type`) and its custom event. */
function conversionOf(campaign: Pick<CampaignRow, 'referral_program'>) {
  const rp = campaign.referral_program ? (JSON.parse(campaign.referral_program) as Json) : {};
  const custom = rp.custom_event as { id?: string } | undefined;
  return {
    event_type: (rp.conversion_event_type as string | undefined) ?? 'redemption',
    custom_event: custom?.id ? { id: custom.id } : null,
  };
}

/** `SimpleReferralTier`, as `customer.rewarded` carries it. */
export function presentSimpleTier(
  row: ReferralTierRow,
  campaign: Pick<CampaignRow, 'referral_program'>,
): Json {
  const c = conversionOf(campaign);
  return {
    id: row.id,
    campaign_id: row.campaign_id,
    banner: row.banner,
    parameters: {
      event_type: c.event_type,
      segment: row.segment_id ? { id: row.segment_id } : null,
      custom_event: c.custom_event,
      distribution: null,
    },
  };
}

/** The referral tier object. */
export function presentTier(row: ReferralTierRow, campaign: Pick<CampaignRow, 'referral_program'>): Json {
  return {
    ...presentSimpleTier(row, campaign),
    criteria: {
      type: row.criteria_type,
      min_referees: row.criteria_type === 'MIN_REFEREES' ? row.min_referees : null,
    },
    rewards: JSON.parse(row.rewards),
    metadata: JSON.parse(row.metadata),
    created_at: iso(row.created_at),
    updated_at: row.updated_at === null ? null : iso(row.updated_at),
    object: 'referral_tier',
  };
}
