import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { KEYS } from '../helpers/app.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { Receiver } from '../helpers/receiver.js';

/** The engine end to end from `vouchsafe start`: a /v1 call, a failing receiver, a real retry, the audit log. */
describe('delivery from a started Vouchsafe', () => {
  let p: Started | null = null;
  let receiver: Receiver | null = null;
  let dir = '';

  afterEach(async () => {
    if (p && p.child.exitCode === null) await killHard(p);
    await receiver?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('delivers customer.created, retries after a 500 on a 1 s schedule, and shows it in the audit log', async () => {
    dir = mkdtempSync(join(tmpdir(), 'vouchsafe-e2e-'));
    receiver = await new Receiver().start();
    let calls = 0;
    receiver.status = () => (++calls === 1 ? 500 : 200);
    p = await startCli(
      [
        'start',
        '--port',
        '0',
        '--data',
        dir,
        '--app-id',
        KEYS.appId,
        '--app-token',
        KEYS.appToken,
        '--management-id',
        KEYS.managementId,
        '--management-token',
        KEYS.managementToken,
        '--webhook-secret',
        KEYS.webhookSecret,
      ],
      { VOUCHSAFE_RETRY_SCHEDULE: '1s,2s', VOUCHSAFE_LOG_LEVEL: 'warn' },
    );
    const base = /API:\s+(http:\/\/\S+)\/v1/.exec(p.output())![1];
    const projectId = /Project:\s+(proj_\w+)/.exec(p.output())![1];
    const mgmt = {
      'x-management-id': KEYS.managementId,
      'x-management-token': KEYS.managementToken,
      'content-type': 'application/json',
    };

    const hook = await fetch(`${base}/management/v1/projects/${projectId}/webhooks`, {
      method: 'POST',
      headers: mgmt,
      body: JSON.stringify({ target_url: receiver.url, events: ['customer.created'] }),
    });
    expect(hook.status).toBe(200);

    const created = await fetch(`${base}/v1/customers`, {
      method: 'POST',
      headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken, 'content-type': 'application/json' },
      body: JSON.stringify({ source_id: 'e2e-customer', email: 'e2e@example.com', name: 'E2E' }),
    });
    expect(created.status).toBe(200);
    const requestId = created.headers.get('x-request-id');
    const customer = (await created.json()) as { id: string };

    await receiver.waitFor(2, 15_000);
    const [first, second] = receiver.received;
    expect(first.headers['webhook-id']).toBe(second.headers['webhook-id']);
    expect(second.at - first.at).toBeGreaterThanOrEqual(900);
    for (const r of [first, second])
      expect(r.headers['x-voucherify-signature']).toBe(
        createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex'),
      );
    const env = JSON.parse(second.body);
    expect(env).toMatchObject({
      type: 'customer.created',
      project_id: projectId,
      data: { customer: { id: customer.id, source_id: 'e2e-customer' } },
      event: {
        entity_id: customer.id,
        group_id: requestId,
        event_source: { channel: 'API', api_key: { name: 'Default', app_id: KEYS.appId } },
      },
    });

    let row: any;
    const end = Date.now() + 5000;
    do {
      const res = await fetch(`${base}/management/v1/projects/${projectId}/webhook-sendouts/${env.id}`, {
        headers: mgmt,
      });
      row = await res.json();
    } while (row.status !== 'succeeded' && Date.now() < end);
    expect(row).toMatchObject({
      status: 'succeeded',
      attempts_count: 2,
      request_id: requestId,
      next_attempt_at: null,
    });
    expect(row.attempts.map((a: any) => a.status_code)).toEqual([500, 200]);

    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });
});
