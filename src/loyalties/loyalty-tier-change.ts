import type { CampaignRow } from '../campaigns/index.js';
import type { CustomerRow } from '../customers/index.js';
import type { Tx } from '../platform/db/transaction.js';
import type { VoucherRow } from '../vouchers/index.js';
import type { LoyaltyTierRow } from './loyalty.table.js';
import type { LoyaltyCause } from './loyalty-points.service.js';

/**
 * A member's tier change, told to whoever listens (the earning rules of `customer.loyalty.tier.*`, which this
 * context cannot import: earning-rules imports loyalties). Listeners are registered once where the contexts
 * are assembled (`onTierChanged` in `app.ts`) and run inside the transaction of the movement that changed the
 * tier, after its own events: what they write commits or rolls back with it.
 */

export interface TierChange {
  /** Who caused the movement: its events' project, request (null for background work) and source. */
  cause: LoyaltyCause;
  /** The member's card after the movement. */
  card: VoucherRow;
  /** The card's holder, as the movement read it (undefined: none, or gone). */
  holder: CustomerRow | undefined;
  campaign: CampaignRow;
  /** The tier before and after (null: none); never the same one. */
  before: LoyaltyTierRow | null;
  after: LoyaltyTierRow | null;
  /**
   * How many tier changes led to the movement: 0 for one a request or a job made, n + 1 for the points a
   * listener added for a change at depth n. Listeners bound their chains by it.
   */
  depth: number;
}

export type TierChangeListener = (tx: Tx, change: TierChange) => Promise<void>;

// One set for the process: every Vouchsafe assembled in it registers the same listeners, kept once.
const listeners = new Set<TierChangeListener>();

/** Registers a listener of tier changes (idempotent: the same function is kept once). */
export function onTierChanged(listener: TierChangeListener): void {
  listeners.add(listener);
}

/** Tells every listener of a tier change, in registration order, inside the caller's transaction. */
export async function announceTierChange(tx: Tx, change: TierChange | null): Promise<void> {
  if (!change) return;
  for (const listener of listeners) await listener(tx, change);
}
