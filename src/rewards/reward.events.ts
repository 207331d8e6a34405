import { Type } from '@sinclair/typebox';
import {
  type CampaignRow,
  presentSimpleCampaign,
  SimpleCampaignOut,
  sampleCampaignRow,
  sampleSimpleCampaign,
} from '../campaigns/index.js';
import { presentSimpleCustomer, SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from '../customers/index.js';
import type { Tx } from '../platform/db/transaction.js';
import { FreeObject } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { presentSimpleVoucher, sampleVoucherRow } from '../vouchers/index.js';
import { declareEvent, recordEventFor, SAMPLE_TIME } from '../webhooks/index.js';
import { type Json, presentAssignment, presentReward } from './reward.presenter.js';
import type { RewardAssignmentRow, RewardRow } from './reward.table.js';

/*
 * The reward events. `campaign.reward.assignment.*` have no published schema: their `data` is the one
 * EVENTS.md §1.1 proposes, `{campaign: SimpleCampaign, reward: Reward, reward_assignment: RewardAssignment}`,
 * a delete carrying the assignment's last state. `customer.rewarded` is `EventCustomerRewardedData` of
 * webhooks.json; the keys a reward does not use are null.
 */

const Time = () => Type.String({ format: 'date-time' });
const Maybe = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/** `Reward` (`presentReward`). */
export const RewardEventOut = Type.Unsafe<Json>(
  Type.Object({
    id: Type.String(),
    name: Type.String(),
    type: Type.Union([Type.Literal('CAMPAIGN'), Type.Literal('COIN'), Type.Literal('MATERIAL')]),
    parameters: FreeObject,
    stock: Maybe(Type.Integer()),
    redeemed: Maybe(Type.Integer()),
    attributes: FreeObject,
    created_at: Time(),
    updated_at: Maybe(Time()),
    metadata: FreeObject,
    object: Type.Literal('reward'),
  }),
);

/** `RewardAssignment` (`presentAssignment`). */
export const AssignmentEventOut = Type.Unsafe<Json>(
  Type.Object({
    id: Type.String(),
    reward_id: Type.String(),
    related_object_id: Type.String(),
    related_object_type: Type.Literal('campaign'),
    parameters: Type.Optional(
      Type.Object({
        loyalty: Type.Object({ points: Type.Integer(), auto_redeem: Type.Boolean() }),
      }),
    ),
    created_at: Time(),
    updated_at: Maybe(Time()),
    object: Type.Literal('reward_assignment'),
  }),
);

const AssignmentData = () =>
  Type.Object({ campaign: SimpleCampaignOut, reward: RewardEventOut, reward_assignment: AssignmentEventOut });

export const sampleRewardRow = (): RewardRow => ({
  id: 'rew_sample000000000000000000',
  project_id: 'proj_sample',
  name: 'Sample reward: 10% off',
  type: 'CAMPAIGN',
  parameters: JSON.stringify({ campaign: { id: sampleCampaignRow().id, type: 'DISCOUNT_COUPONS' } }),
  stock: 100,
  redeemed: 0,
  attributes: '{}',
  metadata: '{}',
  created_at: SAMPLE_TIME,
  updated_at: null,
});

const sampleAssignmentRow = (): RewardAssignmentRow => ({
  id: 'rewa_sample00000000000000000',
  project_id: 'proj_sample',
  reward_id: sampleRewardRow().id,
  campaign_id: 'camp_sampleloyalty00000000000',
  points: 100,
  auto_redeem: 0,
  created_at: SAMPLE_TIME,
  updated_at: null,
});

const sampleLoyaltyCampaign = () =>
  presentSimpleCampaign({
    ...sampleCampaignRow(),
    id: sampleAssignmentRow().campaign_id,
    name: 'Sample loyalty program',
    campaign_type: 'LOYALTY_PROGRAM',
    voucher: JSON.stringify({
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      redemption: { quantity: null },
      code_config: { pattern: 'LOYAL-########', length: 8, charset: '0123456789', prefix: '', postfix: '' },
      is_referral_code: false,
    }),
  });

const assignmentSample =
  (patch: Partial<RewardAssignmentRow> = {}) =>
  () => {
    const row = { ...sampleAssignmentRow(), ...patch };
    return {
      data: {
        campaign: sampleLoyaltyCampaign(),
        reward: presentReward(sampleRewardRow()),
        reward_assignment: presentAssignment(row),
      },
      entityId: row.id,
    };
  };

export const RewardAssignmentCreated = declareEvent(
  'campaign.reward.assignment.created',
  AssignmentData,
  assignmentSample(),
);
export const RewardAssignmentUpdated = declareEvent(
  'campaign.reward.assignment.updated',
  AssignmentData,
  assignmentSample({ points: 150, updated_at: SAMPLE_TIME + 60_000 }),
);
export const RewardAssignmentDeleted = declareEvent(
  'campaign.reward.assignment.deleted',
  AssignmentData,
  assignmentSample(),
);

const Obj = () => Maybe(FreeObject);

/** `EventCustomerRewardedData`: who was rewarded, with what, and why (a purchase, or a referral tier). */
export const CustomerRewarded = declareEvent(
  'customer.rewarded',
  () =>
    Type.Object({
      customer: SimpleCustomerOut,
      holder: Maybe(SimpleCustomerOut),
      voucher: Obj(),
      campaign: Maybe(SimpleCampaignOut),
      redemption: Obj(),
      reward: FreeObject,
      referral_tier: Obj(),
      balance: Obj(),
      custom_event: Obj(),
      customer_event: Obj(),
    }),
  () => {
    const customer = presentSimpleCustomer(SAMPLE_CUSTOMER_ROW);
    const reward = presentReward(sampleRewardRow());
    return {
      data: {
        customer,
        holder: customer,
        voucher: presentSimpleVoucher(sampleVoucherRow(), sampleCampaignRow().name),
        campaign: sampleSimpleCampaign(),
        redemption: null,
        reward: {
          customer,
          assignment_id: sampleAssignmentRow().id,
          voucher: presentSimpleVoucher(sampleVoucherRow(), sampleCampaignRow().name),
          ...reward,
        },
        referral_tier: null,
        balance: null,
        custom_event: null,
        customer_event: null,
      },
      entityId: SAMPLE_CUSTOMER_ROW.id,
    };
  },
);

/** Every event type the rewards context fires. */
export const REWARD_EVENTS = [
  RewardAssignmentCreated,
  RewardAssignmentUpdated,
  RewardAssignmentDeleted,
  CustomerRewarded,
] as const;

/** Records one of the three assignment events, for the assignment's campaign and reward. */
export async function recordAssignmentEvent(
  tx: Tx,
  caller: Caller,
  event: typeof RewardAssignmentCreated,
  parts: { campaign: CampaignRow; reward: RewardRow; assignment: RewardAssignmentRow },
): Promise<void> {
  await recordEventFor(tx, caller, event, parts.assignment.id, {
    campaign: presentSimpleCampaign(parts.campaign),
    reward: presentReward(parts.reward),
    reward_assignment: presentAssignment(parts.assignment),
  });
}

/** What `customer.rewarded` says; the keys not given are null. */
export interface RewardedData {
  customer: Json;
  reward: Json;
  holder?: Json | null;
  voucher?: Json | null;
  campaign?: Json | null;
  redemption?: Json | null;
  referral_tier?: Json | null;
  balance?: Json | null;
  custom_event?: Json | null;
}

/** Records `customer.rewarded` for the customer (its entity). */
export async function recordCustomerRewarded(tx: Tx, caller: Caller, d: RewardedData): Promise<void> {
  await recordEventFor(tx, caller, CustomerRewarded, String(d.customer.id), {
    customer: d.customer,
    holder: d.holder ?? null,
    voucher: d.voucher ?? null,
    campaign: d.campaign ?? null,
    redemption: d.redemption ?? null,
    reward: d.reward,
    referral_tier: d.referral_tier ?? null,
    balance: d.balance ?? null,
    custom_event: d.custom_event ?? null,
    customer_event: null,
  });
}
