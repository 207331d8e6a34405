import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, onTestFinished } from 'vitest';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import { WEB_DIST_DIR } from '../../src/dashboard/static.routes.js';
import { type Config, configWith } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/connect.js';
import { KEYS } from '../helpers/app.js';
import { Receiver } from '../helpers/receiver.js';

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

/** One Vouchsafe and one Chromium for a test file, started before its tests and closed after them. */
export interface Dashboard {
  s: Served;
  browser: Browser;
}

/**
 * Registers the file's hooks. Tests share only the server and the browser: each opens its own browser
 * context (its own cookie) and its own project, so that any one of them runs alone or in any order.
 */
export function dashboardFixture(): Dashboard {
  const d = {} as Dashboard;
  beforeAll(async () => {
    ensureDashboardBuilt();
    [d.s, d.browser] = await Promise.all([serve(), launch()]);
  }, 120_000);
  afterAll(async () => {
    await d.browser?.close();
    await d.s?.close();
  });
  return d;
}

export interface ApiAnswer {
  status: number;
  json: any;
  requestId: string;
}

async function call(
  s: Served,
  url: string,
  method: string,
  headers: Record<string, string>,
  body?: unknown,
): Promise<ApiAnswer> {
  const res = await fetch(`${s.baseUrl}${url}`, {
    method,
    headers: { ...headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = res.status === 204 ? null : await res.json();
  return { status: res.status, json, requestId: res.headers.get('x-request-id') ?? '' };
}

/** A call to the Management API with the management key pair. */
export function mgmtApi(s: Served, method: string, path: string, body?: unknown): Promise<ApiAnswer> {
  return call(s, `/management/v1${path}`, method, s.mgmt, body);
}

export interface TestProject {
  id: string;
  name: string;
  /** Calls the project's /v1 API with its server-side key pair. */
  v1(method: string, path: string, body?: unknown): Promise<ApiAnswer>;
}

/** A project of the test's own, made through the Management API. */
export async function newProject(s: Served, name: string): Promise<TestProject> {
  const made = await mgmtApi(s, 'POST', '/projects', { name });
  if (made.status !== 200) throw new Error(`POST /projects answered ${made.status}`);
  const key = made.json.server_side_key as { app_id: string; app_token: string };
  const appKey = { 'x-app-id': key.app_id, 'x-app-token': key.app_token };
  const secret = await mgmtApi(s, 'GET', `/projects/${made.json.id}/webhook-secret`);
  PROJECT_SECRETS.push(secret.json.secret_key as string);
  return {
    id: made.json.id as string,
    name,
    v1: (method, path, body) => call(s, `/v1${path}`, method, appKey, body),
  };
}

/** The webhook secrets of the default project and of every project `newProject` made: receivers trust them. */
const PROJECT_SECRETS: string[] = [KEYS.webhookSecret];

/** A webhook receiver on 127.0.0.1 answering `status`, stopped when the test ends. */
export async function newReceiver(status = 200): Promise<Receiver> {
  const r = new Receiver({ secrets: PROJECT_SECRETS });
  r.status = () => status;
  await r.start();
  onTestFinished(() => r.stop());
  return r;
}

/** A page in a browser context of its own (no cookie yet), closed when the test ends. */
export async function newPage(d: Dashboard, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const context = await d.browser.newContext({ viewport });
  onTestFinished(() => context.close());
  return context.newPage();
}

/** A signed-in page on the Project settings of `projectId`. */
export async function signedInPage(
  d: Dashboard,
  projectId: string,
  viewport?: { width: number; height: number },
) {
  const page = await newPage(d, viewport);
  await signIn(page, d.s.baseUrl);
  await page.goto(`${d.s.baseUrl}/dashboard/projects/${projectId}/webhooks`);
  await webhooksSection(page).waitFor();
  return page;
}

/** Project settings → General → Webhooks, the section that holds the list, as in Voucherify's dashboard. */
export function webhooksSection(page: Page): Locator {
  return page
    .getByRole('tabpanel', { name: 'General' })
    .getByRole('region', { name: 'Webhooks', exact: true });
}

/** Opens Project settings from the side navigation and its General tab; answers the Webhooks section. */
export async function openWebhooks(page: Page): Promise<Locator> {
  await page.getByRole('link', { name: 'Project settings' }).click();
  await page.getByRole('tab', { name: 'General' }).click();
  const section = webhooksSection(page);
  await section.waitFor();
  return section;
}
