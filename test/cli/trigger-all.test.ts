import { writeFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientOptions } from '../../src/cli/client.js';
import { runTrigger } from '../../src/cli/trigger.js';
import { TRIGGERS } from '../../src/cli/triggers/index.js';
import { verifyWebhook } from '../../src/receiver.js';
import { KEYS } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { servedSchemaErrors } from '../helpers/event-schema.js';
import { validateData } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';
import { clientEnv, MGMT, type Server, startServer } from '../helpers/cli.js';

/** With CAPTURE_RECEIVER_FIXTURE=1 the deliveries of this run become test/receiver/fixtures/payloads.ts. */
const FIXTURE = new URL('../receiver/fixtures/payloads.ts', import.meta.url);

/** Published validation, for the types whose example is filed under their own name. */
function publishedErrors(type: string, data: unknown): unknown[] | null | 'none' {
  try {
    return validateData(type, data);
  } catch {
    return 'none';
  }
}

describe.each(DIALECTS)('vouchsafe trigger fires every type of trigger --list ($name)', (dialect) => {
  let server: Server;
  let receiver: Receiver;
  const captured: Record<string, unknown> = {};
  beforeAll(async () => {
    server = await startServer(dialect);
    receiver = await new Receiver().start();
    const res = await fetch(`${server.base}/management/v1/projects/${server.projectId}/webhooks`, {
      method: 'POST',
      headers: { ...MGMT, 'content-type': 'application/json' },
      body: JSON.stringify({ target_url: receiver.url, all_events: true }),
    });
    expect(res.status).toBe(200);
  });
  afterAll(async () => {
    if (process.env.CAPTURE_RECEIVER_FIXTURE === '1' && dialect.name === 'sqlite') writeFixture(captured);
    await receiver.stop();
    await server.stop();
  });

  it.each(TRIGGERS.map((t) => [t.type, t] as const))(
    '%s: delivered, signed, and valid under the served schema',
    async (type, scenario) => {
      const result = await runTrigger(clientOptions({}, clientEnv(server.base)), scenario, () => undefined);
      expect(result.subscribed).toBe(true);
      expect(result.sendouts.length).toBeGreaterThan(0);
      const ids = new Set(result.sendouts.map((s) => s.id));
      const find = () => receiver.received.find((r) => ids.has(String(r.headers['webhook-id'])));
      const until = Date.now() + 15_000;
      while (!find() && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
      const delivery = find();
      if (!delivery) throw new Error(`no delivery of ${type}`);

      const env = verifyWebhook(delivery.body, delivery.headers, KEYS.webhookSecret);
      expect(env.type).toBe(type);
      expect(result.requests.map((r) => r.requestId)).toContain(env.event.group_id);
      const served: any = await (
        await fetch(`${server.base}/management/v1/webhook-events/${type}`, { headers: MGMT })
      ).json();
      expect(served.fired).toBe(true);
      expect(servedSchemaErrors(served.schema, env.data)).toBeNull();
      const published = publishedErrors(type, env.data);
      if (published !== 'none') expect(published).toBeNull();
      captured[type] = env;
    },
  );
});

function writeFixture(captured: Record<string, unknown>) {
  const list = Object.keys(captured)
    .sort()
    .map((t) => captured[t]);
  writeFileSync(
    FIXTURE,
    `// Captured from real deliveries by test/cli/trigger-all.test.ts (CAPTURE_RECEIVER_FIXTURE=1, then
// \`npx biome format --write\` on this file); do not edit.
// Type-checked against the receiver kit's types by \`tsc\`, and validated by test/receiver/fixtures.test.ts.
import type { WebhookEvent } from '../../../src/receiver.js';

export const CAPTURED: WebhookEvent[] = ${JSON.stringify(list, null, 2)};
`,
  );
}
