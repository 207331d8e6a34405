import { describe, expect, it } from 'vitest';
import { claimDueActions } from '../../src/async-actions/index.js';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign } from '../helpers/factories.js';
import { CAMPAIGN_EVENTS, delivered, type Harness, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

async function codesOf(t: TestApp, campaignId: string): Promise<string[]> {
  const rows = await t.vs.ctx.db.kysely
    .selectFrom('vouchers')
    .select('code')
    .where('campaign_id', '=', campaignId)
    .where('deleted_at', 'is', null)
    .execute();
  return rows.map((r) => r.code);
}

for (const dialect of DIALECTS) {
  describe(`bulk generation and import as async actions (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: CAMPAIGN_EVENTS }, (made) => {
      h = made;
      t = made.t;
    });

    it('create with vouchers_count: an ENQUEUED action, then exactly N codes that follow code_config, and the generation events', async () => {
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', {
          vouchers_count: 25,
          voucher: {
            type: 'DISCOUNT_VOUCHER',
            discount: { type: 'AMOUNT', amount_off: 100 },
            code_config: { pattern: 'Q-##-##', charset: 'ABC123', prefix: 'P', postfix: 'S' },
          },
        }) as any,
      );
      const requestId = lastRequestId(h.sdk);
      expect(c).toMatchObject({
        creation_status: 'IN_PROGRESS',
        vouchers_generation_status: 'IN_PROGRESS',
        vouchers_count: 0,
      });
      const list: any = await h.sdk.asyncActions.list({ limit: 100 } as any);
      expect(list).toMatchObject({ object: 'list', data_ref: 'async_actions' });
      const queued = list.async_actions[0];
      expect(queued).toMatchObject({
        type: 'CAMPAIGN.VOUCHERS_GENERATE',
        status: 'ENQUEUED',
        progress: 0,
        request_id: requestId,
      });
      expect(schemaErrors('async-actions.json', 'AsyncActionsListResponseBody', list)).toBeNull();

      expect(await t.vs.jobs.drain()).toBe(1);
      const codes = await codesOf(t, c.id);
      expect(codes).toHaveLength(25);
      expect(new Set(codes).size).toBe(25);
      for (const code of codes) expect(code).toMatch(/^PQ-[ABC123]{2}-[ABC123]{2}S$/);
      const done: any = await h.sdk.asyncActions.get(queued.id);
      expect(done).toMatchObject({
        id: queued.id,
        type: 'CAMPAIGN.VOUCHERS_GENERATE',
        status: 'DONE',
        progress: 100,
        result: { message: 'Generated 25 vouchers.', done_count: 25 },
        object: 'async_action',
      });
      const campaign: any = await h.sdk.campaigns.get(c.id);
      expect(campaign).toMatchObject({
        creation_status: 'DONE',
        vouchers_generation_status: 'DONE',
        vouchers_count: 25,
      });

      const [started] = await delivered(h, 'campaign.vouchers.generation.started', c.id);
      expect(started.data).toMatchObject({ count: 25 });
      const [completed] = await delivered(h, 'campaign.vouchers.generation.completed', c.id);
      expect(completed.data).toMatchObject({ count: 25 });
      expect(completed.data.campaign.id).toBe(c.id);
      for (const ev of [started, completed]) {
        expect(ev.event.event_source).toEqual({ channel: 'INTERNAL', user: null, api_key: null });
        expect(ev.event.group_id).toBe(requestId);
      }
      // The campaign's first codes are not "added" to an existing campaign.
      expect(await delivered(h, 'campaign.vouchers.added', c.id)).toEqual([]);
      expect(await delivered(h, 'voucher.created', codes[0])).toEqual([]);
    });

    it('addVoucher with vouchers_count: 202, then generation events and campaign.vouchers.added with the action id', async () => {
      const c: any = await h.sdk.campaigns.create(buildCampaign('GIFT_VOUCHERS') as any);
      const res = await send(t, 'POST', `/v1/campaigns/${c.id}/vouchers/?vouchers_count=7`, {
        body: {
          category: 'Bulk',
          metadata: { wave: 1 },
        },
      });
      expect(res.status).toBe(202);
      const actionId = res.body.async_action_id;
      expect(actionId).toMatch(/^aa_/);
      await t.vs.jobs.drain();
      const vouchers = (await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}&limit=100`)).body.vouchers;
      expect(vouchers).toHaveLength(7);
      for (const v of vouchers)
        expect(v).toMatchObject({
          category: 'Bulk',
          metadata: { wave: 1 },
          gift: { amount: 5000, balance: 5000 },
        });
      const [added] = await delivered(h, 'campaign.vouchers.added', c.id);
      expect(added.data).toMatchObject({ count: 7, async_action_id: actionId });
      expect(added.data.campaign.id).toBe(c.id);
      expect(
        (await delivered(h, 'campaign.vouchers.generation.completed', c.id)).map((e) => e.data.count),
      ).toEqual([7]);
      expect((await h.sdk.campaigns.get(c.id)).vouchers_count).toBe(7);
    });

    it('a code space the project has used up: the job fails cleanly, keeps what it made, and says so', async () => {
      const config = { pattern: '#', charset: '0123', prefix: 'EX-' };
      const full: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', {
          vouchers_count: 4,
          voucher: {
            type: 'DISCOUNT_VOUCHER',
            discount: { type: 'PERCENT', percent_off: 1 },
            code_config: config,
          },
        }) as any,
      );
      await t.vs.jobs.drain();
      expect((await codesOf(t, full.id)).sort()).toEqual(['EX-0', 'EX-1', 'EX-2', 'EX-3']);

      const partial: any = await h.sdk.vouchers.create({
        code: 'PX-11',
        discount: { type: 'PERCENT', percent_off: 1 },
      } as any);
      expect(partial.code).toBe('PX-11');
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', {
          vouchers_count: 4,
          voucher: {
            type: 'DISCOUNT_VOUCHER',
            discount: { type: 'PERCENT', percent_off: 1 },
            code_config: { pattern: '##', charset: '01', prefix: 'PX-' },
          },
        }) as any,
      );
      await t.vs.jobs.drain();
      expect((await codesOf(t, c.id)).sort()).toEqual(['PX-00', 'PX-01', 'PX-10']);
      const campaign: any = await h.sdk.campaigns.get(c.id);
      expect(campaign).toMatchObject({
        creation_status: 'FAILED',
        vouchers_generation_status: 'FAILED',
        vouchers_count: 3,
      });
      const [failed] = await delivered(h, 'campaign.vouchers.generation.failed', c.id);
      expect(failed.data).toMatchObject({ count: 4, done_count: 3 });
      expect(failed.data.error.message).toMatch(/no free code left: 3 of 4/);
      expect(await delivered(h, 'campaign.vouchers.generation.completed', c.id)).toEqual([]);
      const actions: any = await h.sdk.asyncActions.list({ limit: 100 } as any);
      const failedIds = actions.async_actions.filter((a: any) => a.status === 'FAILED').map((a: any) => a.id);
      expect(failedIds).toHaveLength(1);
      const action: any = await h.sdk.asyncActions.get(failedIds[0]);
      expect(action).toMatchObject({ status: 'FAILED', result: { done_count: 3 } });
      expect(action.result.message).toMatch(/no free code left/);
    });

    it('a worker that lost its lease is taken over: the next one ends the job with exactly N unique codes', async () => {
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', {
          vouchers_count: 4500,
          voucher: {
            type: 'DISCOUNT_VOUCHER',
            discount: { type: 'PERCENT', percent_off: 2 },
            code_config: { length: 3, charset: '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ' },
          },
        }) as any,
      );
      const db = t.vs.ctx.db;
      const [claimed] = await claimDueActions(db.kysely, db.profile, {
        now: t.clock.now(),
        limit: 1,
        leaseMs: t.vs.ctx.config.dispatchLeaseMs,
        workerId: 'dead-worker',
      });
      expect(claimed.payload).toContain(c.id);
      // While the dead worker's lease runs, nobody else may take the action.
      expect(await t.vs.jobs.drain()).toBe(0);
      t.clock.advance(t.vs.ctx.config.dispatchLeaseMs + 1);
      expect(await t.vs.jobs.drain()).toBe(1);
      const codes = await codesOf(t, c.id);
      expect(codes).toHaveLength(4500);
      expect(new Set(codes).size).toBe(4500);
      expect((await h.sdk.campaigns.get(c.id)).vouchers_count).toBe(4500);
    });

    it('import: a JSON list becomes vouchers, taken codes are reported, and campaign.vouchers.added counts the rest', async () => {
      const c: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      await h.sdk.vouchers.create({
        code: 'IMP-TAKEN',
        discount: { type: 'PERCENT', percent_off: 1 },
      } as any);
      const res: any = await h.sdk.campaigns.importVouchers(c.id, [
        { code: 'IMP-1', metadata: { n: 1 }, redemption: { quantity: 2 } },
        { code: 'IMP-2', additional_info: 'second', active: false },
        { code: 'IMP-TAKEN' },
        { code: 'IMP-1' },
      ] as any);
      expect(res.async_action_id).toMatch(/^aa_/);
      await t.vs.jobs.drain();
      const action: any = await h.sdk.asyncActions.get(res.async_action_id);
      expect(action).toMatchObject({
        type: 'CAMPAIGN.VOUCHERS_IMPORT',
        status: 'DONE',
        progress: 100,
        result: { message: '2 voucher(s) imported successfully, 2 failed.', done_count: 2, failed_count: 2 },
      });
      expect(action.result.failed.map((f: any) => f.code).sort()).toEqual(['IMP-1', 'IMP-TAKEN']);
      expect(await h.sdk.vouchers.get('IMP-1')).toMatchObject({
        campaign_id: c.id,
        metadata: { n: 1 },
        redemption: { quantity: 2 },
      });
      expect(await h.sdk.vouchers.get('IMP-2')).toMatchObject({ active: false, additional_info: 'second' });
      const [added] = await delivered(h, 'campaign.vouchers.added', c.id);
      expect(added.data).toMatchObject({ count: 2, async_action_id: res.async_action_id });
      // A bad item is refused at once, and nothing is queued.
      const bad = await send(t, 'POST', `/v1/campaigns/${c.id}/import`, {
        body: [{ code: 'OK-1' }, { code: 'BAD-1', discount: { type: 'PERCENT', percent_off: 300 } }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.details).toMatch(/\[1\] \(BAD-1\)/);
      expect(await t.vs.jobs.drain()).toBe(0);
      expect((await send(t, 'GET', '/v1/vouchers/OK-1')).status).toBe(404);
    });

    it('async actions: 404 for an unknown id; another project cannot read them', async () => {
      const missing = await send(t, 'GET', '/v1/async-actions/aa_missing');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({ key: 'not_found', resource_type: 'async_action' });
      const bad = await send(t, 'GET', '/v1/async-actions?end_date=yesterday');
      expect(bad.status).toBe(400);
      expect(bad.body.key).toBe('invalid_query_params');
    });
  });
}
