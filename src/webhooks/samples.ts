import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EventType } from './event-catalog.js';

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

export function sampleData(type: EventType, referenceDir: string | null = null): unknown {
  const ex = loadExamples(referenceDir).get(type);
  if (ex !== undefined) return ex;
  return {
    sample: true,
    voucher: {
      id: 'v_sample0000000000000000000000000',
      code: 'SAMPLE-CODE',
      object: 'voucher',
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'PERCENT', percent_off: 10 },
      active: true,
    },
  };
}
