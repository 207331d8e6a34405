import { type TSchema, Type } from '@sinclair/typebox';
import { SimpleCampaignOut, sampleCampaignRow } from '../campaigns/index.js';
import { SAMPLE_CUSTOMER_ROW, SimpleCustomerOut } from '../customers/index.js';
import { SimpleOrderOut } from '../orders/index.js';
import { FreeObject } from '../platform/schemas.js';
import { SimpleStackOut, SimpleTierOut } from '../promotions/index.js';
import { SimpleVoucherOut, sampleVoucherRow } from '../vouchers/index.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import { redemptionEventData } from './redemption.presenter.js';

/**
 * The `redemption.*` events: `EventCustomerRedemption` (webhooks.json); a promotion tier's redemption fills
 * `promotion_tier`, and `promotion_stack` when the tier came with a stack.
 */

const orNull = (s: TSchema) => Type.Union([s, Type.Null()]);

/** `SimpleRedemption`: the redemption (or the rolled-back one) as the event carries it. */
const SimpleRedemptionOut = Type.Object({
  id: Type.String(),
  object: Type.Literal('redemption'),
  date: Type.String({ format: 'date-time' }),
  customer_id: Type.Union([Type.String(), Type.Null()]),
  tracking_id: Type.Union([Type.String(), Type.Null()]),
  metadata: FreeObject,
  amount: Type.Integer(),
  result: Type.Union([Type.Literal('SUCCESS'), Type.Literal('FAILURE')]),
  status: Type.Union([Type.Literal('SUCCEEDED'), Type.Literal('FAILED'), Type.Literal('ROLLED_BACK')]),
});

/** The rollback: a redemption_rollback with the same keys. */
const SimpleRollbackOut = Type.Object({
  ...SimpleRedemptionOut.properties,
  object: Type.Literal('redemption_rollback'),
  status: Type.Union([Type.Literal('SUCCEEDED'), Type.Literal('FAILED')]),
});

const dataSchema = (rollback: boolean) => () =>
  Type.Unsafe<Record<string, unknown>>(
    Type.Object({
      customer: orNull(SimpleCustomerOut),
      order: orNull(SimpleOrderOut),
      campaign: orNull(SimpleCampaignOut),
      voucher: orNull(SimpleVoucherOut),
      holder: orNull(SimpleCustomerOut),
      promotion_tier: orNull(SimpleTierOut),
      promotion_stack: orNull(SimpleStackOut),
      redemption: SimpleRedemptionOut,
      ...(rollback
        ? { redemption_rollback: SimpleRollbackOut }
        : { created_at: Type.String({ format: 'date-time' }) }),
    }),
  );

function sample(id: string, result: 'SUCCESS' | 'FAILURE', rollback?: { id: string; result: string }) {
  const redemption = {
    id,
    object: 'redemption',
    date: new Date(SAMPLE_TIME).toISOString(),
    customer_id: SAMPLE_CUSTOMER_ROW.id,
    tracking_id: SAMPLE_CUSTOMER_ROW.source_id,
    metadata: {},
    amount: 0,
    result,
    status: result === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED',
  };
  const data = redemptionEventData({
    customer: SAMPLE_CUSTOMER_ROW,
    order: null,
    campaign: sampleCampaignRow(),
    voucher: sampleVoucherRow(),
    holder: null,
    redemption,
    ...(rollback
      ? {
          rollback: {
            ...redemption,
            ...rollback,
            object: 'redemption_rollback',
            status: rollback.result === 'SUCCESS' ? 'SUCCEEDED' : 'FAILED',
          },
        }
      : { now: SAMPLE_TIME }),
  });
  return { data, entityId: rollback?.id ?? id };
}

export const RedemptionSucceeded = declareEvent('redemption.succeeded', dataSchema(false), () =>
  sample('r_sample00000000000000000000', 'SUCCESS'),
);
export const RedemptionFailed = declareEvent('redemption.failed', dataSchema(false), () =>
  sample('rf_sample0000000000000000000', 'FAILURE'),
);
export const RedemptionRollbackSucceeded = declareEvent(
  'redemption.rollback.succeeded',
  dataSchema(true),
  () =>
    sample('r_sample00000000000000000000', 'SUCCESS', {
      id: 'rr_sample0000000000000000000',
      result: 'SUCCESS',
    }),
);
export const RedemptionRollbackFailed = declareEvent('redemption.rollback.failed', dataSchema(true), () =>
  sample('r_sample00000000000000000000', 'SUCCESS', {
    id: 'rrf_sample000000000000000000',
    result: 'FAILURE',
  }),
);

/** Every event this context fires. */
export const REDEMPTION_EVENTS = [
  RedemptionSucceeded,
  RedemptionFailed,
  RedemptionRollbackSucceeded,
  RedemptionRollbackFailed,
];
