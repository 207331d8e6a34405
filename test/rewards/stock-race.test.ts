import { afterEach, describe, expect, it } from 'vitest';
import type { Vouchsafe } from '../../src/app.js';
import { KEYS, startTestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';

/**
 * A reward's stock and its buyers' points are spent once: twenty members with enough points buy a reward of
 * stock 5 at once; exactly five succeed, the others are refused `reward_out_of_stock`, and no refused member
 * loses a point. In one process on both databases, and across two API processes on PostgreSQL.
 */

const APP = { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken, 'content-type': 'application/json' };
const N = 20;
const STOCK = 5;
const PRICE = 100;

type Send = (i: number, path: string, body: unknown) => Promise<{ status: number; body: any }>;

const inProcess =
  (vs: Vouchsafe): Send =>
  async (_i, path, body) => {
    const r = await vs.app.inject({ method: 'POST', url: path, headers: APP, payload: body as object });
    return { status: r.statusCode, body: JSON.parse(r.body) };
  };

async function ok(vs: Vouchsafe, path: string, body: unknown) {
  const r = await inProcess(vs)(0, path, body);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
}

/** A loyalty program, a coupon reward of stock 5 assigned at 100 points, and 20 members with 150 points each. */
async function shop(vs: Vouchsafe) {
  const undated = { start_date: null, expiration_date: null, validity_day_of_week: null };
  const program = await ok(
    vs,
    '/v1/loyalties',
    buildCampaign('LOYALTY_PROGRAM', {
      ...undated,
      voucher: { type: 'LOYALTY_CARD', loyalty_card: { points: 0 }, code_config: { pattern: 'STK-#######' } },
    }),
  );
  const coupons = await ok(
    vs,
    '/v1/campaigns',
    buildCampaign('DISCOUNT_COUPONS', { ...undated, vouchers_count: 0 }),
  );
  const reward = await ok(vs, '/v1/rewards', {
    name: 'Scarce coupon',
    parameters: { campaign: { id: coupons.id } },
    stock: STOCK,
  });
  await ok(vs, `/v1/rewards/${reward.id}/assignments`, {
    campaign: program.id,
    parameters: { loyalty: { points: PRICE } },
  });
  const cards: any[] = [];
  for (let i = 0; i < N; i++) {
    const card = await ok(vs, `/v1/loyalties/${program.id}/members`, {
      customer: { source_id: `buyer-${i}` },
    });
    await ok(vs, `/v1/loyalties/members/${card.code}/balance`, { points: 150 });
    cards.push(card);
  }
  return { reward, cards };
}

async function race(vs: Vouchsafe, send: Send) {
  const { reward, cards } = await shop(vs);
  const answers = await Promise.all(
    cards.map((c, i) => send(i, `/v1/loyalties/members/${c.code}/redemption`, { reward: { id: reward.id } })),
  );
  const won = answers.filter((a) => a.status === 200);
  expect(won).toHaveLength(STOCK);
  expect(answers.filter((a) => a.status !== 200).map((a) => [a.status, a.body.key])).toEqual(
    Array(N - STOCK).fill([400, 'reward_out_of_stock']),
  );
  const db = vs.ctx.db.kysely;
  const row = await db
    .selectFrom('rewards')
    .selectAll()
    .where('id', '=', reward.id)
    .executeTakeFirstOrThrow();
  expect(Number(row.redeemed)).toBe(STOCK);
  const winners = new Set(won.map((a) => a.body.voucher.id));
  const balances = await db
    .selectFrom('vouchers')
    .select(['id', 'loyalty_balance'])
    .where(
      'id',
      'in',
      cards.map((c) => c.id),
    )
    .execute();
  for (const b of balances) expect(Number(b.loyalty_balance)).toBe(winners.has(b.id) ? 150 - PRICE : 150);
  const redemptions = await db
    .selectFrom('redemptions')
    .select('id')
    .where('object', '=', 'redemption')
    .execute();
  expect(redemptions).toHaveLength(STOCK);
}

describe.each(DIALECTS)('20 purchases at once of a reward of stock 5, in one process ($name)', (dialect) => {
  it('exactly 5 succeed and no refused member loses points', { timeout: 60_000 }, async () => {
    const t = await startTestApp(dialect);
    try {
      await race(t.vs, inProcess(t.vs));
    } finally {
      await t.close();
    }
  });
});

const hasPostgres = DIALECTS.some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('20 purchases at once across two API processes (postgres)', () => {
  const running: Started[] = [];
  let store: SharedStore | null = null;

  afterEach(async () => {
    for (const p of running.splice(0)) if (p.child.exitCode === null) await killHard(p);
    await store?.cleanup();
    store = null;
  });

  const apiBase = (p: Started) => {
    const m = /API:\s+(http:\/\/\S+)\/v1/.exec(p.output());
    if (!m) throw new Error(`no API line in:\n${p.output()}`);
    return m[1]!;
  };

  // Starting two processes from source takes most of the time on a busy machine.
  it('exactly 5 succeed and no refused member loses points', { timeout: 120_000 }, async () => {
    store = await openSharedStore('postgres', { VOUCHSAFE_LOG_LEVEL: 'warn' });
    for (let i = 0; i < 2; i++)
      running.push(await startCli(['start', '--role', 'api', '--port', '0'], store.env));
    const bases = running.map(apiBase);
    const send: Send = async (i, path, body) => {
      const r = await fetch(`${bases[i % 2]}${path}`, {
        method: 'POST',
        headers: APP,
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json() };
    };
    await race(store.vs, send);
  });
});
