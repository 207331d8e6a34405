import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type EventType, mainObjectOf } from './event-catalog.js';

/**
 * Sample `data` for test sends. When Voucherify's webhooks reference (`webhooks.json`) is found — through
 * VOUCHSAFE_REFERENCE_DIR as passed in, or beside the checkout in `../shared/reference/voucherify` — the
 * type's published example is used. Otherwise a small sample of our own stands in.
 */

const here = dirname(fileURLToPath(import.meta.url));
let examples: Map<string, unknown> | null = null;

function loadExamples(referenceDir: string | null): Map<string, unknown> {
  if (examples) return examples;
  examples = new Map();
  const candidates = [
    referenceDir,
    resolve(here, '../../../shared/reference/voucherify'),
    resolve(process.cwd(), '../shared/reference/voucherify'),
  ].filter((p): p is string => !!p);
  const file = candidates.map((d) => join(d, 'webhooks.json')).find((f) => existsSync(f));
  if (!file) return examples;
  try {
    const doc = JSON.parse(readFileSync(file, 'utf8')) as {
      webhooks: Record<
        string,
        {
          post?: {
            requestBody?: { content?: Record<string, { examples?: Record<string, { value: unknown }> }> };
          };
        }
      >;
    };
    for (const entry of Object.values(doc.webhooks)) {
      const ex = entry.post?.requestBody?.content?.['application/json']?.examples ?? {};
      for (const [name, { value }] of Object.entries(ex)) if (!examples.has(name)) examples.set(name, value);
    }
  } catch {
    // An unreadable reference leaves the built-in sample in use.
  }
  return examples;
}

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
export function sampleEvent(
  type: EventType,
  referenceDir: string | null = null,
): { data: unknown; entityId: string } {
  const key = mainObjectOf(type);
  const ex = loadExamples(referenceDir).get(type) as Record<string, { id?: unknown } | null> | undefined;
  const id = ex?.[key]?.id;
  if (typeof id === 'string') return { data: ex, entityId: id };
  const data = builtInSample(key);
  return { data, entityId: (data[key] as { id: string }).id };
}
