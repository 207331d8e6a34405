import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POINTS_EXCEEDED } from '../../src/loyalties/loyalty.errors.js';
import {
  findLoyaltyCard,
  heldLoyaltyCards,
  memberTier,
  publishLoyaltyCard,
} from '../../src/loyalties/loyalty-member.service.js';
import { addLoyaltyPoints, spendLoyaltyPoints } from '../../src/loyalties/loyalty-points.service.js';
import { transact } from '../../src/platform/db/transaction.js';
import { changeLoyaltyPoints } from '../../src/vouchers/index.js';
import { isAppError } from '../../src/platform/errors.js';
import type { Caller } from '../../src/projects/index.js';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, type Harness, harness } from '../helpers/harness.js';

const DAY = 86_400_000;

async function buckets(t: TestApp, voucherId: string) {
  return t.vs.ctx.db.kysely
    .selectFrom('loyalty_point_buckets')
    .select(['points', 'total_points', 'status', 'expires_at'])
    .where('voucher_id', '=', voucherId)
    .orderBy('created_at')
    .orderBy('total_points')
    .execute()
    .then((rows) =>
      rows.map((r) => ({ ...r, points: Number(r.points), total_points: Number(r.total_points) })),
    );
}

for (const dialect of DIALECTS) {
  describe(`the loyalty points door (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    let caller: Caller;
    let campaign: any;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t);
      caller = {
        projectId: t.projectId,
        requestId: 'v-00000000000000beef',
        source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: KEYS.appId } },
      };
      campaign = await h.sdk.campaigns.create(
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
          voucher: {
            type: 'LOYALTY_CARD',
            loyalty_card: {
              points: 0,
              expiration_rules: { period_type: 'MONTH', period_value: 2, rounding_type: 'END_OF_MONTH' },
            },
            code_config: { pattern: 'LC-####' },
          },
        }) as any,
      );
      const row = await t.vs.ctx.db.kysely
        .selectFrom('campaigns')
        .select('id')
        .where('id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      const now = t.clock.now();
      for (const [i, [name, from, to]] of (
        [
          ['Bronze', 0, 99],
          ['Silver', 100, 499],
          ['Gold', 500, null],
        ] as const
      ).entries())
        await t.vs.ctx.db.kysely
          .insertInto('loyalty_tiers')
          .values({
            id: `ltr_door${i}`,
            project_id: t.projectId,
            campaign_id: row.id,
            name,
            points_from: from,
            points_to: to,
            earning_rules: JSON.stringify({ ern_x: { type: 'MULTIPLY', multiplier: i + 1 } }),
            rewards: '{}',
            metadata: '{}',
            created_at: now,
            updated_at: null,
          })
          .execute();
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    async function member(sourceId: string) {
      const c = await t.vs.ctx.db.kysely
        .selectFrom('campaigns')
        .selectAll()
        .where('id', '=', campaign.id)
        .executeTakeFirstOrThrow();
      return transact(t.vs.ctx, (tx) =>
        publishLoyaltyCard(tx, caller, { campaign: c, customer: { source_id: sourceId } }),
      );
    }

    it('publishes a card, adds points into buckets under the program rules, spends the soonest first', async () => {
      const { card, publicationId } = await member('door-alice');
      expect(publicationId).toMatch(/^pub_/);
      expect(card.holder_id).toMatch(/^cust_/);
      const found = await findLoyaltyCard(t.vs.ctx.db.kysely, t.projectId, card.code, campaign.id);
      expect(found.card.id).toBe(card.id);
      expect(
        (await heldLoyaltyCards(t.vs.ctx.db.kysely, t.projectId, card.holder_id!, campaign.id)).map(
          (c) => c.id,
        ),
      ).toEqual([card.id]);

      const added = await transact(t.vs.ctx, (tx) =>
        addLoyaltyPoints(tx, {
          cause: caller,
          card: card.id,
          points: 300,
          type: 'POINTS_ACCRUAL',
          details: { order: { id: 'ord_x', source_id: 'order-x' } },
        }),
      );
      expect(added.balance).toEqual({
        points: 300,
        total: 300,
        balance: 300,
        type: 'loyalty_card',
        object: 'balance',
        related_object: { type: 'voucher', id: card.id },
      });
      expect(added.transaction).toMatchObject({
        id: expect.stringMatching(/^vtx_/),
        type: 'POINTS_ACCRUAL',
        details: { order: { id: 'ord_x', source_id: 'order-x' }, holder_loyalty_tier: { name: 'Bronze' } },
      });
      expect(added.tier.before?.name).toBe('Bronze');
      expect(added.tier.after?.name).toBe('Silver');
      // Two months on, rounded to the end of that month; the custom date is sooner.
      const now = new Date(t.clock.now());
      const byRules = Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 0);
      const custom = Math.floor(t.clock.now() / DAY) * DAY + 10 * DAY;
      t.clock.advance(1000);
      await transact(t.vs.ctx, (tx) =>
        addLoyaltyPoints(tx, {
          cause: caller,
          card,
          points: 250,
          type: 'POINTS_ADDITION',
          source: 'API',
          expiration: { type: 'CUSTOM_DATE', date: new Date(custom).toISOString().slice(0, 10) },
        }),
      );
      expect(await buckets(t, card.id)).toEqual([
        { points: 300, total_points: 300, status: 'ACTIVE', expires_at: byRules },
        { points: 250, total_points: 250, status: 'ACTIVE', expires_at: custom },
      ]);
      const gold = await memberTier(
        t.vs.ctx.db.kysely,
        (await findLoyaltyCard(t.vs.ctx.db.kysely, t.projectId, card.code)).card,
      );
      expect(gold?.row.name).toBe('Gold');
      expect(gold?.earningRules).toEqual({ ern_x: { type: 'MULTIPLY', multiplier: 3 } });

      const spent = await transact(t.vs.ctx, (tx) =>
        spendLoyaltyPoints(tx, { cause: caller, card: card.id, points: 400, type: 'POINTS_REDEMPTION' }),
      );
      expect(spent.balance).toMatchObject({ points: -400, balance: 150, total: 550 });
      expect(spent.tier.after?.name).toBe('Silver');
      expect(await buckets(t, card.id)).toEqual([
        { points: 150, total_points: 300, status: 'ACTIVE', expires_at: byRules },
        { points: 0, total_points: 250, status: 'ACTIVE', expires_at: custom },
      ]);

      // A refund of redeemed points gives the balance back; the total never lost them.
      const refunded = await transact(t.vs.ctx, (tx) =>
        addLoyaltyPoints(tx, { cause: caller, card: card.id, points: 100, type: 'POINTS_REFUND' }),
      );
      expect(refunded.balance).toMatchObject({ points: 100, balance: 250, total: 550 });

      const types = (await delivered(h, 'voucher.loyalty_card.transaction.created', card.id)).map(
        (d) => d.data.transaction.type,
      );
      expect(types.sort()).toEqual([
        'POINTS_ACCRUAL',
        'POINTS_ADDITION',
        'POINTS_REDEMPTION',
        'POINTS_REFUND',
      ]);
      const addedEvents = await delivered(h, 'voucher.loyalty_card.points_added', card.id);
      expect(addedEvents.map((d) => d.data.transaction.details.balance.points)).toEqual([250]);
    });

    it('refuses more than the balance with POINTS_EXCEEDED, writing nothing, and the caller may go on', async () => {
      const { card } = await member('door-bob');
      await transact(t.vs.ctx, (tx) =>
        addLoyaltyPoints(tx, { cause: caller, card: card.id, points: 10, type: 'POINTS_ADDITION' }),
      );
      const outcome = await transact(t.vs.ctx, async (tx) => {
        try {
          await spendLoyaltyPoints(tx, { cause: caller, card: card.id, points: 11, type: 'POINTS_REMOVAL' });
          return 'spent';
        } catch (e) {
          if (isAppError(e) && e.key === POINTS_EXCEEDED) return `refused at ${JSON.stringify(e.details)}`;
          throw e;
        }
      });
      expect(outcome).toContain('balance of 10');
      const n = await sql<{
        n: number | string;
      }>`select count(*) as n from loyalty_transactions where voucher_id = ${card.id}`.execute(
        t.vs.ctx.db.kysely,
      );
      expect(Number(n.rows[0]!.n)).toBe(1);
    });

    it('activates pending points: the balance rises and the pending points fall in one statement', async () => {
      const { card } = await member('door-pat');
      const noChange = { balance: 0, total: 0, subtracted: 0, expired: 0 };
      await transact(t.vs.ctx, (tx) => changeLoyaltyPoints(tx, card.id, { ...noChange, pending: 70 }));
      const activated = await transact(t.vs.ctx, (tx) =>
        addLoyaltyPoints(tx, {
          cause: caller,
          card: card.id,
          points: 50,
          type: 'PENDING_POINTS_ACTIVATION',
          fromPending: true,
          details: { pending_points: { id: 'lopp_x' } },
        }),
      );
      expect(activated.card).toMatchObject({ loyalty_balance: 50, loyalty_pending_points: 20 });
      expect(activated.transaction).toMatchObject({
        type: 'PENDING_POINTS_ACTIVATION',
        details: { balance: { operation_type: 'AUTOMATIC' }, pending_points: { id: 'lopp_x' } },
      });
      await expect(
        transact(t.vs.ctx, (tx) =>
          addLoyaltyPoints(tx, {
            cause: caller,
            card: card.id,
            points: 21,
            type: 'PENDING_POINTS_ACTIVATION',
            fromPending: true,
          }),
        ),
      ).rejects.toMatchObject({
        status: 400,
        details: expect.stringContaining('fewer than 21 pending points'),
      });
    });

    it('refuses a card without a holder, and a card that is not a loyalty card', async () => {
      const free: any = await h.sdk.campaigns.addVoucher(campaign.id, {} as any);
      await expect(
        transact(t.vs.ctx, (tx) =>
          addLoyaltyPoints(tx, { cause: caller, card: free.id, points: 5, type: 'POINTS_ADDITION' }),
        ),
      ).rejects.toMatchObject({ status: 400, details: expect.stringContaining('has no holder') });
      await expect(
        transact(t.vs.ctx, (tx) =>
          addLoyaltyPoints(tx, { cause: caller, card: 'v_nope', points: 5, type: 'POINTS_ADDITION' }),
        ),
      ).rejects.toMatchObject({ status: 400, details: expect.stringContaining('not a loyalty card') });
    });
  });
}
