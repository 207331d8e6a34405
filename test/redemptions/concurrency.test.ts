import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vouchsafe } from '../../src/app.js';
import { KEYS, startTestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';

/**
 * Fifty redemptions at once: of a voucher with ten uses, exactly ten succeed and forty are refused with
 * `quantity_exceeded`; of a gift card of 20,000 cents, fifty asking 1,000 each spend exactly 20,000 and never
 * more, and the successful redemptions' credits add up to what left the card. On PostgreSQL the requests go
 * to two real `vouchsafe start --role api` processes sharing one database; on both databases also to one
 * process. And fifty at once by one customer of a voucher that customer may redeem once: exactly one succeeds.
 */

const APP = { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken, 'content-type': 'application/json' };
const N = 50;

interface Answer {
  status: number;
  body: any;
  requestId: string;
}

type Send = (i: number, body: unknown) => Promise<Answer>;

async function inject(vs: Vouchsafe, method: 'GET' | 'POST', url: string, body?: unknown): Promise<Answer> {
  const r = await vs.app.inject({ method, url, headers: APP, ...(body ? { payload: body as object } : {}) });
  return { status: r.statusCode, body: JSON.parse(r.body), requestId: String(r.headers['x-request-id']) };
}

const tag = () => Math.random().toString(36).slice(2, 8).toUpperCase();

async function voucher(vs: Vouchsafe, body: Record<string, unknown>) {
  const r = await inject(vs, 'POST', '/v1/vouchers', { code: `RACE-${tag()}`, ...body });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body as { id: string; code: string };
}

const ORDER = {
  amount: 5000,
  items: [{ source_id: 'prod-a', related_object: 'product', quantity: 2, price: 2500 }],
};

/** What the database holds after the race: the voucher, its redemptions and the requests' events. */
async function outcome(vs: Vouchsafe, voucherId: string, answers: Answer[]) {
  const db = vs.ctx.db.kysely;
  const row = await db
    .selectFrom('vouchers')
    .selectAll()
    .where('id', '=', voucherId)
    .executeTakeFirstOrThrow();
  const redemptions = await db
    .selectFrom('redemptions')
    .selectAll()
    .where('voucher_id', '=', voucherId)
    .execute();
  const events = await sql<{ type: string; entity_id: string }>`
    select type, entity_id from events where group_id in (${sql.join(answers.map((a) => a.requestId))})`.execute(
    db,
  );
  return { row, redemptions, events: events.rows };
}

function expectOutcome(
  answers: Answer[],
  o: Awaited<ReturnType<typeof outcome>>,
  wins: number,
  key: string,
  othersRecorded = 0,
): void {
  const won = answers.filter((a) => a.status === 200);
  const lost = answers.filter((a) => a.status !== 200);
  expect(won).toHaveLength(wins);
  expect(lost.map((a) => [a.status, a.body.key])).toEqual(Array(N - wins).fill([400, key]));
  expect(Number(o.row.redeemed_quantity)).toBe(wins);
  const ok = o.redemptions.filter((r) => r.result === 'SUCCESS');
  expect(ok.map((r) => r.id).sort()).toEqual(won.map((a) => a.body.redemptions[0].id).sort());
  const failed = o.redemptions.filter((r) => r.result === 'FAILURE');
  expect(failed.map((r) => r.id).sort()).toEqual(lost.map((a) => a.body.resource_id).sort());
  for (const f of failed) expect(f.failure_code).toBe(key);
  const of = (type: string) =>
    o.events
      .filter((e) => e.type === type)
      .map((e) => e.entity_id)
      .sort();
  expect(of('redemption.succeeded')).toEqual(ok.map((r) => r.id).sort());
  expect(of('redemption.failed')).toEqual(failed.map((r) => r.id).sort());
  expect(o.events).toHaveLength(N + othersRecorded);
}

async function tenUses(vs: Vouchsafe, send: Send) {
  const v = await voucher(vs, {
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 100 },
    redemption: { quantity: 10 },
  });
  const answers = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      send(i, { redeemables: [{ object: 'voucher', id: v.code }], order: ORDER }),
    ),
  );
  expectOutcome(answers, await outcome(vs, v.id, answers), 10, 'quantity_exceeded');
}

async function giftCard(vs: Vouchsafe, send: Send) {
  const g = await voucher(vs, { type: 'GIFT_VOUCHER', gift: { amount: 20_000 } });
  const answers = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      send(i, { redeemables: [{ object: 'voucher', id: g.code, gift: { credits: 1000 } }], order: ORDER }),
    ),
  );
  const o = await outcome(vs, g.id, answers);
  // Each success also records its credit transaction's voucher.gift.transaction.created.
  expectOutcome(answers, o, 20, 'gift_amount_exceeded', 20);
  expect(Number(o.row.gift_balance)).toBe(0);
  // The audit: what the successful redemptions took is exactly what left the card.
  const spent = o.redemptions.filter((r) => r.result === 'SUCCESS').reduce((a, r) => a + Number(r.amount), 0);
  expect(spent).toBe(20_000);
  expect(Number(o.row.gift_amount) - spent).toBe(Number(o.row.gift_balance));
  for (const a of answers.filter((x) => x.status === 200)) expect(a.body.redemptions[0].amount).toBe(1000);
  // The card's transaction log: one CREDITS_REDEMPTION of -1,000 per successful redemption, summing to what
  // left the card, and the last balance it records is the card's.
  const txs = await vs.ctx.db.kysely
    .selectFrom('voucher_transactions')
    .selectAll()
    .where('voucher_id', '=', g.id)
    .orderBy('seq')
    .execute();
  const redeemed = txs.filter((x) => x.type === 'CREDITS_REDEMPTION');
  expect(redeemed.map((x) => x.redemption_id).sort()).toEqual(
    o.redemptions
      .filter((r) => r.result === 'SUCCESS')
      .map((r) => r.id)
      .sort(),
  );
  for (const x of redeemed) expect(Number(x.amount)).toBe(-1000);
  expect(redeemed.reduce((a, x) => a + Number(x.amount), 0)).toBe(-spent);
  expect(Number(txs.at(-1)!.balance)).toBe(Number(o.row.gift_balance));
  const kinds = o.events.filter((e) => e.type === 'voucher.gift.transaction.created');
  expect(kinds).toHaveLength(20);
}

/** A voucher of 100 uses that one customer may redeem once, raced by that customer 50 times at once. */
async function oncePerCustomer(vs: Vouchsafe, send: Send) {
  const v = await voucher(vs, {
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'AMOUNT', amount_off: 100 },
    redemption: { quantity: 100 },
  });
  const rule = await inject(vs, 'POST', '/v1/validation-rules', {
    name: `Once per customer ${tag()}`,
    rules: {
      '1': { name: 'redemption.count.per_customer', conditions: { $less_than_equal: [1] } },
      logic: '1',
    },
  });
  expect(rule.status, JSON.stringify(rule.body)).toBe(200);
  const a = await inject(vs, 'POST', `/v1/validation-rules/${rule.body.id}/assignments`, { voucher: v.id });
  expect(a.status, JSON.stringify(a.body)).toBe(200);
  const sourceId = `racer-${tag()}`;
  const c = await inject(vs, 'POST', '/v1/customers', { source_id: sourceId });
  expect(c.status).toBe(200);
  const answers = await Promise.all(
    Array.from({ length: N }, (_, i) =>
      send(i, {
        redeemables: [{ object: 'voucher', id: v.code }],
        order: ORDER,
        customer: { source_id: sourceId },
      }),
    ),
  );
  expectOutcome(answers, await outcome(vs, v.id, answers), 1, 'redemption_rules_violated');
  // Another customer still may.
  const other = await inject(vs, 'POST', '/v1/redemptions', {
    redeemables: [{ object: 'voucher', id: v.code }],
    order: ORDER,
    customer: { source_id: `other-${tag()}` },
  });
  expect(other.status, JSON.stringify(other.body)).toBe(200);
}

describe.each(DIALECTS)('50 redemptions at once in one process ($name)', (dialect) => {
  it('by one customer of a voucher once per customer: exactly 1 succeeds', async () => {
    const t = await startTestApp(dialect);
    try {
      await oncePerCustomer(t.vs, (_i, body) => inject(t.vs, 'POST', '/v1/redemptions', body));
    } finally {
      await t.close();
    }
  });

  it('of a voucher with 10 uses: exactly 10 succeed, 40 quantity_exceeded', async () => {
    const t = await startTestApp(dialect);
    try {
      await tenUses(t.vs, (_i, body) => inject(t.vs, 'POST', '/v1/redemptions', body));
    } finally {
      await t.close();
    }
  });

  it('of 1,000 cents each from a 20,000-cent gift card: exactly 20,000 spent', async () => {
    const t = await startTestApp(dialect);
    try {
      await giftCard(t.vs, (_i, body) => inject(t.vs, 'POST', '/v1/redemptions', body));
    } finally {
      await t.close();
    }
  });
});

describe.each(DIALECTS)('one request sent five times at once ($name)', (dialect) => {
  it('with the same order source_id and redeemables: redeemed once, every answer the first', async () => {
    const t = await startTestApp(dialect);
    try {
      const v = await voucher(t.vs, {
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'AMOUNT', amount_off: 100 },
        redemption: { quantity: 1 },
      });
      const body = {
        redeemables: [{ object: 'voucher', id: v.code }],
        order: { ...ORDER, source_id: 'same-order' },
      };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => inject(t.vs, 'POST', '/v1/redemptions', body)),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.redemptions[0].id)).size).toBe(1);
      const o = await outcome(t.vs, v.id, answers);
      expect(Number(o.row.redeemed_quantity)).toBe(1);
      expect(o.redemptions).toHaveLength(1);
      expect(o.events.map((e) => e.type)).toEqual(['redemption.succeeded']);
    } finally {
      await t.close();
    }
  });
});

const hasPostgres = DIALECTS.some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('50 redemptions at once across two API processes (postgres)', () => {
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

  async function twoProcesses(): Promise<{ vs: Vouchsafe; send: Send }> {
    store = await openSharedStore('postgres', { VOUCHSAFE_LOG_LEVEL: 'warn' });
    for (let i = 0; i < 2; i++)
      running.push(await startCli(['start', '--role', 'api', '--port', '0'], store.env));
    const bases = running.map(apiBase);
    const send: Send = async (i, body) => {
      const r = await fetch(`${bases[i % 2]}/v1/redemptions`, {
        method: 'POST',
        headers: APP,
        body: JSON.stringify(body),
      });
      return { status: r.status, body: await r.json(), requestId: r.headers.get('x-request-id') ?? '' };
    };
    return { vs: store.vs, send };
  }

  // Starting two processes from source takes most of the time on a busy machine.
  const SLOW = { timeout: 120_000 };

  it('of a voucher with 10 uses: exactly 10 succeed, 40 quantity_exceeded', SLOW, async () => {
    const { vs, send } = await twoProcesses();
    await tenUses(vs, send);
  });

  it('of 1,000 cents each from a 20,000-cent gift card: exactly 20,000 spent', SLOW, async () => {
    const { vs, send } = await twoProcesses();
    await giftCard(vs, send);
  });

  it('by one customer of a voucher once per customer: exactly 1 succeeds', SLOW, async () => {
    const { vs, send } = await twoProcesses();
    await oncePerCustomer(vs, send);
  });
});
