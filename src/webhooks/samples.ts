import { type EventType, mainObjectOf } from './event-catalog.js';
import { EVENT_SAMPLES } from './event-samples.generated.js';
import { completeEventData } from './event-shapes.js';

/**
 * Sample `data` for test sends: the type's published example (generated into the source from Voucherify's
 * webhooks reference, so nothing outside the repository is read at run time), completed with every key of
 * the type's schema as a real delivery is. A type without a published example gets a small sample of our
 * own that carries its main object.
 */

/** Ids of the built-in sample's main object, with Voucherify's prefix for each kind. */
const SAMPLE_IDS: Record<string, string> = {
  redemption: 'r_sample000000000000',
  redemption_rollback: 'rr_sample00000000000',
  publication: 'pub_sample000000000000000000000',
  customer: 'cust_sample0000000000000000',
  voucher: 'v_sample0000000000000000000000000',
  campaign: 'camp_sample0000000000000000',
  promotion_tier: 'promo_sample00000000000000',
  rule: 'val_sample000000',
  assignment: 'asgm_sample000000000',
  earning_rule: 'ern_sample0000000000000000',
  loyalty_tier: 'ltr_sample00000000000',
  promotion_stack: 'stack_sample00000000000000',
  referral_tier: 'reftier_sample0000000000',
  reward_assignment: 'rewa_sample0000000000000000',
};

function builtInSample(key: string): Record<string, unknown> {
  const main =
    key === 'voucher'
      ? {
          id: SAMPLE_IDS.voucher,
          code: 'SAMPLE-CODE',
          object: 'voucher',
          type: 'DISCOUNT_VOUCHER',
          discount: { type: 'PERCENT', percent_off: 10 },
          active: true,
        }
      : { id: SAMPLE_IDS[key] ?? `${key}_sample`, object: key };
  return { sample: true, [key]: main };
}

/**
 * A test send's `data` and `entity_id`: the id of the type's main object (`data.voucher.id` for
 * `voucher.published`). A published example without that object gives way to the built-in sample.
 */
export function sampleEvent(type: EventType): { data: unknown; entityId: string } {
  const key = mainObjectOf(type);
  const ex = EVENT_SAMPLES[type] as Record<string, { id?: unknown } | null> | undefined;
  const id = ex?.[key]?.id;
  if (typeof id === 'string') return { data: completeEventData(type, ex), entityId: id };
  const data = builtInSample(key);
  return { data, entityId: (data[key] as { id: string }).id };
}
