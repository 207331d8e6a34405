import type { AsyncActionRow } from '../async-actions/index.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/transaction.js';
import type { EventSource } from '../webhooks/index.js';

/** What a job step needs: the app's context and the worker's lease. */
export type JobCtx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'log'>;

/**
 * One step of a job, run in one transaction after the lease was renewed. It does a bounded piece of work,
 * stores its progress in the action's row in the same transaction, and says whether more steps follow. A
 * crash between steps loses only the step in flight, which rolls back whole.
 */
export type JobStep = (ctx: JobCtx, tx: Tx, action: AsyncActionRow) => Promise<'continue' | 'finished'>;

/** Events of background work: channel INTERNAL, grouped under the request that asked for the work. */
export const INTERNAL_SOURCE: EventSource = { channel: 'INTERNAL', user: null, api_key: null };
