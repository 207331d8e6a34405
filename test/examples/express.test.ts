import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, it } from 'vitest';
import { createReceiver } from '../../examples/receiver/express.js';
import type { WebhookEvent } from '../../src/receiver.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { exerciseReceiver } from './exercise-receiver.js';

/* Needs the express dev dependency (and @types/express, then drop this file and the example from tsconfig's exclude). */
describe.each(DIALECTS)('the README Express receiver example on $name', (dialect) => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp(dialect);
  });
  afterEach(async () => {
    await t.close();
  });

  it('Express', async () => {
    const got: WebhookEvent[] = [];
    const server = createReceiver(KEYS.webhookSecret, (e) => got.push(e)).listen(0, '127.0.0.1');
    await new Promise<void>((r) => server.once('listening', () => r()));
    try {
      await exerciseReceiver(t, `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks`, got);
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  });
});
