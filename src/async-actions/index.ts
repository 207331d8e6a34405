/**
 * Async actions: background work asked for through the API (`aa_…`), its state as `/v1/async-actions` shows
 * it, and the queue its rows form. The job machinery in src/jobs/ is the only writer of the job fields.
 */
export { asyncActionRoutes } from './async-action.routes.js';
export { insertEnqueuedAction, JOBS_CHANNEL } from './async-action.service.js';
export {
  claimDueActions,
  findActionById,
  releaseAllLeases,
  renewLease,
  updateAsyncAction,
} from './async-action.repository.js';
export type { AsyncActionRow } from './async-action.table.js';
