import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { asDelivered } from '../helpers/events.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, RULE_EVENTS, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`validation rules through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(
      dialect,
      {
        events: [...RULE_EVENTS, 'voucher.updated', 'campaign.updated'],
        checkAll: true,
      },
      (made) => {
        h = made;
        t = made.t;
      },
    );

    it('create: answers the normalised rule and delivers a signed business_validation_rule.created', async () => {
      const input = buildRule();
      const rule: any = await h.sdk.validationRules.create(input);
      const requestId = lastRequestId(h.sdk);
      expect(rule.id).toMatch(/^val_/);
      expect(rule).toEqual({
        id: rule.id,
        name: input.name,
        rules: {
          '1': { name: 'order.amount', property: null, conditions: { $more_than: [10000] }, rules: {} },
          '2': {
            name: 'order.metadata',
            property: 'location',
            conditions: { $is: ['Santorini'] },
            rules: {},
            error: { message: 'Santorini shops only.' },
          },
          logic: '1 and 2',
        },
        error: { message: 'Your order does not qualify.' },
        applicable_to: { excluded: [], included: [], included_all: false },
        created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
        type: 'expression',
        context_type: 'global',
        assignments_count: 0,
        object: 'validation_rules',
      });
      const [ev] = await delivered(h, 'business_validation_rule.created', rule.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.event.event_source).toMatchObject({ channel: 'API' });
      expect(ev.data).toEqual(
        asDelivered('business_validation_rule.created', { rule, created_at: rule.created_at }),
      );
      expect(await h.sdk.validationRules.get(rule.id)).toEqual(rule);
    });

    it('update replaces the given fields and delivers business_validation_rule.updated', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const updated: any = await h.sdk.validationRules.update({
        id: rule.id,
        name: `${rule.name} v2`,
        rules: { '1': { name: 'customer.segment', conditions: { $is: ['seg_vip'] } } },
        error: { message: 'VIP only' },
        applicable_to: {
          included: [{ object: 'product', id: 'prod_1', effect: 'APPLY_TO_EVERY', quantity_limit: 2 }],
        },
        context_type: 'voucher.discount_voucher',
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(updated).toMatchObject({
        id: rule.id,
        name: `${rule.name} v2`,
        rules: { '1': { name: 'customer.segment', property: null }, logic: '1' },
        error: { message: 'VIP only' },
        applicable_to: {
          excluded: [],
          included: [
            { object: 'product', id: 'prod_1', effect: 'APPLY_TO_EVERY', quantity_limit: 2, strict: false },
          ],
          included_all: false,
        },
        context_type: 'voucher.discount_voucher',
        created_at: rule.created_at,
        updated_at: expect.any(String),
      });
      const [ev] = await delivered(h, 'business_validation_rule.updated', rule.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.data).toEqual(
        asDelivered('business_validation_rule.updated', { rule: updated, updated_at: updated.updated_at }),
      );
      // `error: null` clears the message.
      const cleared: any = await h.sdk.validationRules.update({ id: rule.id, error: null } as any);
      expect(cleared.error).toBeUndefined();
    });

    it('list pages, orders and filters by creation date', async () => {
      const before = (await h.sdk.validationRules.list({ limit: 100 })).total;
      const a: any = await h.sdk.validationRules.create(buildRule({ name: `aaa ${Math.random()}` }));
      t.clock.advance(60_000);
      const b: any = await h.sdk.validationRules.create(buildRule({ name: `zzz ${Math.random()}` }));
      const all = await h.sdk.validationRules.list({ limit: 100 });
      expect(all).toMatchObject({ object: 'list', data_ref: 'data', total: before + 2 });
      expect(all.data[0].id).toBe(b.id);
      const page = await h.sdk.validationRules.list({ limit: 1, page: 2, order: 'created_at' } as any);
      expect(page.total).toBe(before + 2);
      expect(page.data).toHaveLength(1);
      const byName = await send(t, 'GET', '/v1/validation-rules?order=-name&limit=100');
      const names = byName.body.data.map((r: any) => r.name);
      expect(names).toEqual([...names].sort().reverse());
      const since = await send(
        t,
        'GET',
        `/v1/validation-rules?start_date=${encodeURIComponent(b.created_at)}`,
      );
      expect(since.body.data.map((r: any) => r.id)).toEqual([b.id]);
      const until = await send(
        t,
        'GET',
        `/v1/validation-rules?limit=100&end_date=${encodeURIComponent(a.created_at)}`,
      );
      expect(until.body.data.map((r: any) => r.id)).toContain(a.id);
      expect(until.body.data.map((r: any) => r.id)).not.toContain(b.id);
    });

    it('inline validation_rules on campaign and voucher create assign the rule and fire assignment.created', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const campaign: any = await h.sdk.campaigns.create(
        buildCampaign('DISCOUNT_COUPONS', { validation_rules: [rule.id] }) as any,
      );
      const campaignRequest = lastRequestId(h.sdk);
      const [cev] = (await deliveredFor(h, campaignRequest)).filter((e) =>
        e.type.startsWith('business_validation_rule.'),
      );
      expect(cev.type).toBe('business_validation_rule.assignment.created');
      expect(cev.data.assignment).toMatchObject({
        related_object_type: 'campaign',
        related_object_id: campaign.id,
      });
      expect(cev.data.campaign).toMatchObject({ id: campaign.id });

      const v: any = await h.sdk.vouchers.create({
        code: 'INLINE-1',
        campaign_id: campaign.id,
        validation_rules: [rule.id],
      } as any);
      const voucherRequest = lastRequestId(h.sdk);
      const [vev] = await deliveredFor(h, voucherRequest);
      expect(vev.data.assignment).toMatchObject({ related_object_type: 'voucher', related_object_id: v.id });
      expect(vev.data.voucher).toMatchObject({ id: v.id, campaign: campaign.name, campaign_id: campaign.id });
      expect(vev.data.campaign).toMatchObject({ id: campaign.id });
      const list = await h.sdk.validationRules.listAssignments(rule.id, { limit: 10 } as any);
      expect(list.data.map((a: any) => a.related_object_id).sort()).toEqual([campaign.id, v.id].sort());

      // An unknown rule is 404 and the campaign is not created.
      const name = `Inline missing ${Math.random()}`;
      const bad = await send(t, 'POST', '/v1/campaigns', {
        body: buildCampaign('DISCOUNT_COUPONS', { name, validation_rules: ['val_missing'] }),
      });
      expect(bad.status).toBe(404);
      expect(bad.body).toMatchObject({
        key: 'not_found',
        resource_type: 'validation_rules',
        resource_id: 'val_missing',
      });
      expect((await send(t, 'GET', `/v1/campaigns/${encodeURIComponent(name)}`)).status).toBe(404);
      const badVoucher = await send(t, 'POST', '/v1/vouchers/INLINE-MISSING', {
        body: {
          type: 'DISCOUNT_VOUCHER',
          discount: { type: 'AMOUNT', amount_off: 100 },
          validation_rules: ['val_missing'],
        },
      });
      expect(badVoucher.status).toBe(404);
      expect((await send(t, 'GET', '/v1/vouchers/INLINE-MISSING')).status).toBe(404);
      expect(await deliveredFor(h, bad.requestId)).toEqual([]);
      const twice = await send(t, 'POST', '/v1/vouchers/INLINE-TWICE', {
        body: {
          type: 'DISCOUNT_VOUCHER',
          discount: { type: 'AMOUNT', amount_off: 100 },
          validation_rules: [rule.id, rule.id],
        },
      });
      expect(twice.body).toMatchObject({
        code: 400,
        details: `validation_rules lists ${rule.id} more than once`,
      });
    });

    it('a rule the engine cannot evaluate is 400 invalid_payload naming it, and nothing is written', async () => {
      const before = (await h.sdk.validationRules.list({ limit: 1 })).total;
      const cases: [unknown, string][] = [
        [
          { '1': { name: 'campaign.orders.amount', conditions: { $is: [1] } } },
          'rules.1.name: the rule name "campaign.orders.amount" cannot be evaluated',
        ],
        [
          { '1': { name: 'order.amount', conditions: { $timeframe: ['x'] } } },
          'rules.1.conditions.$timeframe: the condition $timeframe is not supported',
        ],
        [
          {
            '1': { name: 'order.amount', conditions: { $more_than: [1] } },
            '2': { name: 'order.amount', conditions: { $is: [1] } },
            logic: '(1 and 2',
          },
          'rules.logic: the "(" at position 0 is not closed: found the end at position 8 in "(1 and 2"',
        ],
        [
          { '1': { name: 'order.amount', conditions: { $more_than: [1] } }, logic: '1 and 4' },
          'rules.logic: rule 4 at position 6 of "1 and 4" is not defined',
        ],
        [
          { '1': { name: 'order.amount', conditions: { $more_than: [1] } }, logic: '1 or' },
          'rules.logic: expected a rule number, "not" or "(" at position 4, found the end in "1 or"',
        ],
      ];
      for (const [rules, details] of cases) {
        const r = await send(t, 'POST', '/v1/validation-rules', { body: buildRule({ rules }) });
        expect(r.status).toBe(400);
        expect(r.body).toEqual({
          code: 400,
          key: 'invalid_payload',
          message: 'Invalid payload',
          details,
          request_id: r.requestId,
        });
        expect(await deliveredFor(h, r.requestId)).toEqual([]);
      }
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const upd = await send(t, 'PUT', `/v1/validation-rules/${rule.id}`, {
        body: {
          rules: {
            '1': {
              name: 'order.items.any',
              conditions: { $is: [{ object: 'products_collection', id: 'pc_1' }] },
            },
          },
        },
      });
      expect(upd.body.details).toMatch(
        /^rules\.1\.conditions\.\$is\[0\]\.object: products_collection cannot be evaluated/,
      );
      expect(await h.sdk.validationRules.get(rule.id)).toEqual(rule);
      const bundle = await send(t, 'POST', '/v1/validation-rules', {
        body: buildRule({ bundle_rules: { '1': { name: 'order.items.any' } } }),
      });
      expect(bundle.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      const dupName = await send(t, 'POST', '/v1/validation-rules', { body: buildRule({ name: rule.name }) });
      expect(dupName.body).toMatchObject({ code: 409, key: 'duplicate_found', resource_id: rule.id });
      expect((await h.sdk.validationRules.list({ limit: 1 })).total).toBe(before + 1);
    });
  });
}
