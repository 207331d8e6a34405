import type { Transaction } from 'kysely';
import type { AppContext } from '../context.js';
import type { Doorbell } from '../doorbell.js';
import { type DbProfile, isRetryableConflict } from './connect.js';
import type { Database } from './database.js';

/** A unit of work: the Kysely transaction, its start time, and hooks that run once it commits. */
export interface Tx {
  readonly db: Transaction<Database>;
  readonly profile: DbProfile;
  /** The time of the unit of work, from the injected clock. */
  readonly now: number;
  afterCommit(fn: () => void): void;
  /** Asks for the outbox dispatcher to be woken once this commits. */
  wakeOutbox(): void;
}

/**
 * Runs `fn` in one transaction. Either all it wrote commits, or none of it does. A transaction the database
 * refused as a conflict (a deadlock, a stale SQLite snapshot) wrote nothing, and runs again from the start.
 */
export async function transact<T>(
  ctx: Pick<AppContext, 'db' | 'clock'> & { outboxBell?: Doorbell },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  return retryingConflicts(() => transactOnce(ctx, fn));
}

/**
 * Runs `fn` again (up to 10 times, a little later each time) while the database refuses it as a conflict that
 * wrote nothing: a transaction, or one statement that is atomic by itself.
 */
export async function retryingConflicts<T>(fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (!isRetryableConflict(e) || attempt >= 10) throw e;
      await new Promise((r) => setTimeout(r, attempt * 5));
    }
  }
}

async function transactOnce<T>(
  ctx: Pick<AppContext, 'db' | 'clock'> & { outboxBell?: Doorbell },
  fn: (tx: Tx) => Promise<T>,
): Promise<T> {
  const hooks: (() => void)[] = [];
  let wake = false;
  const result = await ctx.db.kysely.transaction().execute((trx) =>
    fn({
      db: trx,
      profile: ctx.db.profile,
      now: ctx.clock.now(),
      afterCommit: (h) => void hooks.push(h),
      wakeOutbox: () => {
        wake = true;
      },
    }),
  );
  for (const h of hooks) h();
  if (wake) ctx.outboxBell?.ring();
  return result;
}
