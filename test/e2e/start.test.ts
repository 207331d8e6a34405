import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { freshPgSchema } from '../helpers/db.js';
import { cleanEnv, FIXED, FIXED_FLAGS, VouchsafeProcess, waitReady } from './process.js';

const DATABASE_URL = process.env.DATABASE_URL;
const mgmtHeaders = { 'x-management-id': FIXED.managementId, 'x-management-token': FIXED.managementToken };

const running: VouchsafeProcess[] = [];
function start(args: string[], env: NodeJS.ProcessEnv = cleanEnv()): VouchsafeProcess {
  const p = new VouchsafeProcess(args, env);
  running.push(p);
  return p;
}

afterEach(async () => {
  // A failed assertion must not leave a server behind.
  for (const p of running.splice(0)) await p.stop('SIGKILL');
});

async function api(base: string, method: string, path: string, body?: unknown) {
  const res = await fetch(`${base}/management/v1${path}`, {
    method,
    headers: body === undefined ? mgmtHeaders : { ...mgmtHeaders, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : null };
}

/** Creates, lists, updates and deletes a webhook over HTTP; leaves one webhook behind and returns it. */
async function exerciseWebhooks(base: string, projectId: string) {
  const hooks = `/projects/${projectId}/webhooks`;
  const created = await api(base, 'POST', hooks, {
    target_url: 'https://hooks.example.com/e2e',
    events: ['redemption.succeeded', 'campaign.vouchers.aded'],
    headers: { Authorization: 'Bearer e2e' },
  });
  expect(created.status).toBe(200);
  expect(created.headers.get('x-request-id')).toMatch(/^v-[0-9a-f]{18}$/);
  expect(created.body).toMatchObject({
    id: expect.stringMatching(/^wh_/),
    object: 'webhook',
    target_url: 'https://hooks.example.com/e2e',
    events: ['redemption.succeeded', 'campaign.vouchers.added'],
    active: true,
    headers: { Authorization: 'Bearer e2e' },
  });

  const listed = await api(base, 'GET', hooks);
  expect(listed.body).toMatchObject({ object: 'list', total: 1, data: [created.body] });

  const updated = await api(base, 'PUT', `${hooks}/${created.body.id}`, {
    target_url: 'https://hooks.example.com/e2e-v2',
    events: ['voucher.created'],
  });
  expect(updated.status).toBe(200);
  expect(updated.body).toMatchObject({
    id: created.body.id,
    target_url: 'https://hooks.example.com/e2e-v2',
    events: ['voucher.created'],
  });

  const extra = await api(base, 'POST', hooks, { target_url: 'https://x.example.com/', all_events: true });
  expect(extra.status).toBe(200);
  const del = await api(base, 'DELETE', `${hooks}/${extra.body.id}`);
  expect(del.status).toBe(204);
  expect((await api(base, 'GET', `${hooks}/${extra.body.id}`)).status).toBe(404);

  const anonymous = await fetch(`${base}/management/v1${hooks}`);
  expect(anonymous.status).toBe(401);
  expect(((await anonymous.json()) as { key: string }).key).toBe('unauthorized');

  const remaining = await api(base, 'GET', hooks);
  expect(remaining.body.data).toEqual([updated.body]);
  return updated.body;
}

describe('vouchsafe start on SQLite', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'vouchsafe-e2e-'));
  });
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves with the fixed keys, keeps its data across a restart, and exits 0 on SIGTERM', async () => {
    const data = join(dir, 'data');
    const args = ['start', '--port', '0', '--data', data, ...FIXED_FLAGS];

    const first = start(args);
    const banner = await first.banner();
    expect(banner.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(banner.base).not.toMatch(/:0$/);
    expect(banner.projectId).toMatch(/^proj_/);
    expect(banner.data).toBe(join(data, 'vouchsafe.db'));
    expect(banner.credentials).toEqual({
      'X-App-Id': FIXED.appId,
      'X-App-Token': FIXED.appToken,
      'X-Management-Id': FIXED.managementId,
      'X-Management-Token': FIXED.managementToken,
      'Webhook secret key': FIXED.webhookSecret,
    });
    await waitReady(banner.base);
    expect(await (await fetch(`${banner.base}/healthz`)).json()).toEqual({ status: 'ok' });

    const secret = await api(banner.base, 'GET', `/projects/${banner.projectId}/webhook-secret`);
    expect(secret.body.secret_key).toBe(FIXED.webhookSecret);
    const webhook = await exerciseWebhooks(banner.base, banner.projectId);

    expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    expect(first.stderr).toBe('');

    const second = start(args);
    const again = await second.banner();
    expect(again.projectId).toBe(banner.projectId);
    expect(again.credentials).toBeNull();
    expect(second.stdout).not.toContain(FIXED.managementToken);
    await waitReady(again.base);
    const projects = await api(again.base, 'GET', '/projects');
    expect(projects.body.total).toBe(1);
    expect(projects.body.data[0].id).toBe(banner.projectId);
    const hooks = await api(again.base, 'GET', `/projects/${banner.projectId}/webhooks`);
    expect(hooks.body.data).toEqual([webhook]);
    const keys = await api(again.base, 'GET', `/projects/${banner.projectId}/api-keys`);
    expect(keys.body.data.map((k: any) => [k.app_id, k.name])).toEqual([[FIXED.appId, 'Default']]);

    expect(await second.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('generates keys on a first start without fixed ones, and they work', async () => {
    const p = start(['start', '--port', '0', '--data', join(dir, 'generated')]);
    const banner = await p.banner();
    const c = banner.credentials!;
    expect(c['X-App-Id']).toMatch(/^app_/);
    expect(c['X-Management-Id']).toMatch(/^mgmt_/);
    expect(c['Webhook secret key']).toMatch(/^whsec_/);
    await waitReady(banner.base);
    const res = await fetch(`${banner.base}/management/v1/projects`, {
      headers: { 'x-management-id': c['X-Management-Id'], 'x-management-token': c['X-Management-Token'] },
    });
    expect(res.status).toBe(200);
    expect(await p.stop()).toEqual({ code: 0, signal: null });

    // Keys fixed later are added to the existing project; the generated ones keep working.
    const later = start(['start', '--port', '0', '--data', join(dir, 'generated'), ...FIXED_FLAGS]);
    const again = await later.banner();
    expect(again.projectId).toBe(banner.projectId);
    expect(again.credentials).toBeNull();
    expect(later.stdout).toMatch(/warning: --webhook-secret differs/);
    await waitReady(again.base);
    const projects = await api(again.base, 'GET', '/projects');
    expect(projects.body.data.map((x: any) => x.id)).toEqual([banner.projectId]);
    const generated = await fetch(`${again.base}/management/v1/projects`, {
      headers: { 'x-management-id': c['X-Management-Id'], 'x-management-token': c['X-Management-Token'] },
    });
    expect(generated.status).toBe(200);
    const keys = await api(again.base, 'GET', `/projects/${banner.projectId}/api-keys`);
    expect(keys.body.data.map((k: any) => k.app_id).sort()).toEqual([c['X-App-Id'], FIXED.appId].sort());
    expect(await later.stop()).toEqual({ code: 0, signal: null });
  });

  it('reports every invalid setting together and exits 2', async () => {
    const p = start(
      ['start', '--port', 'abc', '--data', join(dir, 'never')],
      cleanEnv({ VOUCHSAFE_RETENTION_DAYS: '0' }),
    );
    expect(await p.exited).toEqual({ code: 2, signal: null });
    expect(p.stderr).toMatch(/--port: /);
    expect(p.stderr).toMatch(/VOUCHSAFE_RETENTION_DAYS: /);
    expect(p.stdout).not.toContain('Vouchsafe is running');
  });

  it.each([
    [
      'a data folder that is a file',
      (d: string) => {
        writeFileSync(d, 'not a folder');
        return d;
      },
      /data folder .* is a file/,
    ],
    [
      'a corrupt database file',
      (d: string) => {
        mkdirSync(d);
        writeFileSync(join(d, 'vouchsafe.db'), 'this is not an SQLite database, just text '.repeat(200));
        return d;
      },
      /not a database/i,
    ],
    [
      'a database whose schema makes the migration fail',
      (d: string) => {
        mkdirSync(d);
        const db = new SQLite(join(d, 'vouchsafe.db'));
        db.exec('CREATE TABLE projects (something_else TEXT)');
        db.close();
        return d;
      },
      /migration 0001_\w+ failed/,
    ],
  ])('refuses to serve on %s, and says why', async (_what, prepare, why) => {
    const data = prepare(join(dir, `broken-${Math.random().toString(36).slice(2)}`));
    const p = start(['start', '--port', '0', '--data', data, ...FIXED_FLAGS]);
    const end = await p.exited;
    expect(end.code).not.toBe(0);
    expect(end.code).not.toBeNull();
    expect(p.stderr).toMatch(/cannot start/i);
    expect(p.stderr).toMatch(why);
    expect(p.stdout).not.toContain('Vouchsafe is running');
  });
});

describe.skipIf(!DATABASE_URL)('vouchsafe start on PostgreSQL', () => {
  it('serves from DATABASE_URL, keeps its data across a restart, and exits 0 on SIGTERM', async () => {
    const { schema, drop } = await freshPgSchema();
    try {
      const url = new URL(DATABASE_URL!);
      url.searchParams.set('options', `-c search_path=${schema}`);
      const env = cleanEnv({ DATABASE_URL: url.toString() });
      const dataDir = mkdtempSync(join(tmpdir(), 'vouchsafe-e2e-pg-'));
      const args = ['start', '--port', '0', '--data', dataDir, ...FIXED_FLAGS];

      const first = start(args, env);
      const banner = await first.banner();
      expect(banner.data).toContain('postgres');
      expect(banner.credentials?.['X-Management-Id']).toBe(FIXED.managementId);
      await waitReady(banner.base);
      const webhook = await exerciseWebhooks(banner.base, banner.projectId);
      expect(await first.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      const second = start(args, env);
      const again = await second.banner();
      expect(again.projectId).toBe(banner.projectId);
      expect(again.credentials).toBeNull();
      await waitReady(again.base);
      expect((await api(again.base, 'GET', '/projects')).body.total).toBe(1);
      const hooks = await api(again.base, 'GET', `/projects/${banner.projectId}/webhooks`);
      expect(hooks.body.data).toEqual([webhook]);
      expect(await second.stop('SIGTERM')).toEqual({ code: 0, signal: null });

      // The data went to the schema named in the URL, and SQLite was not used.
      const pg = (await import('pg')).default;
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      const rows = await c.query(`SELECT count(*)::int AS n FROM ${schema}.webhooks`);
      await c.end();
      expect(rows.rows[0].n).toBe(1);
      rmSync(dataDir, { recursive: true, force: true });
    } finally {
      await drop();
    }
  });
});
