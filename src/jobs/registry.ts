import type { JobDefinition, PeriodicJobDefinition } from './job.js';

/** The jobs of the app, handed to the runner by the composition root (src/app.ts). */
export interface JobRegistry {
  readonly jobs: ReadonlyMap<string, JobDefinition>;
  readonly periodic: ReadonlyMap<string, PeriodicJobDefinition>;
}

/** Builds the registry; two jobs of one type, or two periodic jobs of one name, are a programming error. */
export function createJobRegistry(input: {
  jobs: readonly JobDefinition[];
  periodic?: readonly PeriodicJobDefinition[];
}): JobRegistry {
  const jobs = new Map<string, JobDefinition>();
  for (const def of input.jobs) {
    if (jobs.has(def.type)) throw new Error(`Two jobs declare the type ${def.type}`);
    jobs.set(def.type, def);
  }
  const periodic = new Map<string, PeriodicJobDefinition>();
  for (const def of input.periodic ?? []) {
    if (periodic.has(def.name)) throw new Error(`Two periodic jobs are named ${def.name}`);
    periodic.set(def.name, def);
  }
  return { jobs, periodic };
}
