import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, harness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

const DAY = 86_400_000;

/** A loyalty program body: cards of 0 points whose points expire at the end of the month after next. */
const program = (overrides: Record<string, unknown> = {}) =>
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
      code_config: { pattern: 'LOY-#####' },
    },
    ...overrides,
  });

for (const dialect of DIALECTS) {
  describe(`loyalty programs, members, points and tiers through the SDK (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    let campaign: any;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      h = await harness(t, { checkAll: true });
      campaign = await h.sdk.loyalties.create(program() as any);
    });
    afterAll(async () => {
      await h.receiver.stop();
      await t.close();
    });

    const member = (sourceId: string) =>
      h.sdk.loyalties.createMember(campaign.id, { customer: { source_id: sourceId } } as any) as Promise<any>;

    it('creates, reads, updates, lists and deletes a program, firing the campaign events', async () => {
      expect(campaign).toMatchObject({ campaign_type: 'LOYALTY_PROGRAM', object: 'campaign' });
      expect((await delivered(h, 'campaign.created', campaign.id)).length).toBe(1);
      expect(await h.sdk.loyalties.get(campaign.id)).toMatchObject({ id: campaign.id });
      const updated: any = await h.sdk.loyalties.update({
        id: campaign.id,
        description: 'Points for all',
      } as any);
      expect(updated.description).toBe('Points for all');
      expect((await delivered(h, 'campaign.updated', campaign.id)).length).toBe(1);
      const list: any = await h.sdk.loyalties.list();
      expect(list).toMatchObject({ object: 'list', data_ref: 'campaigns' });
      expect(list.campaigns.map((c: any) => c.id)).toContain(campaign.id);

      const other: any = await h.sdk.loyalties.create(program() as any);
      await h.sdk.loyalties.delete(other.id);
      expect((await delivered(h, 'campaign.deleted', other.id)).length).toBe(1);
      expectError(await send(t, 'GET', `/v1/loyalties/${other.id}`), 404, 'not_found');
      const coupons: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      expectError(
        await send(t, 'GET', `/v1/loyalties/${coupons.id}`),
        400,
        'invalid_payload',
        /LOYALTY_PROGRAM/,
      );
    });

    it('adds a member: a card published to the customer, with publication.succeeded and voucher.published', async () => {
      const card = await member('loyal-ann');
      const requestId = lastRequestId(h.sdk);
      expect(card).toMatchObject({
        type: 'LOYALTY_CARD',
        campaign_id: campaign.id,
        holder_id: expect.any(String),
      });
      expect(schemaErrors('loyalties.json', 'LoyaltiesMembersCreateResponseBody', card)).toBeNull();
      const types = (await deliveredFor(h, requestId)).map((d) => d.type);
      // The AUTO_UPDATE program makes the card the member gets.
      expect(types).toEqual([
        'campaign.vouchers.added',
        'customer.created',
        'publication.succeeded',
        'voucher.published',
      ]);
      expect(await h.sdk.loyalties.getMember(null, card.code)).toMatchObject({ id: card.id });
      expect(await h.sdk.loyalties.getMember(campaign.id, card.code)).toMatchObject({ id: card.id });
      const members: any = await h.sdk.loyalties.listMembers(campaign.id);
      expect(members).toMatchObject({ object: 'list', data_ref: 'vouchers' });
      expect(members.vouchers.map((v: any) => v.code)).toContain(card.code);
      // Loyalty programs are join-once.
      const again = await send(t, 'POST', `/v1/loyalties/${campaign.id}/members`, {
        body: { customer: { source_id: 'loyal-ann' } },
      });
      expect(again.status).toBe(400);
    });

    it('adds points into buckets under the program rules, removes the soonest-expiring first, refuses an overdraft', async () => {
      const card = await member('loyal-ben');
      const added: any = await h.sdk.loyalties.addOrRemoveCardBalance(card.code, {
        points: 300,
        reason: 'welcome',
        source_id: 'welcome-1',
      } as any);
      expect(added).toEqual({
        points: 300,
        total: 300,
        balance: 300,
        type: 'loyalty_card',
        object: 'balance',
        related_object: { type: 'voucher', id: card.id },
      });
      expect(schemaErrors('loyalties.json', 'LoyaltiesMembersBalanceUpdateResponseBody', added)).toBeNull();
      const soon = new Date(Math.floor(t.clock.now() / DAY) * DAY + 5 * DAY).toISOString().slice(0, 10);
      await h.sdk.loyalties.addPoints(campaign.id, card.code, {
        points: 100,
        expiration_type: 'CUSTOM_DATE',
        expiration_date: soon,
      } as any);
      await h.sdk.loyalties.addPoints(campaign.id, card.code, {
        points: 50,
        expiration_type: 'NON_EXPIRING',
      } as any);

      const now = new Date(t.clock.now());
      const byRules = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 3, 0))
        .toISOString()
        .slice(0, 10);
      const expiring: any = await h.sdk.loyalties.getPointsExpiration(campaign.id, card.code);
      expect(
        schemaErrors('loyalties.json', 'LoyaltiesMembersPointsExpirationListResponseBody', expiring),
      ).toBeNull();
      expect(expiring.data.map((b: any) => [b.bucket.total_points, b.expires_at])).toEqual([
        [100, soon],
        [300, byRules],
      ]);

      const removed: any = await h.sdk.loyalties.addOrRemoveCardBalance(
        card.code,
        { points: -120 } as any,
        campaign.id,
      );
      expect(removed).toMatchObject({ points: -120, balance: 330, total: 330 });
      const after: any = await h.sdk.loyalties.getPointsExpiration(campaign.id, card.code);
      expect(after.data.map((b: any) => b.bucket.total_points)).toEqual([280]);

      const before = await tableContents(t);
      const short = await send(t, 'POST', `/v1/loyalties/members/${card.code}/balance`, {
        body: { points: -331 },
      });
      expectError(short, 400, 'loyalty_card_points_exceeded', /balance of 330/);
      expect(await tableContents(t)).toEqual(before);

      const txs: any = await h.sdk.loyalties.listCardTransactions(card.code, null);
      expect(schemaErrors('loyalties.json', 'LoyaltiesMembersTransactionsListResponseBody', txs)).toBeNull();
      expect(txs.data.map((x: any) => [x.type, x.details.balance.points, x.details.balance.balance])).toEqual(
        [
          ['POINTS_REMOVAL', -120, 330],
          ['POINTS_ADDITION', 50, 450],
          ['POINTS_ADDITION', 100, 400],
          ['POINTS_ADDITION', 300, 300],
        ],
      );
      const page: any = await h.sdk.loyalties.listCardTransactions(card.code, campaign.id, {
        limit: 3,
      } as any);
      expect(page).toMatchObject({ has_more: true, more_starting_after: txs.data[2].id });
      const rest: any = await send(
        t,
        'GET',
        `/v1/loyalties/members/${card.code}/transactions?limit=3&starting_after_id=${page.more_starting_after}`,
      );
      expect(rest.body.data.map((x: any) => x.id)).toEqual([txs.data[3].id]);

      const pointsAdded = await delivered(h, 'voucher.loyalty_card.points_added', card.id);
      expect(pointsAdded.map((d) => d.data.balance.points).sort()).toEqual([100, 300, 50]);
      const created = await delivered(h, 'voucher.loyalty_card.transaction.created', card.id);
      expect(created.map((d) => d.data.transaction.type).sort()).toEqual([
        'POINTS_ADDITION',
        'POINTS_ADDITION',
        'POINTS_ADDITION',
        'POINTS_REMOVAL',
      ]);
      expect(created.every((d) => d.data.holder.id === card.holder_id)).toBe(true);
    });

    it('transfers points from other members in one transaction: TRANSFER_OUT on each source, TRANSFER_IN on the target', async () => {
      const [a, b, target] = [await member('loyal-cy'), await member('loyal-di'), await member('loyal-ed')];
      await h.sdk.loyalties.addOrRemoveCardBalance(a.code, { points: 40 } as any);
      await h.sdk.loyalties.addOrRemoveCardBalance(b.code, { points: 60 } as any);
      const got: any = await h.sdk.loyalties.transferPoints(campaign.id, target.code, [
        { code: a.code, points: 30, source_id: 'move-a', reason: 'family' },
        { code: b.code, points: 60, source_id: 'move-b' },
      ] as any);
      expect(got).toMatchObject({ id: target.id, loyalty_card: { balance: 90 } });
      expect(((await h.sdk.loyalties.getMember(null, a.code)) as any).loyalty_card.balance).toBe(10);
      const into: any = await h.sdk.loyalties.listCardTransactions(target.code, null);
      expect(
        into.data.map((x: any) => [x.type, x.details.balance.points, x.details.source_voucher.code]),
      ).toEqual([
        ['POINTS_TRANSFER_IN', 60, b.code],
        ['POINTS_TRANSFER_IN', 30, a.code],
      ]);
      const out: any = await h.sdk.loyalties.listCardTransactions(a.code, null);
      expect(out.data[0]).toMatchObject({
        type: 'POINTS_TRANSFER_OUT',
        source_id: 'move-a',
        reason: 'family',
      });
      expect(into.data[1].related_transaction_id).toBe(out.data[0].id);

      // One source short: nothing moves.
      const before = await tableContents(t);
      const r = await send(t, 'POST', `/v1/loyalties/${campaign.id}/members/${target.code}/transfers`, {
        body: [
          { code: a.code, points: 5, source_id: 'm1' },
          { code: b.code, points: 1, source_id: 'm2' },
        ],
      });
      expectError(r, 400, 'loyalty_card_points_exceeded');
      expect(await tableContents(t)).toEqual(before);
    });

    it('creates tiers, reads them, and a member is in the tier its balance falls in', async () => {
      const tiers: any = await h.sdk.loyalties.createTiers(campaign.id, [
        { name: 'Bronze', points: { from: 0, to: 99 } },
        {
          name: 'Silver',
          points: { from: 100, to: 499 },
          earning_rules: { ern_a: { type: 'MULTIPLY', multiplier: 2 } },
        },
        { name: 'Gold', points: { from: 500 }, metadata: { perks: true } },
      ] as any);
      expect(tiers.map((x: any) => x.name)).toEqual(['Bronze', 'Silver', 'Gold']);
      for (const tier of tiers) expect(schemaErrors('loyalties.json', 'LoyaltyTier', tier)).toBeNull();
      const createdEvents = await delivered(h, 'campaign.loyalty_tier.created');
      expect(createdEvents.map((d) => d.data.loyalty_tier.id).sort()).toEqual(
        tiers.map((x: any) => x.id).sort(),
      );
      expect(await h.sdk.loyalties.getTier(campaign.id, tiers[1].id)).toEqual(tiers[1]);
      const listed: any = await h.sdk.loyalties.listTiers(campaign.id);
      expect(listed).toMatchObject({ object: 'list', data_ref: 'data', total: 3 });

      const card = await member('loyal-fay');
      await h.sdk.loyalties.addOrRemoveCardBalance(card.code, { points: 150 } as any);
      const mine: any = await h.sdk.loyalties.listMemberLoyaltyTiers(card.code);
      expect(mine.data.map((x: any) => x.name)).toEqual(['Silver']);
      expect(schemaErrors('loyalties.json', 'LoyaltiesMembersTiersListResponseBody', mine)).toBeNull();
      const tx = (await delivered(h, 'voucher.loyalty_card.transaction.created', card.id))[0];
      expect(tx.data.holder_loyalty_tier.name).toBe('Silver');

      const overlap = await send(t, 'POST', `/v1/loyalties/${campaign.id}/tiers`, {
        body: [{ name: 'Platinum', points: { from: 900, to: 2000 } }],
      });
      expectError(overlap, 400, 'invalid_payload', /\[0\]\.points overlaps the range of tier Gold/);

      const changed = await send(t, 'PUT', `/v1/loyalties/${campaign.id}/tiers/${tiers[2].id}`, {
        body: { name: 'Gold+', points: { from: 500, to: 999 } },
      });
      expect(changed.status, changed.raw).toBe(200);
      expect(changed.body).toMatchObject({ name: 'Gold+', points: { from: 500, to: 999 } });
      expect((await delivered(h, 'campaign.loyalty_tier.updated', tiers[2].id)).length).toBe(1);
      const clash = await send(t, 'PUT', `/v1/loyalties/${campaign.id}/tiers/${tiers[2].id}`, {
        body: { points: { from: 400 } },
      });
      expectError(clash, 400, 'invalid_payload', /points overlaps the range of tier Silver/);
      const gone = await send(t, 'DELETE', `/v1/loyalties/${campaign.id}/tiers/${tiers[0].id}`);
      expect(gone.status).toBe(204);
      expect((await delivered(h, 'campaign.loyalty_tier.deleted', tiers[0].id)).length).toBe(1);
      expectError(
        await send(t, 'GET', `/v1/loyalties/${campaign.id}/tiers/${tiers[0].id}`),
        404,
        'not_found',
      );
    });

    it('refuses bad input naming the field, writing nothing', async () => {
      const card = await member('loyal-gus');
      const free: any = await h.sdk.campaigns.addVoucher(campaign.id, {} as any);
      const before = await tableContents(t);
      expectError(
        await send(t, 'POST', `/v1/loyalties/members/${free.code}/balance`, { body: { points: 5 } }),
        400,
        'invalid_payload',
        /has no holder/,
      );
      expectError(
        await send(t, 'POST', `/v1/loyalties/members/${card.code}/balance`, { body: { points: 0 } }),
        400,
        'invalid_payload',
        /points must not be 0/,
      );
      expectError(
        await send(t, 'POST', `/v1/loyalties/members/${card.code}/balance`, {
          body: { points: 5, expiration_type: 'CUSTOM_DATE' },
        }),
        400,
        'invalid_payload',
        /expiration_date is required/,
      );
      expectError(
        await send(t, 'POST', `/v1/loyalties/members/${card.code}/balance`, {
          body: { points: 5, expiration_type: 'CUSTOM_DATE', expiration_date: 'soon' },
        }),
        400,
        'invalid_payload',
        /expiration_date must be a date/,
      );
      expectError(
        await send(t, 'POST', `/v1/loyalties/${campaign.id}/tiers`, {
          body: [{ name: 'Odd', points: { from: 5, to: 1 } }],
        }),
        400,
        'invalid_payload',
        /\[0\]\.points\.to must not be below points\.from/,
      );
      expectError(await send(t, 'GET', '/v1/loyalties/members/NO-SUCH-CARD'), 404, 'not_found');
      expect(await tableContents(t)).toEqual(before);
    });
  });
}
