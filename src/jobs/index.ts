/**
 * Jobs: durable background work on the claim-with-lease pattern of the delivery engine. Each async action
 * type has a step function (`*.job.ts`); the runner claims actions and runs their steps.
 */
export { drainJobs, startJobRunner } from './runner.js';
export { GENERATION_BATCH } from './generate.job.js';
