import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { Receiver } from '../helpers/receiver.js';
import {
  clientEnv,
  listServerWebhooks,
  MGMT,
  runCli,
  type Server,
  startServer,
  waitForOutput,
} from '../helpers/cli.js';

const LISTEN_READY = /Ready: webhook (wh_\w+) delivers to (\S+?)(,|\n)/;
/** Each test starts CLI processes through tsx, which takes seconds each on a loaded machine: a bound, not a speed check. */
const PROCESS_TIMEOUT = { timeout: 120_000 };

describe.each(DIALECTS)(
  'vouchsafe listen and trigger against a started Vouchsafe ($name)',
  PROCESS_TIMEOUT,
  (dialect) => {
    let server: Server;
    let app: Receiver;
    const listeners: Started[] = [];
    beforeAll(async () => {
      server = await startServer(dialect);
      app = await new Receiver().start();
    });
    afterAll(async () => {
      for (const l of listeners) if (l.child.exitCode === null) await killHard(l);
      await app.stop();
      await server.stop();
    });

    const listen = async (args: string[]) => {
      const l = await startCli(['listen', ...args], clientEnv(server.base), /Ready: webhook/);
      listeners.push(l);
      return l;
    };

    it('relays a triggered customer.created byte for byte, verified, through a 500 and its retry, and removes its webhook on SIGTERM', async () => {
      let calls = 0;
      app.status = () => (++calls === 1 ? 500 : 200);
      const l = await listen(['--forward-to', app.url]);
      const [, webhookId, target] = LISTEN_READY.exec(l.output())!;
      expect((await listServerWebhooks(server)).map((w) => [w.id, w.target_url])).toContainEqual([
        webhookId,
        target,
      ]);

      const trig = await runCli(['trigger', 'customer.created'], clientEnv(server.base));
      expect(trig.code).toBe(0);
      expect(trig.out).toMatch(/POST \/v1\/customers {2}200 {2}request v-\w+/);
      const sendoutId = /send-out (whs_\w+) {2}webhook (wh_\w+)/.exec(trig.out)!;
      expect(sendoutId[2]).toBe(webhookId);

      await app.waitFor(2, 20_000);
      const [first, second] = app.received;
      expect(first!.headers['webhook-id']).toBe(sendoutId[1]);
      expect(second!.headers['webhook-id']).toBe(sendoutId[1]);
      // The exact bytes Vouchsafe sent: the signature over them still holds, and they are the stored envelope.
      const detail: any = await (
        await fetch(
          `${server.base}/management/v1/projects/${server.projectId}/webhook-sendouts/${sendoutId[1]}`,
          {
            headers: MGMT,
          },
        )
      ).json();
      for (const r of [first!, second!]) {
        expect(r.body).toBe(JSON.stringify(detail.payload));
        expect(r.headers['x-voucherify-signature']).toBe(
          createHmac('sha256', KEYS.webhookSecret).update(r.body).digest('hex'),
        );
        expect(r.headers['webhook-signature']).toMatch(/^v1,/);
      }
      const entity = detail.payload.event.entity_id;
      await waitForOutput(l, /attempt 2 {2}signature OK/);
      expect(l.output()).toContain(`customer.created  ${sendoutId[1]}  ${entity}  attempt 1  signature OK`);
      expect(l.output()).toContain(`customer.created  ${sendoutId[1]}  ${entity}  attempt 2  signature OK`);
      expect(l.output()).toMatch(new RegExp(`-> ${app.url.replace(/[.]/g, '\\.')} {2}500 {2}\\d+ ms`));
      expect(l.output()).toMatch(new RegExp(`-> ${app.url.replace(/[.]/g, '\\.')} {2}200 {2}\\d+ ms`));

      // Vouchsafe saw the app's answers through the listener: 500, then 200.
      let row: any;
      const end = Date.now() + 5000;
      do {
        row = await (
          await fetch(
            `${server.base}/management/v1/projects/${server.projectId}/webhook-sendouts/${sendoutId[1]}`,
            {
              headers: MGMT,
            },
          )
        ).json();
      } while (row.status !== 'succeeded' && Date.now() < end);
      expect(row.attempts.map((a: any) => a.status_code)).toEqual([500, 200]);
      // The retry came on the schedule (1 s), not at once.
      const [a1, a2] = row.attempts.map((a: any) => Date.parse(a.started_at));
      expect(a2 - a1).toBeGreaterThanOrEqual(1000);

      l.child.kill('SIGTERM');
      expect(await l.exited).toBe(0);
      expect(l.output()).toContain(`Removed webhook ${webhookId}`);
      expect((await listServerWebhooks(server)).map((w) => w.id)).not.toContain(webhookId);
    });

    it('prints the whole body with --print json, and a failed signature with its reason', async () => {
      const l = await listen(['--print', 'json', '--events', 'customer.created']);
      const [, , target] = LISTEN_READY.exec(l.output())!;
      const body = JSON.stringify({ id: 'whs_forged', type: 'customer.created', data: {} });
      const forged = await fetch(target!, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-voucherify-signature': 'bad',
          'webhook-id': 'whs_forged',
        },
        body,
      });
      expect(forged.status).toBe(400);
      await waitForOutput(
        l,
        /whs_forged {2}- {2}attempt 1 {2}signature FAILED: x-voucherify-signature does not match/,
      );
      expect(l.output()).toContain(body);
      l.child.kill('SIGTERM');
      expect(await l.exited).toBe(0);
    });

    it('removes the webhook a crashed run left, and keeps the one of a listener still running', async () => {
      const alive = await listen(['--events', 'customer.created']);
      const aliveId = LISTEN_READY.exec(alive.output())![1]!;
      const crashed = await listen(['--events', 'customer.created']);
      const crashedId = LISTEN_READY.exec(crashed.output())![1]!;
      await killHard(crashed);
      expect((await listServerWebhooks(server)).map((w) => w.id)).toEqual(
        expect.arrayContaining([aliveId, crashedId]),
      );

      const next = await listen(['--events', 'customer.created']);
      const nextId = LISTEN_READY.exec(next.output())![1]!;
      expect(next.output()).toContain(`Removed stale webhook ${crashedId}`);
      expect(next.output()).not.toContain(aliveId);
      const ids = (await listServerWebhooks(server)).map((w) => w.id);
      expect(ids).toEqual(expect.arrayContaining([aliveId, nextId]));
      expect(ids).not.toContain(crashedId);
      for (const l of [alive, next]) {
        l.child.kill('SIGTERM');
        expect(await l.exited).toBe(0);
      }
      expect(
        (await listServerWebhooks(server)).filter((w) => w.target_url.includes('/vouchsafe-listen/')),
      ).toEqual([]);
    });

    it('trigger --list lists exactly the types the server fires', async () => {
      const list = await runCli(['trigger', '--list'], clientEnv(server.base));
      expect(list.code).toBe(0);
      const listed = list.out
        .trim()
        .split('\n')
        .map((line) => line.split(/\s+/)[0]);
      const catalog: any = await (
        await fetch(`${server.base}/management/v1/webhook-events`, { headers: MGMT })
      ).json();
      const fired = catalog.data.filter((e: any) => e.fired).map((e: any) => e.type);
      expect(fired).toHaveLength(60);
      expect([...listed].sort()).toEqual([...fired].sort());
      expect(new Set(listed).size).toBe(listed.length);
      // A type of the catalog that nothing fires yet, or (once all do) one outside it.
      const unfired = catalog.data.find((e: any) => !e.fired)?.type ?? 'campaign.no_such_event';
      const unknown = await runCli(['trigger', unfired], clientEnv(server.base));
      expect(unknown.code).toBe(2);
      expect(unknown.out).toContain(`cannot fire "${unfired}"`);
    });
  },
);
