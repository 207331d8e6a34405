import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vouchsafe } from '../../src/app.js';
import { KEYS, startTestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { eventually } from '../helpers/poll.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';

/**
 * Points are never spent twice nor expired twice: thirty removals at once of a card's points take exactly
 * its balance, on both databases; and two real worker processes on one PostgreSQL database expire each due
 * bucket exactly once.
 */

const APP = { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken, 'content-type': 'application/json' };
const DAY = 86_400_000;

async function inject(vs: Vouchsafe, method: 'GET' | 'POST', url: string, body?: unknown) {
  const r = await vs.app.inject({ method, url, headers: APP, ...(body ? { payload: body as object } : {}) });
  return { status: r.statusCode, body: JSON.parse(r.body) };
}

async function ok(vs: Vouchsafe, method: 'GET' | 'POST', url: string, body?: unknown) {
  const r = await inject(vs, method, url, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

async function program(vs: Vouchsafe) {
  return ok(
    vs,
    'POST',
    '/v1/loyalties',
    buildCampaign('LOYALTY_PROGRAM', {
      start_date: null,
      expiration_date: null,
      validity_day_of_week: null,
      voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 }, code_config: { pattern: 'RACE-#####' } },
    }),
  );
}

const member = (vs: Vouchsafe, campaignId: string, sourceId: string) =>
  ok(vs, 'POST', `/v1/loyalties/${campaignId}/members`, { customer: { source_id: sourceId } });

describe.each(DIALECTS)('thirty removals at once ($name)', (dialect) => {
  it('of 10 points each from a card of 100 (in three buckets): exactly 10 succeed, the rest are refused', async () => {
    const t = await startTestApp(dialect);
    try {
      const campaign = await program(t.vs);
      const card = await member(t.vs, campaign.id, 'racer');
      const balance = `/v1/loyalties/members/${card.code}/balance`;
      const soon = new Date(t.clock.now() + 3 * DAY).toISOString().slice(0, 10);
      await ok(t.vs, 'POST', balance, { points: 35, expiration_type: 'CUSTOM_DATE', expiration_date: soon });
      await ok(t.vs, 'POST', balance, { points: 40 });
      await ok(t.vs, 'POST', balance, { points: 25, expiration_type: 'NON_EXPIRING' });
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => inject(t.vs, 'POST', balance, { points: -10 })),
      );
      expect(answers.filter((a) => a.status === 200)).toHaveLength(10);
      expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.key])).toEqual(
        Array(20).fill([400, 'loyalty_card_points_exceeded']),
      );
      expect(
        answers
          .filter((a) => a.status === 200)
          .map((a) => a.body.balance)
          .sort((a, b) => a - b),
      ).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90]);
      const db = t.vs.ctx.db.kysely;
      const row = await db
        .selectFrom('vouchers')
        .selectAll()
        .where('id', '=', card.id)
        .executeTakeFirstOrThrow();
      expect(Number(row.loyalty_balance)).toBe(0);
      expect(Number(row.loyalty_subtracted_points)).toBe(100);
      const left = await sql<{ s: number | string }>`
        select coalesce(sum(points), 0) as s from loyalty_point_buckets where voucher_id = ${card.id}`.execute(
        db,
      );
      expect(Number(left.rows[0]!.s)).toBe(0);
      const txs = await db
        .selectFrom('loyalty_transactions')
        .selectAll()
        .where('voucher_id', '=', card.id)
        .orderBy('seq')
        .execute();
      expect(txs.map((x) => x.seq)).toEqual(Array.from({ length: 13 }, (_, i) => i + 1));
      expect(txs.filter((x) => x.type === 'POINTS_REMOVAL')).toHaveLength(10);
      expect(Number(txs.at(-1)!.balance)).toBe(0);
    } finally {
      await t.close();
    }
  });
});

describe.each(DIALECTS)('transfers both ways at once ($name)', (dialect) => {
  it('between two members, ten each way: all go through, no points made or lost', async () => {
    const t = await startTestApp(dialect);
    try {
      const campaign = await program(t.vs);
      const a = await member(t.vs, campaign.id, 'swap-a');
      const b = await member(t.vs, campaign.id, 'swap-b');
      for (const c of [a, b])
        await ok(t.vs, 'POST', `/v1/loyalties/members/${c.code}/balance`, { points: 100 });
      const move = (from: any, to: any, i: number) =>
        inject(t.vs, 'POST', `/v1/loyalties/${campaign.id}/members/${to.code}/transfers`, [
          { code: from.code, points: 5, source_id: `swap-${i}` },
        ]);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? move(a, b, i) : move(b, a, i))),
      );
      expect(answers.map((x) => x.status)).toEqual(Array(20).fill(200));
      const db = t.vs.ctx.db.kysely;
      const rows = await db.selectFrom('vouchers').selectAll().where('id', 'in', [a.id, b.id]).execute();
      expect(rows.map((r) => Number(r.loyalty_balance))).toEqual([100, 100]);
      const n = await db
        .selectFrom('loyalty_transactions')
        .select('id')
        .where('voucher_id', 'in', [a.id, b.id])
        .execute();
      expect(n).toHaveLength(2 + 40);
    } finally {
      await t.close();
    }
  });
});

describe.skipIf(!DIALECTS.some((d) => d.name === 'postgres'))('points expiration across processes', () => {
  const running: Started[] = [];
  let store: SharedStore | null = null;
  afterEach(async () => {
    for (const p of running.splice(0)) if (p.child.exitCode === null) await killHard(p);
    await store?.cleanup();
    store = null;
  });

  it('two worker processes on PostgreSQL expire each due bucket exactly once', {
    timeout: 90_000,
  }, async () => {
    const PERIOD_MS = 200;
    store = await openSharedStore('postgres', {
      VOUCHSAFE_LOG_LEVEL: 'warn',
      VOUCHSAFE_POINTS_EXPIRATION_INTERVAL_MS: String(PERIOD_MS),
      VOUCHSAFE_DISPATCH_POLL_MS: '50',
    });
    const vs = store.vs;
    const campaign = await program(vs);
    // Points whose last good day was yesterday or the day before are due; tomorrow's are not.
    const day = (n: number) => new Date(Date.now() + n * DAY).toISOString().slice(0, 10);
    const cards: any[] = [];
    for (let i = 0; i < 6; i++) {
      const card = await member(vs, campaign.id, `expiring-${i}`);
      const balance = `/v1/loyalties/members/${card.code}/balance`;
      for (const [points, date] of [
        [10, day(-1)],
        [20, day(-2)],
        [40, day(1)],
      ] as const)
        await ok(vs, 'POST', balance, { points, expiration_type: 'CUSTOM_DATE', expiration_date: date });
      cards.push(card);
    }
    const db = vs.ctx.db.kysely;
    const runs = async () =>
      Number(
        (
          await db
            .selectFrom('periodic_jobs')
            .select('runs_count')
            .where('name', '=', 'loyalties.points_expiration')
            .executeTakeFirst()
        )?.runs_count ?? 0,
      );
    const worker = () => startCli(['start', '--role', 'worker', '--port', '0'], store!.env);
    running.push(...(await Promise.all([worker(), worker()])));
    const expiredCount = async () =>
      Number(
        (
          await sql<{
            n: number | string;
          }>`select count(*) as n from loyalty_point_buckets where status = 'EXPIRED'`.execute(db)
        ).rows[0]!.n,
      );
    await eventually(expiredCount, {
      ok: (n) => n === 12,
      timeoutMs: 40_000,
      what: 'the 12 due buckets expired',
    });
    // Several more periods, each run by one of the two workers, find nothing left to expire.
    const r0 = await runs();
    await eventually(runs, { ok: (n) => n - r0 >= 5, timeoutMs: 20_000, what: 'five more runs' });
    expect(await expiredCount()).toBe(12);

    const expirations = await db
      .selectFrom('loyalty_transactions')
      .select(['voucher_id', 'points'])
      .where('type', '=', 'POINTS_EXPIRATION')
      .execute();
    expect(expirations).toHaveLength(12);
    const events = await sql<{ type: string; entity_id: string; data: string }>`
      select type, entity_id, data from events where type = 'voucher.loyalty_card.points_expired'`.execute(
      db,
    );
    expect(events.rows).toHaveLength(12);
    expect(new Set(events.rows.map((e) => JSON.parse(e.data).buckets.id)).size).toBe(12);
    for (const card of cards) {
      const row = await db
        .selectFrom('vouchers')
        .selectAll()
        .where('id', '=', card.id)
        .executeTakeFirstOrThrow();
      expect([Number(row.loyalty_balance), Number(row.loyalty_expired_points)]).toEqual([40, 30]);
      expect(
        expirations
          .filter((x) => x.voucher_id === card.id)
          .map((x) => Number(x.points))
          .sort(),
      ).toEqual([-10, -20]);
    }
    for (const p of running) expect(p.child.exitCode).toBeNull();
  });
});
