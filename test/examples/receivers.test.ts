import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { createReceiver as fastifyReceiver } from '../../examples/receiver/fastify.js';
import { createReceiver as httpReceiver } from '../../examples/receiver/node-http.js';
import type { WebhookEvent } from '../../src/receiver.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { exerciseReceiver } from './exercise-receiver.js';

describe.each(DIALECTS)('the README receiver examples on $name', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('node:http', async () => {
    const got: WebhookEvent[] = [];
    const server = httpReceiver(KEYS.webhookSecret, (e) => got.push(e));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      await exerciseReceiver(t, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });

  it('Fastify', async () => {
    const got: WebhookEvent[] = [];
    const app = fastifyReceiver(KEYS.webhookSecret, (e) => got.push(e));
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      await exerciseReceiver(t, `${address}/hooks`, got);
    } finally {
      await app.close();
    }
  });
});
