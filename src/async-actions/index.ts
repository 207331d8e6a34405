/** Async actions: background work asked for through the API (`aa_…`), its state, and the queue it forms. */
export { asyncActionRoutes } from './async-action.routes.js';
export { enqueueAsyncAction, getAsyncAction, JOBS_CHANNEL } from './async-action.service.js';
export {
  claimDueActions,
  nextDueAt,
  releaseAllLeases,
  renewLease,
  updateAsyncAction,
} from './async-action.repository.js';
export { presentAsyncAction } from './async-action.presenter.js';
export type { AsyncActionRow, AsyncActionType } from './async-action.table.js';
