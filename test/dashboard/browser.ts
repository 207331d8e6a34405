import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import { WEB_DIST_DIR } from '../../src/dashboard/static.routes.js';
import { type Config, configWith } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/connect.js';
import { KEYS } from '../helpers/app.js';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts', 'dashboard');

/** True when the browser tests can run. In CI a missing Chromium is an error, never a skip. */
export function chromiumAvailable(): boolean {
  if (existsSync(CHROMIUM)) return true;
  if (process.env.CI === 'true')
    throw new Error(
      `CI=true but Chromium is missing at ${CHROMIUM}; the dashboard's browser tests cannot run`,
    );
  return false;
}

/** Builds web/dist when it is missing, as `npm start` does. */
export function ensureDashboardBuilt(): void {
  if (existsSync(join(WEB_DIST_DIR, 'index.html'))) return;
  execFileSync('npm', ['run', 'build:web'], { stdio: 'inherit' });
}

export interface Served {
  vs: Vouchsafe;
  baseUrl: string;
  projectId: string;
  mgmt: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A real Vouchsafe on 127.0.0.1 with the real clock and a running dispatcher, on a fresh SQLite file.
 * The UI reads the same Management API on both dialects; the storage tests cover PostgreSQL.
 */
export async function serve(overrides: Partial<Config> = {}): Promise<Served> {
  const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-dash-'));
  const db = await openDatabase({ databaseUrl: null, dataDir: dir });
  const config = configWith({
    ...KEYS,
    retryScheduleMs: [300, 600],
    webhookTimeoutMs: 2000,
    dispatchLeaseMs: 5000,
    dispatchPollMs: 100,
    logLevel: 'silent',
    ...overrides,
  });
  const vs = await createVouchsafe({ config, db, logger: pino({ level: 'silent' }) });
  await vs.startBackground();
  await vs.app.listen({ port: 0, host: '127.0.0.1' });
  const port = (vs.app.server.address() as AddressInfo).port;
  return {
    vs,
    baseUrl: `http://127.0.0.1:${port}`,
    projectId: vs.bootstrap.project.id,
    mgmt: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
    async close() {
      await vs.close();
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  // Playwright gives each launch a fresh, temporary profile (its own --user-data-dir).
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export async function signIn(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/dashboard/`);
  await page.getByLabel('Management ID').fill(KEYS.managementId);
  await page.getByLabel('Management token').fill(KEYS.managementToken);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Webhooks', exact: true }).waitFor();
}
