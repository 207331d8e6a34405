import pino from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { type Config, configWith } from '../../src/platform/config.js';
import type { Db } from '../../src/platform/db/connect.js';
import type { Dialect } from './db.js';

export const KEYS = {
  appId: 'app_test_default',
  appToken: 'app-token-test-0123456789',
  managementId: 'mgmt_test',
  managementToken: 'mgmt-token-test-0123456789',
  webhookSecret: 'whsec_' + Buffer.alloc(32, 7).toString('base64'),
} as const;

export interface TestApp {
  vs: Vouchsafe;
  clock: ManualClock;
  projectId: string;
  mgmt: Record<string, string>;
  appKey: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A Vouchsafe on a fresh database of the dialect (or on `shared`, which closing it closes), with fixed keys, a
 * manual clock and a fast retry schedule.
 */
export async function startTestApp(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  shared?: Db,
): Promise<TestApp> {
  const { db, cleanup } = shared ? { db: shared, cleanup: () => shared.close() } : await dialect.open();
  // Starts at the real time, so Standard Webhooks timestamps pass receivers' tolerance; moves only when told.
  const clock = new ManualClock(Date.now());
  const config = configWith({
    ...KEYS,
    retryScheduleMs: [1000, 2000, 4000],
    webhookTimeoutMs: 2000,
    dispatchLeaseMs: 5000,
    logLevel: 'silent',
    ...overrides,
  });
  const vs = await createVouchsafe({ config, clock, db, logger: pino({ level: 'silent' }) });
  await vs.app.ready();
  return {
    vs,
    clock,
    projectId: vs.bootstrap.project.id,
    mgmt: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
    appKey: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
    async close() {
      await vs.close();
      await cleanup();
    },
  };
}

/**
 * Starts a test app before each test (`per: 'test'`) or once for the describe block (`per: 'suite'`), and
 * closes it after; read it as `app.t` inside the tests.
 */
export function useTestApp(
  dialect: Dialect,
  overrides: Partial<Config> = {},
  per: 'test' | 'suite' = 'test',
): { readonly t: TestApp } {
  let current: TestApp | null = null;
  const [before, after] = per === 'test' ? [beforeEach, afterEach] : [beforeAll, afterAll];
  before(async () => {
    current = await startTestApp(dialect, overrides);
  });
  after(async () => {
    await current?.close();
    current = null;
  });
  return {
    get t() {
      if (!current) throw new Error('the test app is started only inside tests');
      return current;
    },
  };
}
