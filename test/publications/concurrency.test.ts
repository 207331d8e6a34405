import { sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import type { Vouchsafe } from '../../src/app.js';
import { KEYS, startTestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { killHard, type Started, startCli } from '../helpers/process.js';
import { openSharedStore, type SharedStore } from '../helpers/store.js';
import { buildCampaign } from '../helpers/factories.js';
import { type Sent, send } from '../helpers/request.js';

const APP_KEY = { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken };

/**
 * Twenty publications at once from a campaign that has ten free vouchers: each voucher goes to exactly one
 * customer, whatever process or connection serves the request. The other ten get `missing_vouchers`
 * (STATIC campaign) or a voucher generated for them (AUTO_UPDATE). On PostgreSQL the requests go to two real
 * `vouchsafe start --role api` processes sharing one database; on both databases also to one process.
 */

/** A campaign of the given type holding ten vouchers, added one by one (synchronously). */
async function campaignOfTen(vs: Vouchsafe, type: 'STATIC' | 'AUTO_UPDATE') {
  const c = await send({ vs }, 'POST', '/v1/campaigns', {
    body: buildCampaign('DISCOUNT_COUPONS', { type }),
  });
  expect(c.status, JSON.stringify(c.body)).toBe(200);
  const codes: string[] = [];
  for (let i = 0; i < 10; i++) {
    const v = await send({ vs }, 'POST', `/v1/campaigns/${c.body.id}/vouchers`, { body: {} });
    expect(v.status).toBe(200);
    codes.push(v.body.code);
  }
  return { id: c.body.id as string, name: c.body.name as string, codes };
}

const publicationBody = (campaign: string, i: number) => ({
  campaign: { name: campaign },
  customer: { source_id: `racer-${i}-${Math.random().toString(36).slice(2, 8)}` },
});

/** What the database holds afterwards: the campaign's vouchers and the events the 20 requests recorded. */
async function outcome(vs: Vouchsafe, campaignId: string, requestIds: string[]) {
  const db = vs.ctx.db.kysely;
  const vouchers = await db
    .selectFrom('vouchers')
    .select(['id', 'code', 'holder_id', 'publish_count'])
    .where('campaign_id', '=', campaignId)
    .execute();
  const events = await sql<{ type: string; entity_id: string; data: string }>`
    select type, entity_id, data from events where group_id in (${sql.join(requestIds)})`.execute(db);
  return { vouchers, events: events.rows };
}

/** Checks the race's result: every voucher published once, to the customer whose request got it. */
async function expectEachVoucherOnce(
  vs: Vouchsafe,
  campaign: { id: string; codes: string[] },
  answers: Pick<Sent, 'status' | 'body' | 'requestId'>[],
  type: 'STATIC' | 'AUTO_UPDATE',
) {
  const won = answers.filter((a) => a.status === 200);
  const lost = answers.filter((a) => a.status !== 200);
  if (type === 'STATIC') {
    expect(won).toHaveLength(10);
    expect(lost.map((a) => [a.status, a.body.key])).toEqual(Array(10).fill([400, 'missing_vouchers']));
    expect(won.map((a) => a.body.voucher.code).sort()).toEqual([...campaign.codes].sort());
  } else {
    expect(lost).toEqual([]);
    expect(won).toHaveLength(20);
    expect(new Set(won.map((a) => a.body.voucher.code)).size).toBe(20);
    for (const code of campaign.codes) expect(won.map((a) => a.body.voucher.code)).toContain(code);
  }
  const { vouchers, events } = await outcome(
    vs,
    campaign.id,
    answers.map((a) => a.requestId),
  );
  const published = vouchers.filter((v) => v.holder_id !== null);
  expect(published).toHaveLength(won.length);
  expect(vouchers.filter((v) => v.holder_id === null)).toHaveLength(
    type === 'STATIC' ? 0 : vouchers.length - 20,
  );
  for (const v of published) expect(Number(v.publish_count)).toBe(1);
  const holderByCode = new Map(won.map((a) => [a.body.voucher.code, a.body.customer_id]));
  for (const v of published) expect(v.holder_id).toBe(holderByCode.get(v.code));
  const count = (type: string) => events.filter((e) => e.type === type);
  expect(
    count('publication.succeeded')
      .map((e) => e.entity_id)
      .sort(),
  ).toEqual(won.map((a) => a.body.id).sort());
  expect(
    count('voucher.published')
      .map((e) => e.entity_id)
      .sort(),
  ).toEqual(published.map((v) => v.id).sort());
  const added = count('campaign.vouchers.added').map((e) => JSON.parse(e.data).count as number);
  expect(added.reduce((a, b) => a + b, 0)).toBe(type === 'STATIC' ? 0 : 10);
  // A new customer per request, and nothing else recorded.
  expect(events.length).toBe(count('customer.created').length + won.length + published.length + added.length);
  expect(count('customer.created')).toHaveLength(won.length);
}

const TYPES = ['STATIC', 'AUTO_UPDATE'] as const;

describe.each(DIALECTS)('20 publications at once in one process ($name)', (dialect) => {
  it.each(TYPES)('%s campaign with 10 free vouchers: each voucher published exactly once', async (type) => {
    const t = await startTestApp(dialect);
    try {
      const campaign = await campaignOfTen(t.vs, type);
      const answers = await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          send(t, 'POST', '/v1/publications', { body: publicationBody(campaign.name, i) }),
        ),
      );
      await expectEachVoucherOnce(t.vs, campaign, answers, type);
    } finally {
      await t.close();
    }
  });
});

describe.each(DIALECTS)('one source_id sent five times at once ($name)', (dialect) => {
  it('gives every request the same publication: one voucher, one customer, one set of events', async () => {
    const t = await startTestApp(dialect);
    try {
      const campaign = await campaignOfTen(t.vs, 'STATIC');
      const body = { ...publicationBody(campaign.name, 0), source_id: 'same-publication' };
      const answers = await Promise.all(
        Array.from({ length: 5 }, () => send(t, 'POST', '/v1/publications', { body })),
      );
      expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200]);
      expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
      expect(new Set(answers.map((a) => a.body.voucher.code)).size).toBe(1);
      const { vouchers, events } = await outcome(
        t.vs,
        campaign.id,
        answers.map((a) => a.requestId),
      );
      expect(vouchers.filter((v) => v.holder_id !== null)).toHaveLength(1);
      expect(events.map((e) => e.type).sort()).toEqual([
        'customer.created',
        'publication.succeeded',
        'voucher.published',
      ]);
    } finally {
      await t.close();
    }
  });
});

const hasPostgres = DIALECTS.some((d) => d.name === 'postgres');

describe.skipIf(!hasPostgres)('20 publications at once across two API processes (postgres)', () => {
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

  it.each(TYPES)('%s campaign with 10 free vouchers: each voucher published exactly once', async (type) => {
    store = await openSharedStore('postgres', { VOUCHSAFE_LOG_LEVEL: 'warn' });
    const campaign = await campaignOfTen(store.vs, type);
    for (let i = 0; i < 2; i++)
      running.push(await startCli(['start', '--role', 'api', '--port', '0'], store.env));
    const bases = running.map(apiBase);
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        const r = await fetch(`${bases[i % 2]}/v1/publications`, {
          method: 'POST',
          headers: { ...APP_KEY, 'content-type': 'application/json' },
          body: JSON.stringify(publicationBody(campaign.name, i)),
        });
        return { status: r.status, body: await r.json(), requestId: r.headers.get('x-request-id') ?? '' };
      }),
    );
    await expectEachVoucherOnce(store.vs, campaign, answers, type);
  });
});
