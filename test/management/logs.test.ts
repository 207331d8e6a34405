import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import { ManualClock } from '../../src/platform/clock.js';
import { configWith } from '../../src/platform/config.js';
import { KEYS, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { mgmt, projectPath } from '../helpers/request.js';

/** Collects every log line the service writes. */
class Capture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

describe.each(DIALECTS)('logs on $name', (dialect) => {
  const out = new Capture();
  let t: TestApp;
  let vs: Vouchsafe;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const opened = await dialect.open();
    cleanup = opened.cleanup;
    const clock = new ManualClock(Date.now());
    vs = await createVouchsafe({
      config: configWith({ ...KEYS, logLevel: 'trace' }),
      clock,
      db: opened.db,
      logger: pino({ level: 'trace' }, out),
    });
    await vs.app.ready();
    t = {
      vs,
      clock,
      projectId: vs.bootstrap.project.id,
      mgmt: { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken },
      appKey: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
      close: async () => {},
    };
  });
  afterAll(async () => {
    await vs.close();
    await cleanup();
  });

  it('never contains a key token or a webhook secret, and tags request lines with the request id', async () => {
    const p = projectPath(t.projectId);
    const secrets: string[] = [KEYS.appToken, KEYS.managementToken, KEYS.webhookSecret];
    const responseIds: string[] = [];
    const remember = (s: Awaited<ReturnType<typeof mgmt>>) => {
      responseIds.push(s.headers['x-request-id'] as string);
      return s;
    };

    const key = remember(await mgmt(t, 'POST', `${p}/api-keys`, { body: { name: 'Logged?' } })).body;
    secrets.push(key.app_token);
    const project = remember(await mgmt(t, 'POST', '/management/v1/projects', { body: { name: 'P2' } })).body;
    secrets.push(project.server_side_key.app_token, project.webhook_token);
    const regen = remember(await mgmt(t, 'POST', `${p}/webhook-secret/regenerate`)).body;
    secrets.push(regen.secret_key);
    remember(await mgmt(t, 'GET', `${p}/webhook-secret`));
    remember(
      await mgmt(t, 'POST', `${p}/webhooks`, {
        body: {
          target_url: 'https://hooks.example.com/x',
          events: ['voucher.created'],
          headers: { Authorization: 'Bearer header-secret-0123456789' },
        },
      }),
    );
    secrets.push('Bearer header-secret-0123456789');
    remember(await mgmt(t, 'GET', `${p}/webhooks`));
    remember(await mgmt(t, 'GET', `${p}/webhooks`, { key: 'none', headers: t.appKey }));
    const wrong = 'wrong-token-that-must-not-be-logged';
    remember(
      await mgmt(t, 'GET', '/management/v1/projects', {
        key: 'none',
        headers: { 'x-management-id': KEYS.managementId, 'x-management-token': wrong },
      }),
    );
    secrets.push(wrong);
    remember(
      await mgmt(t, 'GET', `${p}/api-keys`, { headers: { authorization: `Bearer ${KEYS.appToken}` } }),
    );

    expect(out.lines.length).toBeGreaterThan(responseIds.length);
    const text = out.lines.join('\n');
    for (const s of secrets) expect(text.includes(s), `log contains ${s.slice(0, 8)}…`).toBe(false);

    const logged = out.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    const requestLines = logged.filter((l) => l.req !== undefined || l.res !== undefined);
    expect(requestLines.length).toBeGreaterThanOrEqual(responseIds.length * 2);
    for (const l of requestLines) expect(l.request_id).toMatch(/^v-[0-9a-f]{18}$/);
    const loggedIds = new Set(requestLines.map((l) => l.request_id));
    for (const id of responseIds) expect(loggedIds.has(id)).toBe(true);
  });
});
