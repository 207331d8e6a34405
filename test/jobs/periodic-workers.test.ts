import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';
import { eventually } from '../helpers/poll.js';

/**
 * Two real worker processes on one PostgreSQL database run the retention purge, a periodic job, with a
 * short period. Each process polls for due periodic jobs every 50 ms, so without the lease each would run
 * it every period and the count would be about twice the number of periods.
 */
const PERIOD_MS = 400;
const ENV = {
  VOUCHSAFE_LOG_LEVEL: 'warn',
  VOUCHSAFE_RETENTION_INTERVAL_MS: String(PERIOD_MS),
  VOUCHSAFE_DISPATCH_POLL_MS: '50',
};

describe.skipIf(!DIALECTS.some((d) => d.name === 'postgres'))('periodic jobs across processes', () => {
  const running: Started[] = [];
  let store: SharedStore | null = null;
  afterEach(async () => {
    for (const p of running.splice(0)) if (p.child.exitCode === null) await killHard(p);
    await store?.cleanup();
    store = null;
  });

  it('two worker processes on PostgreSQL run the retention job once per period, not twice', async () => {
    store = await openSharedStore('postgres', ENV);
    const worker = () => startCli(['start', '--role', 'worker', '--port', '0'], store!.env);
    running.push(...(await Promise.all([worker(), worker()])));
    const db = store.vs.ctx.db.kysely;
    const runs = async () =>
      Number(
        (
          await db
            .selectFrom('periodic_jobs')
            .select('runs_count')
            .where('name', '=', 'webhooks.retention')
            .executeTakeFirst()
        )?.runs_count ?? 0,
      );
    const r0 = await runs();
    const t0 = Date.now();
    // Until ten runs are counted (no fixed pause): run twice a period and they come in five periods.
    const r1 = await eventually(runs, {
      ok: (n) => n - r0 >= 10,
      timeoutMs: 40 * PERIOD_MS,
      what: 'ten runs of the retention job',
    });
    const periods = (Date.now() - t0) / PERIOD_MS;
    const lockers = await db.selectFrom('periodic_jobs').select(['locked_by', 'last_error']).execute();
    // Once per period: at most one run per elapsed period (plus the one in progress at either end), and
    // about as many as there were periods (lease and poll slack make some periods a little longer).
    expect(r1 - r0).toBeLessThanOrEqual(Math.floor(periods) + 1);
    expect(r1 - r0).toBeGreaterThanOrEqual(Math.floor(periods * 0.6));
    expect(lockers.every((l) => l.last_error === null)).toBe(true);
    for (const p of running) expect(p.child.exitCode).toBeNull();
  });
});
