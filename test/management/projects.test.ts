import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { iso } from '../../src/platform/clock.js';
import { startTestApp, KEYS, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createProject } from '../helpers/factories.js';
import { expectError, mgmt, projectPath } from '../helpers/request.js';
import { ISO_MS } from '../helpers/schemas.js';

const PROJECT_KEYS = [
  'id',
  'object',
  'name',
  'description',
  'timezone',
  'currency',
  'case_sensitive_codes',
  'webhook_version',
  'api_version',
  'is_sandbox',
  'webhook_token',
  'created_at',
  'updated_at',
].sort();

const DAY_MS = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('projects Management API on $name', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  describe('GET /projects', () => {
    it('lists the default project created at first start', async () => {
      const sent = await mgmt(t, 'GET', '/management/v1/projects');
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ object: 'list', data_ref: 'data', total: 1 });
      expect(sent.body.data).toHaveLength(1);
      const p = sent.body.data[0];
      expect(Object.keys(p).sort()).toEqual(PROJECT_KEYS);
      expect(p).toMatchObject({
        id: t.projectId,
        object: 'project',
        webhook_version: 'v2024-01-01',
        webhook_token: KEYS.webhookSecret,
      });
      expect(p.id).toMatch(/^proj_[0-9A-Za-z]{24}$/);
      expect(p.created_at).toMatch(ISO_MS);
    });

    it('lists created projects after the default, oldest first', async () => {
      t.clock.advance(1000);
      const second = await createProject(t, 'Second');
      const sent = await mgmt(t, 'GET', '/management/v1/projects');
      expect(sent.body.total).toBe(2);
      expect(sent.body.data.map((p: any) => p.id)).toEqual([t.projectId, second.id]);
    });
  });

  describe('POST /projects', () => {
    it('creates a project with its webhook secret and a server-side key shown once', async () => {
      const now = iso(t.clock.now());
      const sent = await mgmt(t, 'POST', '/management/v1/projects', {
        body: { name: 'Shop EU', description: 'European shop', timezone: 'Europe/Warsaw', currency: 'EUR' },
      });
      expect(sent.status).toBe(200);
      const { server_side_key, ...project } = sent.body;
      expect(Object.keys(project).sort()).toEqual(PROJECT_KEYS);
      expect(project).toMatchObject({
        id: expect.stringMatching(/^proj_/),
        object: 'project',
        name: 'Shop EU',
        description: 'European shop',
        timezone: 'Europe/Warsaw',
        currency: 'EUR',
        webhook_version: 'v2024-01-01',
        webhook_token: expect.stringMatching(/^whsec_/),
        created_at: now,
        updated_at: null,
      });
      expect(project.webhook_token).not.toBe(KEYS.webhookSecret);
      expect(server_side_key).toEqual({
        app_id: expect.stringMatching(/^app_/),
        app_token: expect.any(String),
      });
      expect(server_side_key.app_token.length).toBeGreaterThanOrEqual(32);

      const keys = await mgmt(t, 'GET', `${projectPath(project.id)}/api-keys`);
      expect(keys.body.data).toEqual([{ app_id: server_side_key.app_id, name: 'Default', created_at: now }]);
      expect(JSON.stringify(keys.body)).not.toContain(server_side_key.app_token);

      const got = await mgmt(t, 'GET', projectPath(project.id));
      expect(got.body).toEqual(project);
    });

    it('takes defaults for the optional fields', async () => {
      const p = await createProject(t, 'Plain');
      expect(p).toMatchObject({
        name: 'Plain',
        description: null,
        webhook_version: 'v2024-01-01',
        case_sensitive_codes: true,
      });
    });

    it('refuses a missing or empty name and another webhook_version, and creates nothing', async () => {
      for (const body of [{}, { name: '' }, { name: 'x', webhook_version: 'v2018-08-01' }]) {
        const sent = await mgmt(t, 'POST', '/management/v1/projects', { body });
        expectError(sent, 400, 'invalid_payload', {
          details: /name|webhook_version/,
        });
      }
      expect((await mgmt(t, 'GET', '/management/v1/projects')).body.total).toBe(1);
    });

    it('names the field that is wrong', async () => {
      const sent = await mgmt(t, 'POST', '/management/v1/projects', {
        body: { name: 'x', currency: 'euro' },
      });
      expectError(sent, 400, 'invalid_payload', { details: /^currency / });
    });
  });

  describe('GET /projects/{id}', () => {
    it('returns the project', async () => {
      const sent = await mgmt(t, 'GET', projectPath(t.projectId));
      expect(sent.status).toBe(200);
      expect(sent.body).toMatchObject({ id: t.projectId, object: 'project', webhook_version: 'v2024-01-01' });
    });

    it('answers 404 not_found with resource_type project', async () => {
      const sent = await mgmt(t, 'GET', projectPath('proj_missing'));
      expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_missing' });
    });
  });

  describe('PUT /projects/{id}', () => {
    it('changes the given fields only and sets updated_at', async () => {
      const before = (await mgmt(t, 'GET', projectPath(t.projectId))).body;
      t.clock.advance(2000);
      const sent = await mgmt(t, 'PUT', projectPath(t.projectId), {
        body: { name: 'Renamed', webhook_version: 'v2024-01-01' },
      });
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({ ...before, name: 'Renamed', updated_at: iso(t.clock.now()) });
      expect((await mgmt(t, 'GET', projectPath(t.projectId))).body).toEqual(sent.body);
    });

    it('refuses another webhook_version and changes nothing', async () => {
      const before = (await mgmt(t, 'GET', projectPath(t.projectId))).body;
      const sent = await mgmt(t, 'PUT', projectPath(t.projectId), {
        body: { name: 'Renamed', webhook_version: 'v2018-08-01' },
      });
      expectError(sent, 400, 'invalid_payload', { details: /webhook_version/ });
      expect((await mgmt(t, 'GET', projectPath(t.projectId))).body).toEqual(before);
    });

    it('answers 404 for an unknown project', async () => {
      const sent = await mgmt(t, 'PUT', projectPath('proj_missing'), { body: { name: 'x' } });
      expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_missing' });
    });
  });

  describe('webhook secret', () => {
    it('shows the secret fixed at first start', async () => {
      const sent = await mgmt(t, 'GET', `${projectPath(t.projectId)}/webhook-secret`);
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({
        object: 'webhook_secret',
        project_id: t.projectId,
        secret_key: KEYS.webhookSecret,
        previous_secret_key_expires_at: null,
      });
    });

    it('regenerates it; the previous one keeps signing for 24 h', async () => {
      const url = `${projectPath(t.projectId)}/webhook-secret`;
      const regen = await mgmt(t, 'POST', `${url}/regenerate`);
      expect(regen.status).toBe(200);
      expect(regen.body).toEqual({
        object: 'webhook_secret',
        project_id: t.projectId,
        secret_key: expect.stringMatching(/^whsec_[A-Za-z0-9+/]{43}=$/),
        previous_secret_key_expires_at: iso(t.clock.now() + DAY_MS),
      });
      expect(regen.body.secret_key).not.toBe(KEYS.webhookSecret);
      expect((await mgmt(t, 'GET', url)).body).toEqual(regen.body);
      expect((await mgmt(t, 'GET', projectPath(t.projectId))).body.webhook_token).toBe(regen.body.secret_key);

      t.clock.advance(DAY_MS + 1);
      expect((await mgmt(t, 'GET', url)).body.previous_secret_key_expires_at).toBeNull();

      const again = await mgmt(t, 'POST', `${url}/regenerate`);
      expect(again.body.secret_key).not.toBe(regen.body.secret_key);
    });

    it('answers 404 for an unknown project', async () => {
      for (const [method, path] of [
        ['GET', 'webhook-secret'],
        ['POST', 'webhook-secret/regenerate'],
      ] as const) {
        const sent = await mgmt(t, method, `${projectPath('proj_missing')}/${path}`);
        expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_missing' });
      }
    });
  });

  describe('application keys', () => {
    const keysUrl = () => `${projectPath(t.projectId)}/api-keys`;

    it('lists the Default key fixed at first start, without its token', async () => {
      const sent = await mgmt(t, 'GET', keysUrl());
      expect(sent.status).toBe(200);
      expect(sent.body).toEqual({
        object: 'list',
        data_ref: 'data',
        data: [{ app_id: KEYS.appId, name: 'Default', created_at: expect.stringMatching(ISO_MS) }],
        total: 1,
      });
      expect(sent.raw).not.toContain(KEYS.appToken);
    });

    it('creates a named key; the token is shown at creation only', async () => {
      t.clock.advance(1000);
      const now = iso(t.clock.now());
      const created = await mgmt(t, 'POST', keysUrl(), { body: { name: 'Checkout service' } });
      expect(created.status).toBe(200);
      expect(created.body).toEqual({
        app_id: expect.stringMatching(/^app_[0-9A-Za-z]{24}$/),
        app_token: expect.any(String),
        name: 'Checkout service',
        created_at: now,
      });
      expect(created.body.app_token.length).toBeGreaterThanOrEqual(32);

      const list = await mgmt(t, 'GET', keysUrl());
      expect(list.body.total).toBe(2);
      expect(list.body.data[1]).toEqual({
        app_id: created.body.app_id,
        name: 'Checkout service',
        created_at: now,
      });
      for (const k of list.body.data) expect(Object.keys(k).sort()).toEqual(['app_id', 'created_at', 'name']);
      expect(list.raw).not.toContain(created.body.app_token);
    });

    it('stores tokens hashed, never as given', async () => {
      const created = (await mgmt(t, 'POST', keysUrl(), { body: { name: 'Hashed' } })).body;
      const rows = await t.vs.ctx.db.kysely.selectFrom('api_keys').selectAll().execute();
      const mine = rows.find((r) => r.app_id === created.app_id)!;
      expect(mine.token_hash).not.toBe(created.app_token);
      expect(mine.token_hash).toMatch(/^[0-9a-f]{64}$/);
      const fixed = rows.find((r) => r.app_id === KEYS.appId)!;
      expect(fixed.token_hash).not.toBe(KEYS.appToken);
      const everything = JSON.stringify(rows);
      expect(everything).not.toContain(created.app_token);
      expect(everything).not.toContain(KEYS.appToken);
      const mgmtRows = await t.vs.ctx.db.kysely.selectFrom('management_keys').selectAll().execute();
      expect(mgmtRows.map((r) => r.management_id)).toEqual([KEYS.managementId]);
      expect(JSON.stringify(mgmtRows)).not.toContain(KEYS.managementToken);
    });

    it('refuses a key without a name, and creates nothing', async () => {
      for (const body of [{}, { name: '' }]) {
        const sent = await mgmt(t, 'POST', keysUrl(), { body });
        expectError(sent, 400, 'invalid_payload', { details: /name/ });
      }
      expect((await mgmt(t, 'GET', keysUrl())).body.total).toBe(1);
    });

    it('deletes a key with 204; it is gone from the list', async () => {
      const created = (await mgmt(t, 'POST', keysUrl(), { body: { name: 'Temp' } })).body;
      const del = await mgmt(t, 'DELETE', `${keysUrl()}/${created.app_id}`);
      expect(del.status).toBe(204);
      expect(del.raw).toBe('');
      const list = await mgmt(t, 'GET', keysUrl());
      expect(list.body.data.map((k: any) => k.app_id)).toEqual([KEYS.appId]);
      expectError(await mgmt(t, 'DELETE', `${keysUrl()}/${created.app_id}`), 404, 'not_found', {
        resource_type: 'api_key',
        resource_id: created.app_id,
      });
    });

    it("cannot delete another project's key through this project", async () => {
      const other = await createProject(t);
      const theirKey = other.server_side_key.app_id;
      const sent = await mgmt(t, 'DELETE', `${keysUrl()}/${theirKey}`);
      expectError(sent, 404, 'not_found', { resource_type: 'api_key', resource_id: theirKey });
      const theirs = await mgmt(t, 'GET', `${projectPath(other.id)}/api-keys`);
      expect(theirs.body.data.map((k: any) => k.app_id)).toEqual([theirKey]);
    });

    it('answers 404 for an unknown project on every key route', async () => {
      const base = `${projectPath('proj_missing')}/api-keys`;
      for (const [method, url, body] of [
        ['GET', base, undefined],
        ['POST', base, { name: 'x' }],
        ['DELETE', `${base}/app_x`, undefined],
      ] as const) {
        const sent = await mgmt(t, method, url, { body });
        expectError(sent, 404, 'not_found', { resource_type: 'project', resource_id: 'proj_missing' });
      }
    });
  });
});
