import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WEB_DIST_DIR } from '../../src/dashboard/static.routes.js';
import { staticRoutes } from '../../src/dashboard/static.routes.js';
import type { App } from '../../src/platform/http/server.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { ensureDashboardBuilt } from './browser.js';

describe('dashboard files at /dashboard', () => {
  let t: TestApp;
  beforeAll(async () => {
    ensureDashboardBuilt();
    t = await startTestApp(DIALECTS[0]);
  }, 120_000);
  afterAll(async () => {
    await t.close();
  });
  const get = (url: string) => t.vs.app.inject({ method: 'GET', url });

  it('redirects / to the dashboard', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/dashboard/');
  });

  it('serves index.html, with a strict CSP, for the app and for its client-side routes', async () => {
    for (const url of [
      '/dashboard',
      '/dashboard/',
      '/dashboard/projects/proj_x/audit-log',
      '/dashboard/sign-in',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toContain('text/html');
      expect(res.body).toContain('<div id="root">');
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('serves hashed assets for a year, and a missing asset is a 404', async () => {
    const asset = readdirSync(join(WEB_DIST_DIR, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await get(`/dashboard/assets/${asset}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toContain('immutable');
    expect((await get('/dashboard/assets/nope-123.js')).statusCode).toBe(404);
  });

  it('says how to build the dashboard when web/dist is missing', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'vouchsafe-nodist-'));
    const app = Fastify() as unknown as App;
    await app.register(staticRoutes(empty), { prefix: '/dashboard' });
    const res = await app.inject({ method: 'GET', url: '/dashboard/webhooks' });
    expect(res.statusCode).toBe(503);
    expect(res.body).toContain('npm run build:web');
    await app.close();
    rmSync(empty, { recursive: true, force: true });
  });
});
