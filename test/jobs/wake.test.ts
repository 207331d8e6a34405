import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/connect.js';
import { startTestApp } from '../helpers/app.js';
import { DIALECTS, freshPgSchema } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { eventually } from '../helpers/poll.js';
import { send } from '../helpers/request.js';

const pg = DIALECTS.filter((d) => d.name === 'postgres');

describe.each(pg)('job wake-ups across processes on $name', (dialect) => {
  it("an API process's enqueued jobs wake a worker process's runner, by NOTIFYs sent after the commits", async () => {
    // `--role api` runs no jobs; the worker's fallback poll is a minute away, so only the API's NOTIFYs can
    // get the generations done within the wait.
    const { schema, drop } = await freshPgSchema();
    const open = () =>
      openDatabase({ databaseUrl: process.env.DATABASE_URL!, pgSchema: schema, pgPoolMax: 5 });
    const api = await startTestApp(dialect, { role: 'api' }, await open());
    const worker = await startTestApp(dialect, { role: 'worker', dispatchPollMs: 60_000 }, await open());
    try {
      await worker.vs.startBackground();
      const campaigns: string[] = [];
      for (let i = 0; i < 3; i++) {
        const res = await send(api, 'POST', '/v1/campaigns', {
          body: buildCampaign('DISCOUNT_COUPONS', {
            vouchers_count: 5,
            voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } },
          }),
        });
        expect(res.status).toBe(200);
        campaigns.push(res.body.id);
      }
      for (const id of campaigns)
        await eventually(
          async () => (await send(api, 'GET', `/v1/campaigns/${id}`)).body.vouchers_count === 5,
          {
            timeoutMs: 5000,
            what: `the generation of campaign ${id}`,
          },
        );
    } finally {
      await worker.close();
      await api.close();
      await drop();
    }
  });
});
