import { afterEach, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { fireEvent } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { Receiver } from '../helpers/receiver.js';
import { inProject } from '../helpers/request.js';

describe.each(DIALECTS)('the send-out list total on $name', (dialect) => {
  let t: TestApp | undefined;
  let receiver: Receiver | undefined;
  afterEach(async () => {
    await receiver?.stop();
    await t?.close();
    t = receiver = undefined;
  });

  const list = async (app: TestApp, query: string) => {
    const res = await inProject(app, 'GET', `/webhook-sendouts?${query}`);
    expect(res.status).toBe(200);
    return res.body;
  };

  it('is the number of matching send-outs, not the page size, on every page', async () => {
    t = await startTestApp(dialect);
    receiver = await new Receiver().start();
    await createWebhook(t, { target_url: receiver.url, events: ['customer.created', 'customer.deleted'] });
    for (let i = 0; i < 12; i++)
      await fireEvent(t, 'customer.created', { customer: { id: `c${i}` } }, `c${i}`);
    for (let i = 0; i < 5; i++)
      await fireEvent(t, 'customer.deleted', { customer: { id: `d${i}` } }, `d${i}`);
    await t.vs.dispatcher!.drain();
    await fireEvent(t, 'customer.created', { customer: { id: 'queued' } }, 'queued');

    const first = await list(t, 'status=succeeded&limit=1');
    expect(first.data).toHaveLength(1);
    expect(first).toMatchObject({ total: 17, has_more: true });
    const second = await list(t, `status=succeeded&limit=5&starting_after=${first.data[0].id}`);
    expect(second.data).toHaveLength(5);
    expect(second.total).toBe(17);
    expect((await list(t, 'type=customer.deleted&limit=2')).total).toBe(5);
    expect((await list(t, 'status=pending&limit=100')).total).toBe(1);
    expect((await list(t, 'limit=100')).total).toBe(18);
  });
});
