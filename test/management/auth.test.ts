import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpServer } from '../../src/platform/http/server.js';
import { requireApp } from '../../src/projects/index.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { createProject, createWebhook } from '../helpers/factories.js';
import { expectError, type Method, mgmt, projectPath } from '../helpers/request.js';

/** The Management routes the foundation must serve; the battery covers these and any others the app lists. */
const REQUIRED_ROUTES = [
  'GET /management/v1/projects',
  'POST /management/v1/projects',
  'GET /management/v1/projects/{projectId}',
  'PUT /management/v1/projects/{projectId}',
  'GET /management/v1/projects/{projectId}/webhook-secret',
  'POST /management/v1/projects/{projectId}/webhook-secret/regenerate',
  'POST /management/v1/projects/{projectId}/api-keys',
  'GET /management/v1/projects/{projectId}/api-keys',
  'DELETE /management/v1/projects/{projectId}/api-keys/{appId}',
  'POST /management/v1/projects/{projectId}/webhooks',
  'GET /management/v1/projects/{projectId}/webhooks',
  'GET /management/v1/projects/{projectId}/webhooks/{webhookId}',
  'PUT /management/v1/projects/{projectId}/webhooks/{webhookId}',
  'DELETE /management/v1/projects/{projectId}/webhooks/{webhookId}',
  'GET /management/v1/webhook-events',
];

/** Bodies that pass each route's schema, so that a 401 is about the keys and nothing else. */
const VALID_BODIES: Record<string, unknown> = {
  'POST /management/v1/projects': { name: 'Intruder project' },
  'PUT /management/v1/projects/{projectId}': { name: 'Renamed by intruder' },
  'POST /management/v1/projects/{projectId}/api-keys': { name: 'Intruder key' },
  'POST /management/v1/projects/{projectId}/webhooks': {
    target_url: 'https://intruder.example.com/',
    events: ['voucher.created'],
  },
  'PUT /management/v1/projects/{projectId}/webhooks/{webhookId}': {
    target_url: 'https://intruder.example.com/',
    events: ['voucher.created'],
  },
  'POST /management/v1/projects/{projectId}/client-keys': { name: 'Intruder', allowed_origins: ['*'] },
  'POST /management/v1/projects/{projectId}/webhooks/test': { target_url: 'https://intruder.example.com/' },
  'POST /management/v1/projects/{projectId}/webhooks/{webhookId}/recover': {
    since: '2026-01-01T00:00:00.000Z',
  },
};

/** Routes that answer without keys on purpose: sign-out only clears the caller's own session cookie. */
const OPEN_ROUTES = ['DELETE /management/v1/session'];

interface Route {
  method: Method;
  path: string;
}

/** Every Management route of the running app, read once from its OpenAPI document. */
async function managementRoutes(t: TestApp): Promise<Route[]> {
  const doc = (await mgmt(t, 'GET', '/openapi.json', { key: 'none' })).body;
  const routes: Route[] = [];
  for (const [path, ops] of Object.entries<Record<string, unknown>>(doc.paths)) {
    if (!path.startsWith('/management/')) continue;
    for (const m of Object.keys(ops)) {
      const method = m.toUpperCase();
      if (OPEN_ROUTES.includes(`${method} ${path}`)) continue;
      if (['GET', 'POST', 'PUT', 'DELETE', 'PATCH'].includes(method))
        routes.push({ method: method as Method, path });
    }
  }
  return routes;
}

const BAD_CREDENTIALS: [string, (t: TestApp) => Record<string, string>][] = [
  ['no key', () => ({})],
  ['a wrong token', () => ({ 'x-management-id': KEYS.managementId, 'x-management-token': 'wrong-token' })],
  [
    'an unknown management id',
    () => ({ 'x-management-id': 'mgmt_unknown', 'x-management-token': KEYS.managementToken }),
  ],
  ['the id without the token', () => ({ 'x-management-id': KEYS.managementId })],
  ['the token without the id', () => ({ 'x-management-token': KEYS.managementToken })],
  ['an application key', (t) => t.appKey],
  [
    'the application key in the management headers',
    () => ({ 'x-management-id': KEYS.appId, 'x-management-token': KEYS.appToken }),
  ],
];

describe.each(DIALECTS)('authentication of the Management API on $name', (dialect) => {
  let t: TestApp;
  let routes: Route[];
  let webhook: any;
  let fill: (path: string) => string;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    routes = await managementRoutes(t);
    webhook = await createWebhook(t);
    fill = (path) =>
      path
        .replace('{projectId}', t.projectId)
        .replace('{webhookId}', webhook.id)
        .replace('{appId}', KEYS.appId)
        .replace('{sendoutId}', 'whs_unknown');
  });
  afterAll(async () => {
    await t.close();
  });

  it('lists every required Management route in the OpenAPI document', () => {
    const listed = routes.map((r) => `${r.method} ${r.path}`);
    for (const r of REQUIRED_ROUTES) expect(listed).toContain(r);
  });

  it.each(BAD_CREDENTIALS)(
    'answers 401 unauthorized on every Management route to %s',
    async (_what, creds) => {
      const answers: string[] = [];
      for (const r of routes) {
        const key = `${r.method} ${r.path}`;
        const body = r.method === 'POST' || r.method === 'PUT' ? (VALID_BODIES[key] ?? {}) : undefined;
        const sent = await mgmt(t, r.method, fill(r.path), { key: 'none', headers: creds(t), body });
        answers.push(`${key} → ${sent.status}`);
        if (sent.status === 401) expectError(sent, 401, 'unauthorized');
      }
      expect(answers).toEqual(routes.map((r) => `${r.method} ${r.path} → 401`));
    },
  );

  it('changed nothing while refusing', async () => {
    const projects = await mgmt(t, 'GET', '/management/v1/projects');
    expect(projects.body.data.map((p: any) => p.name)).toEqual(['Default project']);
    const keys = await mgmt(t, 'GET', `${projectPath(t.projectId)}/api-keys`);
    expect(keys.body.data.map((k: any) => k.app_id)).toEqual([KEYS.appId]);
    const hooks = await mgmt(t, 'GET', `${projectPath(t.projectId)}/webhooks`);
    expect(hooks.body.data).toEqual([webhook]);
    const secret = await mgmt(t, 'GET', `${projectPath(t.projectId)}/webhook-secret`);
    expect(secret.body.secret_key).toBe(KEYS.webhookSecret);
  });

  it('lets the management key reach every project', async () => {
    const other = await createProject(t, 'Other');
    const hook = await createWebhook(t, {}, other.id);
    const got = await mgmt(t, 'GET', `${projectPath(other.id)}/webhooks/${hook.id}`);
    expect(got.status).toBe(200);
    const secret = await mgmt(t, 'GET', `${projectPath(other.id)}/webhook-secret`);
    expect(secret.body.project_id).toBe(other.id);
  });

  // Authentication must not depend on the body: an anonymous caller learns nothing about the schemas.
  it('answers 401 before looking at the body', async () => {
    const answers: string[] = [];
    for (const r of routes.filter((r) => r.method === 'POST' || r.method === 'PUT')) {
      const sent = await mgmt(t, r.method, fill(r.path), { key: 'none', body: { unexpected: 1 } });
      answers.push(`${r.method} ${r.path} → ${sent.status}`);
    }
    expect(answers).toEqual(
      routes
        .filter((r) => r.method === 'POST' || r.method === 'PUT')
        .map((r) => `${r.method} ${r.path} → 401`),
    );
  });
});

describe.each(DIALECTS)('application keys on $name', (dialect) => {
  let t: TestApp;
  let probe: Awaited<ReturnType<typeof createHttpServer>>;

  beforeAll(async () => {
    t = await startTestApp(dialect);
    // A route behind the application-key guard that /v1 uses, answering with whom it let in.
    probe = await createHttpServer(t.vs.ctx);
    await probe.register(
      async (v1) => {
        v1.addHook('preHandler', requireApp(t.vs.ctx));
        v1.get('/whoami', async (req) => req.principal);
      },
      { prefix: '/v1' },
    );
    await probe.ready();
  });
  afterAll(async () => {
    await probe.close();
    await t.close();
  });

  const whoami = (headers: Record<string, string>) =>
    probe.inject({ method: 'GET', url: '/v1/whoami', headers });

  it("scopes each key to its own project, so one project's key never acts for another", async () => {
    const other = await createProject(t, 'Project B');
    const a = await whoami(t.appKey);
    expect(a.statusCode).toBe(200);
    expect(a.json()).toEqual({ kind: 'app', projectId: t.projectId, appId: KEYS.appId, name: 'Default' });
    const b = await whoami({
      'x-app-id': other.server_side_key.app_id,
      'x-app-token': other.server_side_key.app_token,
    });
    expect(b.json()).toMatchObject({ kind: 'app', projectId: other.id, appId: other.server_side_key.app_id });
  });

  it('refuses a wrong token, a mixed pair, a management key and no key', async () => {
    const other = await createProject(t, 'Project C');
    for (const headers of [
      {},
      { 'x-app-id': KEYS.appId },
      { 'x-app-id': KEYS.appId, 'x-app-token': 'wrong' },
      { 'x-app-id': KEYS.appId, 'x-app-token': other.server_side_key.app_token },
      { 'x-app-id': other.server_side_key.app_id, 'x-app-token': KEYS.appToken },
      t.mgmt,
      { 'x-app-id': KEYS.managementId, 'x-app-token': KEYS.managementToken },
    ]) {
      const res = await whoami(headers);
      expect(res.statusCode, JSON.stringify(headers)).toBe(401);
      expect(res.json()).toMatchObject({
        code: 401,
        key: 'unauthorized',
        request_id: res.headers['x-request-id'],
      });
    }
  });

  it('accepts a new key at once and refuses it once deleted', async () => {
    const keysUrl = `${projectPath(t.projectId)}/api-keys`;
    const created = (await mgmt(t, 'POST', keysUrl, { body: { name: 'Short-lived' } })).body;
    const headers = { 'x-app-id': created.app_id, 'x-app-token': created.app_token };
    expect((await whoami(headers)).json()).toMatchObject({ projectId: t.projectId, name: 'Short-lived' });
    expect((await mgmt(t, 'DELETE', `${keysUrl}/${created.app_id}`)).status).toBe(204);
    expect((await whoami(headers)).statusCode).toBe(401);
    expect((await whoami(t.appKey)).statusCode).toBe(200);
  });
});
