import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered } from '../helpers/events.js';
import { buildCampaign } from '../helpers/factories.js';
import { CAMPAIGN_EVENTS, delivered, allDelivered, type Harness, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

const CAMPAIGN_TYPES = [
  'DISCOUNT_COUPONS',
  'GIFT_VOUCHERS',
  'LOYALTY_PROGRAM',
  'PROMOTION',
  'REFERRAL_PROGRAM',
];

for (const dialect of DIALECTS) {
  describe(`campaigns through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: CAMPAIGN_EVENTS }, (made) => {
      h = made;
      t = made.t;
    });

    it('create: every campaign_type, as AUTO_UPDATE and STATIC, answers the spec and delivers campaign.created', async () => {
      for (const campaignType of CAMPAIGN_TYPES) {
        for (const type of ['AUTO_UPDATE', 'STATIC'] as const) {
          const body = buildCampaign(campaignType, { type });
          const c: any = await h.sdk.campaigns.create(body as any);
          const requestId = lastRequestId(h.sdk);
          expect(schemaErrors('campaigns.json', 'CampaignsCreateResponseBody', c)).toBeNull();
          expect(c).toMatchObject({
            name: body.name,
            campaign_type: campaignType,
            type,
            description: 'Spring 2026',
            start_date: '2026-03-01T00:00:00.000Z',
            expiration_date: '2026-03-31T00:00:00.000Z',
            validity_day_of_week: [5, 6, 0],
            category: 'Spring',
            metadata: { region: 'EU' },
            active: true,
            vouchers_count: 0,
            creation_status: 'DONE',
            vouchers_generation_status: 'DONE',
            object: 'campaign',
          });
          expect(c.id).toMatch(/^camp_/);
          if (campaignType === 'PROMOTION') {
            expect(c.voucher).toBeUndefined();
            expect(c.promotion).toEqual({
              object: 'list',
              data_ref: 'tiers',
              tiers: [],
              total: 0,
              has_more: false,
            });
          } else {
            expect(c.voucher.code_config).toEqual({
              length: 6,
              charset: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789',
              prefix: 'SP-',
              postfix: '',
              pattern: '######',
            });
            expect(c.voucher.is_referral_code).toBe(campaignType === 'REFERRAL_PROGRAM');
          }
          const [ev] = await delivered(h, 'campaign.created', c.id);
          expect(ev.data).toEqual(asDelivered('campaign.created', { campaign: c, created_at: c.created_at }));
          expect(ev.event.group_id).toBe(requestId);
          expect(ev.event.event_source.channel).toBe('API');
        }
      }
    });

    it('create: the voucher template keeps every discount type with its limits, gift, loyalty card and validity', async () => {
      const discounts = [
        {
          type: 'AMOUNT',
          amount_off: 2000,
          aggregated_amount_limit: 50000,
          effect: 'APPLY_TO_ITEMS_PROPORTIONALLY',
        },
        {
          type: 'PERCENT',
          percent_off: 15,
          amount_limit: 3000,
          aggregated_amount_limit: 9000,
          effect: 'APPLY_TO_ITEMS',
        },
        { type: 'FIXED', fixed_amount: 999, effect: 'APPLY_TO_ORDER' },
        { type: 'UNIT', unit_off: 2, unit_type: 'prod_0a41bcf88c9dbe9a3f', effect: 'ADD_MISSING_ITEMS' },
        {
          type: 'UNIT',
          effect: 'ADD_MANY_ITEMS',
          units: [
            { unit_off: 1, unit_type: 'prod_a', effect: 'ADD_NEW_ITEMS' },
            { unit_off: 3, unit_type: 'sku_b', effect: 'ADD_MISSING_ITEMS' },
          ],
        },
      ];
      for (const discount of discounts) {
        const c: any = await h.sdk.campaigns.create(
          buildCampaign('DISCOUNT_COUPONS', {
            voucher: {
              type: 'DISCOUNT_VOUCHER',
              discount,
              redemption: { quantity: 3 },
              code_config: { pattern: 'X-##-##', charset: '0123456789', prefix: 'A', postfix: 'Z' },
            },
            validity_timeframe: { interval: 'P2D', duration: 'PT1H' },
            validity_hours: {
              daily: [{ start_time: '08:00', expiration_time: '12:00', days_of_week: [1, 2] }],
            },
            join_once: true,
            auto_join: true,
            activity_duration_after_publishing: 'P24D',
          }) as any,
        );
        expect(c.voucher.discount).toEqual(discount);
        expect(c.voucher.redemption).toEqual({ quantity: 3 });
        expect(c.voucher.code_config).toEqual({
          length: 4,
          charset: '0123456789',
          prefix: 'A',
          postfix: 'Z',
          pattern: 'X-##-##',
        });
        expect(c).toMatchObject({
          join_once: true,
          auto_join: true,
          activity_duration_after_publishing: 'P24D',
          validity_timeframe: { interval: 'P2D', duration: 'PT1H' },
          validity_hours: {
            daily: [{ start_time: '08:00', expiration_time: '12:00', days_of_week: [1, 2] }],
          },
        });
        expect(schemaErrors('campaigns.json', 'CampaignsCreateResponseBody', c)).toBeNull();
      }
      const gift: any = await h.sdk.campaigns.create(buildCampaign('GIFT_VOUCHERS') as any);
      expect(gift.voucher).toMatchObject({
        type: 'GIFT_VOUCHER',
        gift: { amount: 5000, balance: 5000, effect: 'APPLY_TO_ORDER' },
      });
      const loyalty: any = await h.sdk.campaigns.create(
        buildCampaign('LOYALTY_PROGRAM', { join_once: false, auto_join: true }) as any,
      );
      expect(loyalty.voucher).toMatchObject({ type: 'LOYALTY_CARD', loyalty_card: { points: 100 } });
      // Voucherify forces join_once for loyalty programs.
      expect(loyalty.join_once).toBe(true);
    });

    it('get and list: by id or by name, filtered by campaign_type, with the list envelope', async () => {
      const body = buildCampaign('GIFT_VOUCHERS');
      const c: any = await h.sdk.campaigns.create(body as any);
      expect(await h.sdk.campaigns.get(c.id)).toEqual(c);
      expect(await h.sdk.campaigns.get(body.name as string)).toEqual(c);
      const list: any = await h.sdk.campaigns.list({ limit: 100, campaign_type: 'GIFT_VOUCHERS' } as any);
      expect(list).toMatchObject({ object: 'list', data_ref: 'campaigns' });
      expect(list.campaigns.every((x: any) => x.campaign_type === 'GIFT_VOUCHERS')).toBe(true);
      expect(list.campaigns.map((x: any) => x.id)).toContain(c.id);
      expect(list.total).toBe(list.campaigns.length);
      expect(schemaErrors('campaigns.json', 'CampaignsListResponseBody', list)).toBeNull();
      const slash = await send(t, 'GET', `/v1/campaigns/${c.id}/`);
      expect(slash.body).toEqual(c);
    });

    it('update: changes the campaign, rewrites unused vouchers, and delivers campaign.updated', async () => {
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', { vouchers_count: 3 }) as any,
      );
      await t.vs.jobs.drain();
      const updated: any = await h.sdk.campaigns.update(c.id, {
        description: 'Extended',
        expiration_date: '2026-04-30T00:00:00.000Z',
        type: 'STATIC',
        metadata: { lang: 'en' },
        discount: { type: 'AMOUNT', amount_off: 700 },
        category: 'Extended',
      } as any);
      expect(updated).toMatchObject({
        id: c.id,
        description: 'Extended',
        expiration_date: '2026-04-30T00:00:00.000Z',
        type: 'STATIC',
        category: 'Extended',
        metadata: { region: 'EU', lang: 'en' },
      });
      expect(updated.voucher.discount).toEqual({ type: 'AMOUNT', amount_off: 700, effect: 'APPLY_TO_ORDER' });
      expect(updated.updated_at).toBeDefined();
      const [ev] = await delivered(h, 'campaign.updated', c.id);
      expect(ev.data).toEqual(asDelivered('campaign.updated', { campaign: updated }));
      const vouchers: any = await h.sdk.vouchers.list({ campaign_id: c.id } as any);
      expect(vouchers.vouchers).toHaveLength(3);
      for (const v of vouchers.vouchers) {
        expect(v.expiration_date).toBe('2026-04-30T00:00:00.000Z');
        expect(v.discount).toEqual({ type: 'AMOUNT', amount_off: 700, effect: 'APPLY_TO_ORDER' });
        expect(v.category).toBe('Extended');
      }
      const unset: any = await h.sdk.campaigns.update(c.id, { unset_metadata_fields: ['region'] } as any);
      expect(unset.metadata).toEqual({ lang: 'en' });
    });

    it('enable and disable: flip active and deliver campaign.enabled / campaign.disabled', async () => {
      const c: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      const off: any = await h.sdk.campaigns.disable(c.id);
      expect(off.active).toBe(false);
      expect((await h.sdk.campaigns.get(c.id)).active).toBe(false);
      const on: any = await h.sdk.campaigns.enable(c.id);
      expect(on.active).toBe(true);
      const [d] = await delivered(h, 'campaign.disabled', c.id);
      expect(d.data).toEqual(asDelivered('campaign.disabled', { campaign: off }));
      const [e] = await delivered(h, 'campaign.enabled', c.id);
      expect(e.data).toEqual(asDelivered('campaign.enabled', { campaign: on }));
    });

    it('bad input: 400 for an invalid discount or code_config, 409 for a taken name, 404 for unknown; nothing written', async () => {
      const before = (await send(t, 'GET', '/v1/campaigns?limit=1')).body.total;
      const eventsBefore = (await allDelivered(h)).length;
      const template = (discount: unknown, codeConfig: unknown = {}) =>
        buildCampaign('DISCOUNT_COUPONS', {
          voucher: { type: 'DISCOUNT_VOUCHER', discount, code_config: codeConfig },
        });
      const cases: [unknown, number, string, RegExp][] = [
        [
          template({ type: 'PERCENT', percent_off: 150 }),
          400,
          'invalid_payload',
          /percent_off must be at most 100/,
        ],
        [
          template({ type: 'AMOUNT', amount_off: -5 }),
          400,
          'invalid_payload',
          /amount_off must not be negative/,
        ],
        [template({ type: 'CASHBACK', amount_off: 5 }), 400, 'invalid_payload', /discount.type/],
        [
          template({ type: 'PERCENT', percent_off: 5 }, { pattern: 'ABC' }),
          400,
          'invalid_payload',
          /pattern/,
        ],
        [template({ type: 'PERCENT', percent_off: 5 }, { charset: '' }), 400, 'invalid_payload', /charset/],
        [template({ type: 'PERCENT', percent_off: 5 }, { charset: 'AAB' }), 400, 'invalid_payload', /repeat/],
        [
          {
            ...template({ type: 'PERCENT', percent_off: 5 }, { pattern: '#', charset: '01' }),
            vouchers_count: 3,
          },
          400,
          'invalid_payload',
          /at most 2 distinct codes/,
        ],
        [
          buildCampaign('REFERRAL_PROGRAM', { voucher: { type: 'DISCOUNT_VOUCHER' } }),
          400,
          'invalid_campaign',
          /discount/,
        ],
        [
          buildCampaign('GIFT_VOUCHERS', { voucher: { type: 'LOYALTY_CARD' } }),
          400,
          'invalid_campaign',
          /GIFT_VOUCHER/,
        ],
        [
          buildCampaign('DISCOUNT_COUPONS', { start_date: '2026-05-01T00:00:00Z' }),
          400,
          'invalid_payload',
          /start_date/,
        ],
        [{ campaign_type: 'DISCOUNT_COUPONS' }, 400, 'invalid_payload', /name is required/],
      ];
      for (const [body, status, key, details] of cases) {
        const r = await send(t, 'POST', '/v1/campaigns', { body: body });
        expect(r.status, JSON.stringify(r.body)).toBe(status);
        expect(r.body.key).toBe(key);
        expect(r.body.details).toMatch(details);
      }
      const taken = buildCampaign('DISCOUNT_COUPONS');
      expect((await send(t, 'POST', '/v1/campaigns', { body: taken })).status).toBe(200);
      const dup = await send(t, 'POST', '/v1/campaigns', { body: taken });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({
        key: 'duplicate_found',
        resource_type: 'campaign',
        resource_id: taken.name,
      });
      const missing = await send(t, 'GET', '/v1/campaigns/camp_nope');
      expect(missing.status).toBe(404);
      expect(missing.body).toMatchObject({
        key: 'not_found',
        resource_type: 'campaign',
        resource_id: 'camp_nope',
      });
      expect((await send(t, 'PUT', '/v1/campaigns/camp_nope', { body: { description: 'x' } })).status).toBe(
        404,
      );
      const badUpdate = await send(t, 'PUT', `/v1/campaigns/${encodeURIComponent(taken.name as string)}`, {
        body: {
          discount: { type: 'PERCENT', percent_off: 101 },
        },
      });
      expect(badUpdate.status).toBe(400);
      expect(
        (await send(t, 'GET', `/v1/campaigns/${encodeURIComponent(taken.name as string)}`)).body.voucher
          .discount,
      ).toEqual({
        type: 'PERCENT',
        percent_off: 10,
        amount_limit: 3000,
        effect: 'APPLY_TO_ORDER',
      });
      // Only the one good create was written, and only its event went out.
      expect((await send(t, 'GET', '/v1/campaigns?limit=1')).body.total).toBe(before + 1);
      const events = (await allDelivered(h)).slice(eventsBefore);
      expect(events.map((e) => e.type)).toEqual(['campaign.created']);
    });

    it('delete: 202 with an async action; the bin hides campaign and vouchers until restored', async () => {
      const c: any = await h.sdk.campaigns.create(
        buildCampaign('GIFT_VOUCHERS', { vouchers_count: 4 }) as any,
      );
      await t.vs.jobs.drain();
      const codes = (await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}`)).body.vouchers.map(
        (v: any) => v.code,
      );
      expect(codes).toHaveLength(4);
      const res = await send(t, 'DELETE', `/v1/campaigns/${c.id}`);
      expect(res.status).toBe(202);
      expect(res.body.async_action_id).toMatch(/^aa_/);
      expect((await send(t, 'GET', `/v1/campaigns/${c.id}`)).status).toBe(404);
      const [ev] = await delivered(h, 'campaign.deleted', c.id);
      expect(ev.data.campaign).toEqual(
        asDelivered('campaign.deleted', {
          campaign: { ...c, creation_status: 'DONE', vouchers_generation_status: 'DONE', vouchers_count: 4 },
        }).campaign,
      );
      expect(Date.parse(ev.data.deleted_at)).toBeGreaterThan(0);
      const action: any = await h.sdk.asyncActions.get(res.body.async_action_id);
      expect(action).toMatchObject({
        type: 'CAMPAIGN.VOUCHERS_DELETE',
        status: 'DONE',
        progress: 100,
        result: { message: 'Deleted 4 vouchers.', done_count: 4 },
      });
      expect((await send(t, 'GET', `/v1/vouchers/${codes[0]}`)).status).toBe(404);
      // Binned codes stay taken.
      expect(
        (
          await send(t, 'POST', `/v1/vouchers/${codes[0]}`, {
            body: { type: 'GIFT_VOUCHER', gift: { amount: 1 } },
          })
        ).status,
      ).toBe(409);
      const restored = await send(t, 'POST', `/v1/campaigns/${c.id}/restore`);
      expect(restored.status).toBe(200);
      expect(restored.body.id).toBe(c.id);
      expect((await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}`)).body.total).toBe(4);
      expect((await send(t, 'GET', `/v1/vouchers/${codes[0]}`)).body.campaign_id).toBe(c.id);
    });

    it('delete with force: removes campaign and vouchers for good, frees the name and codes, cannot be restored', async () => {
      const body = buildCampaign('DISCOUNT_COUPONS', { vouchers_count: 3 });
      const c: any = await h.sdk.campaigns.create(body as any);
      await t.vs.jobs.drain();
      const codes = (await send(t, 'GET', `/v1/vouchers?campaign_id=${c.id}`)).body.vouchers.map(
        (v: any) => v.code,
      );
      await h.sdk.campaigns.delete(c.id, { force: true });
      // The name is free at once.
      const again: any = await h.sdk.campaigns.create(body as any);
      expect(again.id).not.toBe(c.id);
      await t.vs.jobs.drain();
      expect((await send(t, 'POST', `/v1/campaigns/${c.id}/restore`)).status).toBe(404);
      for (const code of codes) expect((await send(t, 'GET', `/v1/vouchers/${code}`)).status).toBe(404);
      const reuse = await send(t, 'POST', `/v1/vouchers/${codes[0]}`, {
        body: {
          discount: { type: 'PERCENT', percent_off: 1 },
        },
      });
      expect(reuse.status).toBe(200);
      const [ev] = await delivered(h, 'campaign.deleted', c.id);
      expect(ev.data.campaign.name).toBe(body.name);
    });

    it('auth: every campaign route refuses a missing key', async () => {
      for (const [method, url] of [
        ['POST', '/v1/campaigns'],
        ['GET', '/v1/campaigns'],
        ['GET', '/v1/campaigns/x'],
        ['PUT', '/v1/campaigns/x'],
        ['DELETE', '/v1/campaigns/x'],
        ['POST', '/v1/campaigns/x/enable'],
        ['POST', '/v1/campaigns/x/disable'],
        ['POST', '/v1/campaigns/x/vouchers'],
        ['POST', '/v1/campaigns/x/vouchers/CODE'],
        ['POST', '/v1/campaigns/x/import'],
        ['GET', '/v1/async-actions'],
        ['GET', '/v1/async-actions/aa_x'],
      ] as const) {
        // A well-formed body, so that only the missing key can be the reason for refusal.
        const payload = url.endsWith('/import')
          ? [{ code: 'A' }]
          : method === 'GET'
            ? undefined
            : { name: 'n' };
        const r = await t.vs.app.inject({ method, url, payload });
        expect(r.statusCode, `${method} ${url}`).toBe(401);
      }
    });
  });
}
