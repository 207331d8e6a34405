import { ensureCustomer } from '../customers/index.js';
import type { AppContext } from '../platform/context.js';
import { isUniqueViolation } from '../platform/db/connect.js';
import { transact } from '../platform/db/transaction.js';
import { METADATA_MAX_BYTES } from '../platform/schemas.js';
import type { Caller } from '../projects/index.js';
import { invalidPayload } from '../platform/errors.js';
import { convertByEvent } from '../referrals/index.js';
import { accrueForEvent } from './accrual.service.js';
import type { CustomEventIn } from './custom-event.schemas.js';

type Ctx = Pick<AppContext, 'db' | 'clock' | 'outboxBell'>;

/** Runs the unit of work again once when it lost a race on a new customer's source_id. */
async function retryOnUniqueViolation<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!isUniqueViolation(e)) throw e;
    return work();
  }
}

/**
 * `POST /v1/events` and `POST /client/v1/events`: a custom event of a customer (found, or created with
 * `customer.created`). The earning rules listening to the event's name reward the customer's loyalty cards
 * in the same transaction; `loyalty.code` names the one card that earns. Answers the event as Voucherify
 * does, with the customer and null `referral` and `loyalty`.
 */
export async function trackCustomEvent(ctx: Ctx, caller: Caller, input: CustomEventIn) {
  const metadata = input.metadata ?? {};
  if (Buffer.byteLength(JSON.stringify(metadata), 'utf8') > METADATA_MAX_BYTES)
    throw invalidPayload(`metadata is larger than ${METADATA_MAX_BYTES} bytes`);
  const customer = await retryOnUniqueViolation(() =>
    transact(ctx, async (tx) => {
      const row = await ensureCustomer(tx, caller, input.customer);
      await accrueForEvent(tx, caller, {
        event: input.event,
        customer: row,
        eventMetadata: metadata,
        loyaltyCode: input.loyalty?.code ?? null,
      });
      // A referral program converting by this event counts the customer as its code's referee.
      if (input.referral?.code)
        await convertByEvent(tx, caller, {
          code: input.referral.code,
          event: input.event,
          customer: row,
          metadata,
          loyaltyCode: input.loyalty?.code ?? null,
        });
      return row;
    }),
  );
  return {
    object: 'event',
    type: input.event,
    customer: {
      id: customer.id,
      ...(customer.source_id !== null ? { source_id: customer.source_id } : {}),
      object: 'customer',
    },
    referral: null,
    loyalty: null,
    metadata,
  };
}
