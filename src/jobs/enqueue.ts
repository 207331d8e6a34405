import type { Static, TSchema } from '@sinclair/typebox';
import { type AsyncActionRow, insertEnqueuedAction } from '../async-actions/index.js';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/transaction.js';
import type { JobDefinition } from './job.js';
import { checkPayload } from './payload.js';

/**
 * Enqueues an action of `def` inside the caller's transaction, due at once, after checking its payload
 * against the job's schema. After commit the runner is woken (in-process, and by NOTIFY on PostgreSQL); if
 * the transaction rolls back, no work was asked for.
 */
export async function enqueueJob<S extends TSchema>(
  ctx: Pick<AppContext, 'jobsBell'>,
  tx: Tx,
  def: JobDefinition<S>,
  input: { projectId: string; requestId: string | null; payload: Static<S> },
): Promise<AsyncActionRow> {
  const payload = checkPayload(def, input.payload);
  const row = await insertEnqueuedAction(tx.db, {
    projectId: input.projectId,
    type: def.type,
    requestId: input.requestId,
    payload: JSON.stringify(payload),
    now: tx.now,
  });
  // After the commit: this process's runner at once, other processes' by the bell's coalesced NOTIFY.
  tx.afterCommit(() => ctx.jobsBell.ring());
  return row;
}
