import { describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { expectError, send } from '../helpers/request.js';

/**
 * At most 100 earning rules per project, however the requests that create them interleave: creates on
 * different campaigns at once count one after the other.
 */

const ITEM = { event: 'order.paid', loyalty: { type: 'FIXED', points: 1 } };

async function program(t: TestApp) {
  const r = await send(t, 'POST', '/v1/loyalties', {
    body: buildCampaign('LOYALTY_PROGRAM', {
      start_date: null,
      expiration_date: null,
      validity_day_of_week: null,
    }),
  });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

describe.each(DIALECTS)('the earning-rule limit under concurrency ($name)', (dialect) => {
  it('95 rules, then ten creates at once on two campaigns: exactly five go through, the others are refused', async () => {
    const t = await startTestApp(dialect);
    try {
      const [one, two] = [await program(t), await program(t)];
      const fill = await send(t, 'POST', `/v1/loyalties/${one.id}/earning-rules`, {
        body: Array.from({ length: 95 }, () => ITEM),
      });
      expect(fill.status, fill.raw).toBe(200);
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          send(t, 'POST', `/v1/loyalties/${(i % 2 ? one : two).id}/earning-rules`, { body: [ITEM] }),
        ),
      );
      const refused = answers.filter((a) => a.status !== 200);
      expect(answers.filter((a) => a.status === 200)).toHaveLength(5);
      expect(refused).toHaveLength(5);
      for (const r of refused) expectError(r, 400, 'limit_exceeded', /at most 100 earning rules; it has 100/);
      expect((await rowCounts(t)).earning_rules).toBe(100);
    } finally {
      await t.close();
    }
  });

  it('99 rules, then one create on each of two campaigns at once: exactly one is refused', async () => {
    const t = await startTestApp(dialect);
    try {
      const [one, two] = [await program(t), await program(t)];
      const fill = await send(t, 'POST', `/v1/loyalties/${one.id}/earning-rules`, {
        body: Array.from({ length: 99 }, () => ITEM),
      });
      expect(fill.status, fill.raw).toBe(200);
      const answers = await Promise.all(
        [one, two].map((c) => send(t, 'POST', `/v1/loyalties/${c.id}/earning-rules`, { body: [ITEM] })),
      );
      expect(answers.map((a) => a.status).sort()).toEqual([200, 400]);
      expectError(answers.find((a) => a.status === 400)!, 400, 'limit_exceeded', /at most 100/);
      expect((await rowCounts(t)).earning_rules).toBe(100);
    } finally {
      await t.close();
    }
  });
});
