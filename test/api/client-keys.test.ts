import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createClientKey, createOtherProject } from '../helpers/factories.js';
import { send } from '../helpers/request.js';

const ORIGIN = 'https://shop.example';

function clientHeaders(key: { client_app_id: string; client_token: string }, origin?: string) {
  return {
    'x-client-application-id': key.client_app_id,
    'x-client-token': key.client_token,
    ...(origin ? { origin } : {}),
  };
}

describe('client key flags', () => {
  it('parses --client-origins into normalised origins and reports bad ones', () => {
    const cfg = loadConfig(
      {
        'client-app-id': 'client_fixed',
        'client-token': 'tok-0123456789',
        'client-origins': 'https://A.example:443, http://localhost:3000',
      },
      {},
    );
    expect(cfg.clientOrigins).toEqual(['https://a.example', 'http://localhost:3000']);
    expect(() => loadConfig({ 'client-origins': 'https://a.example/path' }, {})).toThrow(/client-origins/);
    expect(() => loadConfig({ 'client-app-id': 'client_only' }, {})).toThrow(/go together/);
    expect(loadConfig({}, { VOUCHSAFE_CLIENT_ORIGINS: '*' }).clientOrigins).toEqual(['*']);
  });
});

for (const dialect of DIALECTS) {
  describe(`client keys and /client/v1 (${dialect.name})`, () => {
    let t: TestApp;
    const fixed = { client_app_id: 'client_fixed_test', client_token: 'client-token-test-0123456789' };
    beforeAll(async () => {
      t = await startTestApp(dialect, {
        clientAppId: fixed.client_app_id,
        clientToken: fixed.client_token,
        clientOrigins: [ORIGIN],
      });
    });
    afterAll(async () => {
      await t.close();
    });

    const base = () => `/management/v1/projects/${t.projectId}/client-keys`;

    it('creates the fixed Default client key at first start', async () => {
      expect(t.vs.bootstrap.created).toMatchObject({
        clientAppId: fixed.client_app_id,
        clientToken: fixed.client_token,
        clientOrigins: [ORIGIN],
      });
      const r = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders(fixed, ORIGIN),
        body: { source_id: 'boot-1' },
      });
      expect(r.status).toBe(200);
      expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
    });

    it('creates, lists and revokes client keys through the Management API', async () => {
      t.clock.advance(1000);
      const created = await send(t, 'POST', base(), {
        key: t.mgmt,
        body: { name: 'Shop', allowed_origins: ['https://Shop.example:443/', 'http://localhost:3000'] },
      });
      expect(created.status).toBe(200);
      expect(created.body).toMatchObject({
        name: 'Shop',
        allowed_origins: ['https://shop.example', 'http://localhost:3000'],
      });
      expect(Object.keys(created.body).sort()).toEqual(
        ['allowed_origins', 'client_app_id', 'client_token', 'created_at', 'name'].sort(),
      );
      const list = await send(t, 'GET', base(), { key: t.mgmt });
      expect(list.body.data.map((k: any) => k.client_app_id)).toEqual([
        fixed.client_app_id,
        created.body.client_app_id,
      ]);
      expect(list.body.data[1].client_token).toBeUndefined();
      const ok = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders(created.body, 'http://localhost:3000'),
        body: {},
      });
      expect(ok.status).toBe(200);
      const del = await send(t, 'DELETE', `${base()}/${created.body.client_app_id}`, { key: t.mgmt });
      expect(del.status).toBe(204);
      const after = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders(created.body, 'http://localhost:3000'),
        body: {},
      });
      expect(after.status).toBe(401);
      const again = await send(t, 'DELETE', `${base()}/${created.body.client_app_id}`, { key: t.mgmt });
      expect(again.status).toBe(404);
      expect(again.body.resource_type).toBe('client_key');
    });

    it('refuses invalid origins and unknown projects', async () => {
      for (const origins of [['shop.example'], ['https://shop.example/path'], ['ftp://shop.example']]) {
        const r = await send(t, 'POST', base(), {
          key: t.mgmt,
          body: { name: 'x', allowed_origins: origins },
        });
        expect(r.status, origins[0]).toBe(400);
        expect(r.body.details).toContain('allowed_origins.0');
      }
      const none = await send(t, 'POST', '/management/v1/projects/proj_nope/client-keys', {
        key: t.mgmt,
        body: { name: 'x', allowed_origins: [] },
      });
      expect(none.status).toBe(404);
      expect((await send(t, 'GET', base(), { key: {} })).status).toBe(401);
    });

    it('refuses a request whose Origin is not allowed, or missing, with 401 and no CORS grant', async () => {
      for (const origin of ['https://evil.example', 'null', undefined, 'http://shop.example']) {
        const r = await send(t, 'POST', '/client/v1/customers', {
          key: clientHeaders(fixed, origin),
          body: {},
        });
        expect(r.status, String(origin)).toBe(401);
        expect(r.body.key).toBe('unauthorized');
        expect(r.headers['access-control-allow-origin']).toBeUndefined();
      }
      const wildcard = await createClientKey(t, ['*'], 'Anywhere');
      const any = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders(wildcard, 'https://anything.example'),
        body: {},
      });
      expect(any.status).toBe(200);
    });

    it('keeps the two kinds of key apart', async () => {
      const appAsClient = await send(t, 'POST', '/client/v1/customers', {
        key: {
          'x-client-application-id': t.appKey['x-app-id'],
          'x-client-token': t.appKey['x-app-token'],
          origin: ORIGIN,
        },
        body: {},
      });
      expect(appAsClient.status).toBe(401);
      const clientAsApp = await send(t, 'GET', '/v1/customers', {
        key: { 'x-app-id': fixed.client_app_id, 'x-app-token': fixed.client_token },
      });
      expect(clientAsApp.status).toBe(401);
      const wrongToken = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders({ ...fixed, client_token: 'nope' }, ORIGIN),
        body: {},
      });
      expect(wrongToken.status).toBe(401);
    });

    it('a client key of another project reaches only that project', async () => {
      const other = await createOtherProject(t);
      const key = await createClientKey(t, [ORIGIN], 'Other shop', other.projectId);
      const r = await send(t, 'POST', '/client/v1/customers', {
        key: clientHeaders(key, ORIGIN),
        body: { source_id: 'boot-1', name: 'Elsewhere' },
      });
      expect(r.status).toBe(200);
      const mine = await send(t, 'GET', '/v1/customers/boot-1');
      expect(mine.body.name).toBeUndefined();
      expect(mine.body.id).not.toBe(r.body.id);
    });

    it('answers CORS preflights for /client/v1', async () => {
      const r = await t.vs.app.inject({
        method: 'OPTIONS',
        url: '/client/v1/customers',
        headers: { origin: ORIGIN, 'access-control-request-method': 'POST' },
      });
      expect(r.statusCode).toBe(204);
      expect(r.headers['access-control-allow-origin']).toBe(ORIGIN);
      expect(String(r.headers['access-control-allow-headers'])).toContain('X-Client-Token');
      expect(String(r.headers['access-control-allow-headers'])).toContain('X-Voucherify-Double-Opt-In');
    });
  });
}
