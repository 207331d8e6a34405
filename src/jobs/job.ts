import type { Static, TSchema } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import type { Tx } from '../platform/db/transaction.js';

/** What a job step needs from the app's context. */
export type JobCtx = Pick<AppContext, 'db' | 'clock' | 'outboxBell' | 'jobsBell' | 'log'>;

/** The action a step works on, with its payload parsed and checked against the job's schema. */
export interface JobRun<P> {
  readonly id: string;
  readonly projectId: string;
  /** The request that asked for the work; events of the job carry it as group_id. */
  readonly requestId: string | null;
  /** ENQUEUED on the first step, IN_PROGRESS after. */
  readonly status: 'ENQUEUED' | 'IN_PROGRESS';
  readonly payload: P;
}

/** What the API shows as the action's `result`: a message and whatever counts the job reports. */
export type JobResult = { message: string } & Record<string, unknown>;

/**
 * What a step says happens next. `continue`: another step follows, with this payload (the resumable state)
 * and progress (0–100). `done` and `failed` end the action with a result; the payload and progress may be
 * given once more so that the action's row shows the final state.
 */
export type StepOutcome<P> =
  | { readonly next: 'continue'; readonly payload: P; readonly progress: number }
  | { readonly next: 'done'; readonly result: JobResult; readonly payload?: P; readonly progress?: number }
  | { readonly next: 'failed'; readonly result: JobResult; readonly payload?: P; readonly progress?: number };

/**
 * A kind of durable background work, declared by the context it belongs to. `type` is the async action
 * type the API shows (`CAMPAIGN.VOUCHERS_GENERATE`, …); `payload` is the schema of its input and state,
 * checked when the action is enqueued and whenever it is read back. `step` does one bounded piece of work in
 * the transaction the runner opened (after renewing the lease) and returns what follows; it writes the rows
 * of its own context, never the action's job fields, which the runner alone writes.
 */
export interface JobDefinition<S extends TSchema = TSchema> {
  readonly type: string;
  readonly payload: S;
  step(ctx: JobCtx, tx: Tx, run: JobRun<Static<S>>): Promise<StepOutcome<Static<S>>>;
}

/** Declares a job; only for type inference. */
export function defineJob<S extends TSchema>(def: JobDefinition<S>): JobDefinition<S> {
  return def;
}

/**
 * Work that runs once per period across all processes (retention, and later the loyalty jobs: pending points
 * activation, points expiration). Each period one worker claims the job's row under a lease and runs it; the
 * others find it not due. `run` opens its own transactions and should do a bounded amount of work per call
 * (a run that has more to do leaves it for the next period, or loops in bounded transactions).
 */
export interface PeriodicJobDefinition {
  /** Unique among periodic jobs; the key of its row in `periodic_jobs`. */
  readonly name: string;
  /** The period, from the config (so tests and demos can shorten it). */
  periodMs(config: AppContext['config']): number;
  run(ctx: AppContext): Promise<void>;
}

/** Declares a periodic job; only for type inference. */
export function definePeriodicJob(def: PeriodicJobDefinition): PeriodicJobDefinition {
  return def;
}
