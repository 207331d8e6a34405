/**
 * Jobs: the machinery of durable background work. It knows no domain: each context declares its jobs
 * (`defineJob`, `definePeriodicJob`) and enqueues them (`enqueueJob`); the composition root hands the list to
 * `createJobRegistry` and the runner. See README.md beside this file.
 */
export {
  defineJob,
  definePeriodicJob,
  type JobRun,
  type StepOutcome,
} from './job.js';
export { enqueueJob } from './enqueue.js';
export { createJobRegistry } from './registry.js';
export { createJobRunner, type JobRunner } from './runner.js';
