import { Type } from '@sinclair/typebox';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createJobRegistry,
  createJobRunner,
  defineJob,
  definePeriodicJob,
  enqueueJob,
} from '../../src/jobs/index.js';
import { JobPayloadError } from '../../src/jobs/payload.js';
import { transact } from '../../src/platform/db/transaction.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

/**
 * The job machinery with job types that exist only in this test: declared here, registered here, run by the
 * same runner the app uses. Nothing in src/jobs/ knows them.
 */

/** Counts to `to` in steps of `by`, one transaction each; fails when asked to. */
const countJob = defineJob({
  type: 'TEST.COUNT',
  payload: Type.Object({
    to: Type.Integer({ minimum: 1 }),
    by: Type.Integer({ minimum: 1 }),
    at: Type.Integer({ minimum: 0 }),
    failAt: Type.Optional(Type.Integer()),
  }),
  async step(_ctx, _tx, run) {
    const p = { ...run.payload, at: Math.min(run.payload.to, run.payload.at + run.payload.by) };
    if (p.failAt !== undefined && p.at >= p.failAt)
      return { next: 'failed', result: { message: `stopped at ${p.at}`, at: p.at }, payload: p };
    if (p.at < p.to) return { next: 'continue', payload: p, progress: Math.floor((p.at / p.to) * 100) };
    return { next: 'done', result: { message: `counted to ${p.at}`, at: p.at }, payload: p };
  },
});

let stepsThrowing = 0;
const flakyJob = defineJob({
  type: 'TEST.FLAKY',
  payload: Type.Object({}),
  async step() {
    if (stepsThrowing-- > 0) throw new Error('database hiccup');
    return { next: 'done', result: { message: 'ok' } };
  },
});

async function enqueue(t: TestApp, def: typeof countJob | typeof flakyJob, payload: unknown) {
  return transact(t.vs.ctx, (tx) =>
    enqueueJob(t.vs.ctx, tx, def as typeof countJob, {
      projectId: t.projectId,
      requestId: 'req_test',
      payload: payload as never,
    }),
  );
}

async function action(t: TestApp, id: string) {
  const res = await send(t, 'GET', `/v1/async-actions/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

describe.each(DIALECTS)('jobs declared outside src/jobs/ on $name', (dialect) => {
  let t: TestApp | undefined;
  afterEach(async () => {
    await t?.close();
    t = undefined;
  });

  it('runs a throwaway job type step by step to DONE, with its result and progress in the async action', async () => {
    t = await startTestApp(dialect);
    const runner = createJobRunner(t.vs.ctx, createJobRegistry({ jobs: [countJob] }));
    const row = await enqueue(t, countJob, { to: 10, by: 3, at: 0 });
    expect((await action(t, row.id)).status).toBe('ENQUEUED');
    expect(await runner.drain()).toBe(1);
    const done = await action(t, row.id);
    expect(done).toMatchObject({
      id: row.id,
      type: 'TEST.COUNT',
      status: 'DONE',
      progress: 100,
      request_id: 'req_test',
      result: { message: 'counted to 10', at: 10 },
    });
    expect(await runner.drain()).toBe(0);
  });

  it('a failed outcome ends the action FAILED with its message, at the progress reached', async () => {
    t = await startTestApp(dialect);
    const runner = createJobRunner(t.vs.ctx, createJobRegistry({ jobs: [countJob] }));
    const row = await enqueue(t, countJob, { to: 10, by: 2, at: 0, failAt: 6 });
    await runner.drain();
    expect(await action(t, row.id)).toMatchObject({
      status: 'FAILED',
      progress: 40,
      result: { message: 'stopped at 6', at: 6 },
    });
  });

  it('refuses a payload that does not match the schema when enqueued, and writes nothing', async () => {
    t = await startTestApp(dialect);
    await expect(enqueue(t, countJob, { to: 0, by: 1, at: 0 })).rejects.toBeInstanceOf(JobPayloadError);
    await expect(enqueue(t, countJob, { to: 3 })).rejects.toThrow(/TEST.COUNT payload is invalid/);
    const rows = await t.vs.ctx.db.kysely.selectFrom('async_actions').select('id').execute();
    expect(rows).toEqual([]);
  });

  it('fails an action whose stored payload no longer matches its schema, and one no job handles', async () => {
    t = await startTestApp(dialect);
    const row = await enqueue(t, countJob, { to: 3, by: 1, at: 0 });
    await t.vs.ctx.db.kysely
      .updateTable('async_actions')
      .set({ payload: JSON.stringify({ to: 'three', by: 1, at: 0 }) })
      .where('id', '=', row.id)
      .execute();
    const other = await enqueue(t, flakyJob, {});
    await createJobRunner(t.vs.ctx, createJobRegistry({ jobs: [countJob] })).drain();
    expect((await action(t, row.id)).status).toBe('FAILED');
    expect((await action(t, row.id)).result.message).toMatch(
      /TEST.COUNT payload is invalid at \/to: must be integer/,
    );
    expect((await action(t, other.id)).result).toEqual({ message: 'No job handles TEST.FLAKY' });
  });

  it('a step that throws writes nothing and the action runs again 5 s later', async () => {
    t = await startTestApp(dialect);
    const runner = createJobRunner(t.vs.ctx, createJobRegistry({ jobs: [flakyJob] }));
    stepsThrowing = 1;
    const row = await enqueue(t, flakyJob, {});
    expect(await runner.drain()).toBe(1);
    expect((await action(t, row.id)).status).toBe('ENQUEUED');
    expect(await runner.drain()).toBe(0);
    t.clock.advance(5000);
    expect(await runner.drain()).toBe(1);
    expect((await action(t, row.id)).status).toBe('DONE');
  });

  it('a periodic job runs once per period however many runners share the database', async () => {
    t = await startTestApp(dialect);
    let runs = 0;
    const tick = definePeriodicJob({
      name: 'test.tick',
      periodMs: () => 60_000,
      run: async () => {
        runs++;
      },
    });
    const registry = createJobRegistry({ jobs: [], periodic: [tick] });
    const a = createJobRunner(t.vs.ctx, registry);
    const b = createJobRunner(t.vs.ctx, registry);
    expect((await a.runPeriodic()) + (await b.runPeriodic())).toBe(1);
    expect((await a.runPeriodic()) + (await b.runPeriodic())).toBe(0);
    t.clock.advance(59_999);
    expect((await b.runPeriodic()) + (await a.runPeriodic())).toBe(0);
    t.clock.advance(1);
    const both = await Promise.all([a.runPeriodic(), b.runPeriodic()]);
    expect(both[0] + both[1]).toBe(1);
    expect(runs).toBe(2);
    const row = await t.vs.ctx.db.kysely
      .selectFrom('periodic_jobs')
      .selectAll()
      .where('name', '=', 'test.tick')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ runs_count: 2, locked_by: null, last_error: null });
    expect(Number(row.next_run_at)).toBe(t.clock.now() + 60_000);
  });

  it('a periodic run that throws is recorded and runs again next period', async () => {
    t = await startTestApp(dialect);
    let calls = 0;
    const broken = definePeriodicJob({
      name: 'test.broken',
      periodMs: () => 1000,
      run: async () => {
        calls++;
        throw new Error('disk full');
      },
    });
    const runner = createJobRunner(t.vs.ctx, createJobRegistry({ jobs: [], periodic: [broken] }));
    expect(await runner.runPeriodic()).toBe(1);
    t.clock.advance(1000);
    expect(await runner.runPeriodic()).toBe(1);
    expect(calls).toBe(2);
    const row = await t.vs.ctx.db.kysely
      .selectFrom('periodic_jobs')
      .selectAll()
      .where('name', '=', 'test.broken')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ runs_count: 2, last_error: 'disk full' });
  });

  it('two jobs of one type cannot be registered', () => {
    expect(() => createJobRegistry({ jobs: [countJob, countJob] })).toThrow(
      /Two jobs declare the type TEST.COUNT/,
    );
  });
});
