import { afterEach, describe, expect, it } from 'vitest';
import type { PrivateTargetPolicy } from '../../src/platform/config.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildWebhook, createWebhook, listWebhooks } from '../helpers/factories.js';
import { expectError, mgmt, projectPath } from '../helpers/request.js';

// A target whose host is an IP literal is judged by the egress policy when it is saved; a host name can only
// be judged when a delivery connects (see test/webhooks/egress-guard.test.ts). Webhooks for non-loopback
// targets are created inactive, so that nothing is ever sent there.
describe.each(DIALECTS)('webhook target addresses when saved, on $name', (dialect) => {
  let t: TestApp;
  const start = async (policy: PrivateTargetPolicy) => {
    t = await startTestApp(dialect, { allowPrivateTargets: policy });
  };
  afterEach(async () => {
    await t.close();
  });
  const hooks = () => `${projectPath(t.projectId)}/webhooks`;

  it.each([
    ['http://127.0.0.1:9/hook', /names 127\.0\.0\.1 \(loopback\)/],
    ['http://[::127.0.0.1]:18099/', /names ::7f00:1 \(loopback, IPv4-compatible 127\.0\.0\.1\)/],
    ['http://[::ffff:10.0.0.1]/', /names ::ffff:a00:1 \(private, IPv4-mapped 10\.0\.0\.1\)/],
    ['http://[64:ff9b::a9fe:a9fe]/latest', /\(linkLocal, NAT64 169\.254\.169\.254\)/],
    ['https://[2002:c0a8:101::1]/', /\(private, 6to4 192\.168\.1\.1\)/],
    ['http://2130706433/', /names 127\.0\.0\.1 \(loopback\)/],
    ['http://[fd00::1]/', /names fd00::1 \(uniqueLocal\)/],
    ['http://[::1]:8080/', /names ::1 \(loopback\)/],
  ])('under none, refuses to create a webhook for %s and says why', async (target_url, why) => {
    await start('none');
    const sent = await mgmt(t, 'POST', hooks(), { body: buildWebhook({ target_url }) });
    expectError(sent, 400, 'invalid_payload', { details: /^target_url / });
    expect(sent.body.details).toMatch(why);
    expect(sent.body.details).toMatch(/VOUCHSAFE_ALLOW_PRIVATE_TARGETS=none does not allow/);
    expect(await listWebhooks(t)).toEqual([]);
  });

  it('under none, refuses to move a webhook to a forbidden literal, and changes nothing', async () => {
    await start('none');
    const created = await createWebhook(t, { target_url: 'https://8.8.8.8/hook', active: false });
    for (const target_url of ['http://[::127.0.0.1]:18099/', 'http://169.254.169.254/']) {
      const sent = await mgmt(t, 'PUT', `${hooks()}/${created.id}`, { body: { target_url } });
      expectError(sent, 400, 'invalid_payload', { details: /^target_url .*does not allow/ });
    }
    expect((await mgmt(t, 'GET', `${hooks()}/${created.id}`)).body).toEqual(created);
  });

  it('under none, a test send to an embedded loopback literal is refused without a connection', async () => {
    await start('none');
    const sent = await mgmt(t, 'POST', `${hooks()}/test`, {
      body: { target_url: 'http://[::127.0.0.1]:18099/' },
    });
    expect(sent.status).toBe(200);
    expect(sent.body).toMatchObject({ status_code: null });
    expect(sent.body.error).toMatch(
      /^egress_denied: egress to ::7f00:1 \(loopback, IPv4-compatible 127\.0\.0\.1\)/,
    );
  });

  it('under none, accepts public literals and host names (a name is judged at connect time)', async () => {
    await start('none');
    for (const target_url of [
      'https://8.8.8.8/hook',
      'https://[2606:4700:4700::1111]/hook',
      'https://[64:ff9b::808:808]/hook',
      'https://localhost/hook',
      'https://hooks.example.com/hook',
    ])
      expect((await createWebhook(t, { target_url, active: false })).target_url).toBe(target_url);
  });

  it('under loopback, accepts loopback literals and refuses other private ones', async () => {
    await start('loopback');
    for (const target_url of ['http://127.0.0.1:9/', 'http://[::1]:9/', 'http://[::127.0.0.1]:9/'])
      expect((await createWebhook(t, { target_url })).target_url).toBe(target_url);
    const sent = await mgmt(t, 'POST', hooks(), { body: buildWebhook({ target_url: 'http://10.0.0.1/' }) });
    expectError(sent, 400, 'invalid_payload', {
      details: /^target_url names 10\.0\.0\.1 \(private\), which VOUCHSAFE_ALLOW_PRIVATE_TARGETS=loopback/,
    });
    expect(await listWebhooks(t)).toHaveLength(3);
  });

  it('under all, accepts any literal', async () => {
    await start('all');
    for (const target_url of ['http://10.0.0.1/', 'http://169.254.169.254/', 'http://[fe80::1]/'])
      expect((await createWebhook(t, { target_url, active: false })).target_url).toBe(target_url);
  });
});
