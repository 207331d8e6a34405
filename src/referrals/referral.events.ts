import { Type } from '@sinclair/typebox';
import {
  type CampaignRow,
  presentSimpleCampaign,
  SimpleCampaignOut,
  sampleCampaignRow,
} from '../campaigns/index.js';
import type { Tx } from '../platform/db/transaction.js';
import { FreeObject } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { declareEvent, recordEventFor, SAMPLE_TIME } from '../webhooks/index.js';
import { type Json, presentTier } from './referral.presenter.js';
import type { ReferralTierRow } from './referral.table.js';

/*
 * `campaign.referral_tier.created / updated / deleted`: no published schema, so the `data` EVENTS.md §1.1
 * proposes, `{campaign: SimpleCampaign, referral_tier: ReferralTier}`; a delete carries the tier's last state.
 */

const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Time = () => Type.String({ format: 'date-time' });

export const TierEventOut = Type.Unsafe<Json>(
  Type.Object({
    id: Type.String(),
    campaign_id: Type.String(),
    banner: Maybe(Type.String()),
    parameters: Type.Object({
      event_type: Type.String(),
      segment: Maybe(Type.Object({ id: Type.String() })),
      custom_event: Maybe(Type.Object({ id: Type.String() })),
      distribution: Type.Null(),
    }),
    criteria: Type.Object({
      type: Type.Union([Type.Literal('EACH_REFEREE'), Type.Literal('MIN_REFEREES')]),
      min_referees: Maybe(Type.Integer()),
    }),
    rewards: Type.Array(Type.Object({ id: Type.String() })),
    metadata: FreeObject,
    created_at: Time(),
    updated_at: Maybe(Time()),
    object: Type.Literal('referral_tier'),
  }),
);

const sampleReferralCampaign = (): CampaignRow => ({
  ...sampleCampaignRow(),
  id: 'camp_samplereferral000000000',
  name: 'Sample referral program',
  campaign_type: 'REFERRAL_PROGRAM',
  referral_program: JSON.stringify({ conversion_event_type: 'redemption' }),
});

const sampleTierRow = (patch: Partial<ReferralTierRow> = {}): ReferralTierRow => ({
  id: 'reft_sample00000000000000000',
  project_id: 'proj_sample',
  campaign_id: sampleReferralCampaign().id,
  banner: 'Bring two friends, get 10% off',
  segment_id: null,
  criteria_type: 'MIN_REFEREES',
  min_referees: 2,
  rewards: JSON.stringify([{ id: 'rew_sample000000000000000000' }]),
  metadata: '{}',
  created_at: SAMPLE_TIME,
  updated_at: null,
  ...patch,
});

const TierData = () => Type.Object({ campaign: SimpleCampaignOut, referral_tier: TierEventOut });

const tierSample =
  (patch: Partial<ReferralTierRow> = {}) =>
  () => {
    const row = sampleTierRow(patch);
    const campaign = sampleReferralCampaign();
    return {
      data: { campaign: presentSimpleCampaign(campaign), referral_tier: presentTier(row, campaign) },
      entityId: row.id,
    };
  };

export const ReferralTierCreated = declareEvent('campaign.referral_tier.created', TierData, tierSample());
export const ReferralTierUpdated = declareEvent(
  'campaign.referral_tier.updated',
  TierData,
  tierSample({ min_referees: 3, updated_at: SAMPLE_TIME + 60_000 }),
);
export const ReferralTierDeleted = declareEvent('campaign.referral_tier.deleted', TierData, tierSample());

/** Every event type the referrals context fires. */
export const REFERRAL_EVENTS = [ReferralTierCreated, ReferralTierUpdated, ReferralTierDeleted] as const;

/** Records one of the three tier events. */
export async function recordTierEvent(
  tx: Tx,
  caller: Caller,
  event: typeof ReferralTierCreated,
  campaign: CampaignRow,
  tier: ReferralTierRow,
): Promise<void> {
  await recordEventFor(tx, caller, event, tier.id, {
    campaign: presentSimpleCampaign(campaign),
    referral_tier: presentTier(tier, campaign),
  });
}
