import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SESSION_IDLE_MS, SESSION_MAX_AGE_MS } from '../../src/dashboard/session.service.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';

function cookieOf(setCookie: string | string[] | undefined): string {
  const first = Array.isArray(setCookie) ? setCookie[0] : setCookie;
  if (!first) throw new Error('no set-cookie header');
  return first.split(';')[0];
}

for (const dialect of DIALECTS) {
  describe(`dashboard session (${dialect.name})`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await startTestApp(dialect);
    });
    afterEach(async () => {
      await t.close();
    });

    async function signIn(): Promise<{ cookie: string; csrf: string }> {
      const res = await t.vs.app.inject({ method: 'POST', url: '/management/v1/session', headers: t.mgmt });
      expect(res.statusCode).toBe(200);
      return { cookie: cookieOf(res.headers['set-cookie']), csrf: res.json().csrf_token };
    }

    it('signs in with a management key pair and sets an httpOnly, SameSite=Strict cookie', async () => {
      const res = await t.vs.app.inject({ method: 'POST', url: '/management/v1/session', headers: t.mgmt });
      expect(res.statusCode).toBe(200);
      const setCookie = String(res.headers['set-cookie']);
      expect(setCookie).toMatch(/^vouchsafe_session=[A-Za-z0-9_-]{43};/);
      expect(setCookie).toContain('HttpOnly');
      expect(setCookie).toContain('SameSite=Strict');
      expect(setCookie).toContain('Path=/');
      expect(res.json()).toMatchObject({ object: 'dashboard_session', management_id: 'mgmt_test' });
      const stored = await t.vs.ctx.db.kysely.selectFrom('dashboard_sessions').selectAll().execute();
      expect(stored).toHaveLength(1);
      // Only the hash is stored: the cookie's token appears nowhere in the row.
      expect(JSON.stringify(stored)).not.toContain(cookieOf(res.headers['set-cookie']).split('=')[1]);
    });

    it('refuses a wrong or missing key pair', async () => {
      const none = await t.vs.app.inject({ method: 'POST', url: '/management/v1/session' });
      expect(none.statusCode).toBe(401);
      const wrong = await t.vs.app.inject({
        method: 'POST',
        url: '/management/v1/session',
        headers: { ...t.mgmt, 'x-management-token': 'nope' },
      });
      expect(wrong.statusCode).toBe(401);
      expect(wrong.json()).toMatchObject({ key: 'unauthorized', message: 'Unauthorized' });
    });

    it('lets the cookie read the Management API and returns the same CSRF token on GET /session', async () => {
      const { cookie, csrf } = await signIn();
      const me = await t.vs.app.inject({ method: 'GET', url: '/management/v1/session', headers: { cookie } });
      expect(me.statusCode).toBe(200);
      expect(me.json().csrf_token).toBe(csrf);
      const projects = await t.vs.app.inject({
        method: 'GET',
        url: '/management/v1/projects',
        headers: { cookie },
      });
      expect(projects.statusCode).toBe(200);
      expect(projects.json().data[0].id).toBe(t.projectId);
    });

    it('refuses a cookie-authenticated mutation without the right x-csrf-token', async () => {
      const { cookie, csrf } = await signIn();
      const url = `/management/v1/projects/${t.projectId}/webhooks`;
      const payload = { target_url: 'https://example.com/hook', events: ['customer.created'] };
      const missing = await t.vs.app.inject({ method: 'POST', url, headers: { cookie }, payload });
      expect(missing.statusCode).toBe(403);
      expect(missing.json()).toMatchObject({ key: 'invalid_csrf_token', message: 'Invalid CSRF token' });
      const wrong = await t.vs.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'x-csrf-token': csrf.slice(1) + 'x' },
        payload,
      });
      expect(wrong.statusCode).toBe(403);
      const ok = await t.vs.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'x-csrf-token': csrf },
        payload,
      });
      expect(ok.statusCode).toBe(200);
    });

    it('a CSRF token of another session does not work', async () => {
      const a = await signIn();
      const b = await signIn();
      const res = await t.vs.app.inject({
        method: 'PUT',
        url: `/management/v1/projects/${t.projectId}`,
        headers: { cookie: a.cookie, 'x-csrf-token': b.csrf },
        payload: { name: 'x' },
      });
      expect(res.statusCode).toBe(403);
    });

    it('signs out: the cookie is cleared and no longer works', async () => {
      const { cookie, csrf } = await signIn();
      const noCsrf = await t.vs.app.inject({
        method: 'DELETE',
        url: '/management/v1/session',
        headers: { cookie },
      });
      expect(noCsrf.statusCode).toBe(403);
      const out = await t.vs.app.inject({
        method: 'DELETE',
        url: '/management/v1/session',
        headers: { cookie, 'x-csrf-token': csrf },
      });
      expect(out.statusCode).toBe(204);
      expect(String(out.headers['set-cookie'])).toMatch(/vouchsafe_session=;.*Max-Age=0/);
      const after = await t.vs.app.inject({
        method: 'GET',
        url: '/management/v1/projects',
        headers: { cookie },
      });
      expect(after.statusCode).toBe(401);
      expect(await t.vs.ctx.db.kysely.selectFrom('dashboard_sessions').selectAll().execute()).toHaveLength(0);
    });

    it('ends a session after the idle time, and after the maximum age despite activity', async () => {
      const { cookie } = await signIn();
      const get = () =>
        t.vs.app.inject({ method: 'GET', url: '/management/v1/projects', headers: { cookie } });
      t.clock.advance(SESSION_IDLE_MS - 60_000);
      expect((await get()).statusCode).toBe(200);
      t.clock.advance(SESSION_IDLE_MS - 60_000);
      expect((await get()).statusCode).toBe(200);
      t.clock.advance(SESSION_IDLE_MS + 1);
      expect((await get()).statusCode).toBe(401);

      const again = await signIn();
      const get2 = () =>
        t.vs.app.inject({ method: 'GET', url: '/management/v1/projects', headers: { cookie: again.cookie } });
      for (let spent = 0; spent < SESSION_MAX_AGE_MS - 3_600_000; spent += 3_600_000) {
        t.clock.advance(3_600_000);
        expect((await get2()).statusCode).toBe(200);
      }
      t.clock.advance(3_600_000);
      expect((await get2()).statusCode).toBe(401);
    });

    it('a management key pair still wins over the cookie, and key requests need no CSRF token', async () => {
      const res = await t.vs.app.inject({
        method: 'PUT',
        url: `/management/v1/projects/${t.projectId}`,
        headers: t.mgmt,
        payload: { name: 'Renamed' },
      });
      expect(res.statusCode).toBe(200);
    });
  });
}
