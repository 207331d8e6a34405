import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, type Harness, harness } from '../helpers/harness.js';
import { lastRequestId } from '../helpers/sdk.js';

const DAY = 86_400_000;
const dayString = (ms: number) => new Date(ms).toISOString().slice(0, 10);

for (const dialect of DIALECTS) {
  describe(`points expiration, driven by the clock (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    let campaign: any;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t, { checkAll: true });
      campaign = await h.sdk.loyalties.create(
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
          voucher: {
            type: 'LOYALTY_CARD',
            loyalty_card: { points: 0, expiration_rules: { period_type: 'MONTH', period_value: 1 } },
            code_config: { pattern: 'EXP-#####' },
          },
        }) as any,
      );
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    const card = async (code: string) => (await h.sdk.loyalties.getMember(null, code)) as any;

    it('expires each bucket once its day is over, soonest first, and catches up after downtime', async () => {
      const member: any = await h.sdk.loyalties.createMember(campaign.id, {
        customer: { source_id: 'exp-ann' },
      } as any);
      const today = Math.floor(t.clock.now() / DAY) * DAY;
      await h.sdk.loyalties.addOrRemoveCardBalance(member.code, { points: 100 } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(member.code, {
        points: 50,
        expiration_type: 'CUSTOM_DATE',
        expiration_date: dayString(today + 2 * DAY),
      } as any);
      const soonRequest = lastRequestId(h.sdk);
      await h.sdk.loyalties.addOrRemoveCardBalance(member.code, {
        points: 30,
        expiration_type: 'NON_EXPIRING',
      } as any);

      // The last good day of the 50 points is today + 2: nothing expires through its end.
      t.clock.set(today + 3 * DAY - 1);
      await t.vs.jobs.drain();
      expect((await card(member.code)).loyalty_card).toMatchObject({ balance: 180, expired_points: 0 });

      t.clock.set(today + 3 * DAY + 120_000);
      await t.vs.jobs.drain();
      await t.vs.jobs.drain();
      expect((await card(member.code)).loyalty_card).toMatchObject({
        points: 180,
        balance: 130,
        expired_points: 50,
      });
      const events = await delivered(h, 'voucher.loyalty_card.points_expired', member.id);
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({
        points: 50,
        buckets: { status: 'EXPIRED', bucket: { total_points: 50 }, expires_at: dayString(today + 2 * DAY) },
        transaction: { type: 'POINTS_EXPIRATION', details: { balance: { points: -50, balance: 130 } } },
        customer: { id: member.holder_id },
      });
      expect(events[0].event.group_id).toBe(soonRequest);
      expect(events[0].event.event_source).toEqual({ channel: 'INTERNAL', user: null, api_key: null });

      // A removal takes from the soonest bucket left (the program's month); what is left of it expires.
      await h.sdk.loyalties.addOrRemoveCardBalance(member.code, { points: -40 } as any);
      const expiring: any = await h.sdk.loyalties.getPointsExpiration(campaign.id, member.code);
      expect(expiring.data.map((b: any) => b.bucket.total_points)).toEqual([60]);
      // Down for three months: one run catches up.
      t.clock.set(today + 95 * DAY);
      await t.vs.jobs.drain();
      expect((await card(member.code)).loyalty_card).toMatchObject({ balance: 30, expired_points: 110 });
      const txs: any = await h.sdk.loyalties.listCardTransactions(member.code, null);
      expect(txs.data.map((x: any) => [x.type, x.details.balance.points])).toEqual([
        ['POINTS_EXPIRATION', -60],
        ['POINTS_REMOVAL', -40],
        ['POINTS_EXPIRATION', -50],
        ['POINTS_ADDITION', 30],
        ['POINTS_ADDITION', 50],
        ['POINTS_ADDITION', 100],
      ]);
      expect(
        (await delivered(h, 'voucher.loyalty_card.points_expired', member.id)).map((e) => e.data.points),
      ).toEqual(expect.arrayContaining([50, 60]));
      const buckets = await sql<{ status: string; n: number | string }>`
        select status, count(*) as n from loyalty_point_buckets where voucher_id = ${member.id} group by status order by status`.execute(
        t.vs.ctx.db.kysely,
      );
      expect(buckets.rows.map((r) => [r.status, Number(r.n)])).toEqual([
        ['ACTIVE', 1],
        ['EXPIRED', 2],
      ]);
    });
  });
}
