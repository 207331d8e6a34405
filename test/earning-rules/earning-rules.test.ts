import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { asDelivered } from '../helpers/events.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { delivered, type Harness, withHarness } from '../helpers/harness.js';
import { expectError, send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

const EARNING_RULE_EVENTS = ['assigned', 'updated', 'enabled', 'disabled', 'deleted'].map(
  (e) => `campaign.earning_rule.${e}`,
);

const ORDER_AMOUNT = {
  type: 'PROPORTIONAL',
  calculation_type: 'ORDER_AMOUNT',
  order: { amount: { every: 1000, points: 1 } },
};

for (const dialect of DIALECTS) {
  describe(`earning rules through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: Harness;
    withHarness(dialect, { events: EARNING_RULE_EVENTS, checkAll: true }, (made) => {
      h = made;
      t = made.t;
    });

    const loyaltyCampaign = async () =>
      (await h.sdk.campaigns.create(
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
        }) as any,
      )) as any;

    it('createEarningRule: one rule per item, each delivering campaign.earning_rule.assigned', async () => {
      const campaign = await loyaltyCampaign();
      const rule = await h.sdk.validationRules.create(buildRule() as any);
      const created: any[] = await h.sdk.loyalties.createEarningRule(campaign.id, [
        {
          event: 'order.paid',
          validation_rule_id: rule.id,
          loyalty: { type: 'FIXED', points: 5 },
          source: { banner: 'Order paid 5 points.' },
          start_date: '2026-01-01T00:00:00.000Z',
          expiration_date: '2027-01-01T00:00:00.000Z',
          validity_day_of_week: [1, 2, 3],
          metadata: { kind: 'fixed' },
        } as any,
        { event: 'signed_up', loyalty: { type: 'FIXED', points: 50 } } as any,
      ]);
      const requestId = lastRequestId(h.sdk);
      expect(created).toHaveLength(2);
      expect(created[0]).toEqual({
        id: expect.stringMatching(/^ern_/),
        created_at: expect.any(String),
        updated_at: null,
        validation_rule_id: rule.id,
        loyalty: { type: 'FIXED', points: 5 },
        event: 'order.paid',
        source: { banner: 'Order paid 5 points.', object_id: campaign.id, object_type: 'campaign' },
        active: true,
        start_date: '2026-01-01T00:00:00.000Z',
        expiration_date: '2027-01-01T00:00:00.000Z',
        validity_day_of_week: [1, 2, 3],
        object: 'earning_rule',
        automation_id: expect.stringMatching(/^auto_/),
        metadata: { kind: 'fixed' },
      });
      // A custom event is `custom_event` in Voucherify's rule objects, with the event's name beside it.
      expect(created[1]).toMatchObject({
        event: 'custom_event',
        custom_event: { schema_id: 'signed_up', name: 'signed_up' },
        validation_rule_id: null,
        active: true,
      });
      const events = await delivered(h, 'campaign.earning_rule.assigned');
      for (const r of created) {
        const ev = events.find((e) => e.event.entity_id === r.id);
        expect(ev.event.group_id).toBe(requestId);
        expect(ev.data).toEqual(
          asDelivered('campaign.earning_rule.assigned', {
            campaign: expect.objectContaining({ id: campaign.id, object: 'campaign' }),
            earning_rule: r,
          }),
        );
      }
      expect(await h.sdk.loyalties.getEarningRule(campaign.id, created[0].id)).toEqual(created[0]);
      const list: any = await h.sdk.loyalties.listEarningRules(campaign.id);
      expect(list).toMatchObject({ object: 'list', data_ref: 'data', total: 2 });
      expect(list.data.map((r: any) => r.id).sort()).toEqual(created.map((r) => r.id).sort());
    });

    it('update, disable, enable and delete each deliver their event with the rule', async () => {
      const campaign = await loyaltyCampaign();
      const [rule]: any[] = await h.sdk.loyalties.createEarningRule(campaign.id, [
        { event: 'order.paid', loyalty: ORDER_AMOUNT } as any,
      ]);
      const updated: any = await h.sdk.loyalties.updateEarningRule(campaign.id, {
        id: rule.id,
        source: { banner: 'Ten points' },
        loyalty: { type: 'FIXED', points: 10 },
        pending_points: { period_type: 'DAY', period_value: 7 },
      } as any);
      expect(updated).toMatchObject({
        id: rule.id,
        loyalty: { type: 'FIXED', points: 10 },
        pending_points: { period_type: 'DAY', period_value: 7 },
        source: { banner: 'Ten points' },
        updated_at: expect.any(String),
      });
      const [u] = await delivered(h, 'campaign.earning_rule.updated', rule.id);
      expect(u.data.earning_rule).toEqual(
        asDelivered('campaign.earning_rule.updated', { earning_rule: updated }).earning_rule,
      );

      const disabled: any = await h.sdk.loyalties.disableEarningRule(campaign.id, rule.id);
      expect(disabled.active).toBe(false);
      const [d] = await delivered(h, 'campaign.earning_rule.disabled', rule.id);
      expect(d.data.earning_rule.active).toBe(false);

      const enabled: any = await h.sdk.loyalties.enableEarningRule(campaign.id, rule.id);
      expect(enabled.active).toBe(true);
      const [e] = await delivered(h, 'campaign.earning_rule.enabled', rule.id);
      expect(e.data.earning_rule.active).toBe(true);

      await h.sdk.loyalties.deleteEarningRule(campaign.id, rule.id);
      const [del] = await delivered(h, 'campaign.earning_rule.deleted', rule.id);
      expect(del.data.earning_rule).toMatchObject({ id: rule.id, active: true });
      const gone = await send(t, 'GET', `/v1/loyalties/${campaign.id}/earning-rules/${rule.id}`);
      expectError(gone, 404, 'not_found', { resource_type: 'earning_rule', resource_id: rule.id });
    });

    it('refuses bad input with 400 naming the field, writing nothing', async () => {
      const campaign = await loyaltyCampaign();
      const coupons: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      const before = await rowCounts(t);
      const post = (id: string, body: unknown) =>
        send(t, 'POST', `/v1/loyalties/${id}/earning-rules`, { body });
      const ok = { event: 'order.paid', loyalty: { type: 'FIXED', points: 1 } };
      expectError(await post(coupons.id, [ok]), 400, 'invalid_payload', /campaignId: .* DISCOUNT_COUPONS/);
      expectError(
        await post(campaign.id, [ok, { ...ok, pending_points: { period_type: 'DAY', period_value: 91 } }]),
        400,
        'invalid_payload',
        /period_value/,
      );
      expectError(
        await post(campaign.id, [{ ...ok, pending_points: { period_type: 'DAY', period_value: 0 } }]),
        400,
        'invalid_payload',
        /period_value/,
      );
      expectError(
        await post(campaign.id, [
          {
            event: 'signed_up',
            loyalty: ok.loyalty,
            pending_points: { period_type: 'DAY', period_value: 3 },
          },
        ]),
        400,
        'invalid_payload',
        /\[0\]\.pending_points is allowed only for an earning rule on order\.paid/,
      );
      expectError(
        await post(campaign.id, [
          ok,
          {
            event: 'order.paid',
            loyalty: {
              type: 'PROPORTIONAL',
              calculation_type: 'ORDER_AMOUNT',
              order: { amount: { every: 0, points: 1 } },
            },
          },
        ]),
        400,
        'invalid_payload',
        /\[1\]\.loyalty\.order\.amount\.every must be an integer of at least 1/,
      );
      expectError(
        await post(campaign.id, [{ event: 'signed_up', loyalty: ORDER_AMOUNT }]),
        400,
        'invalid_payload',
        /\[0\]\.loyalty\.calculation_type ORDER_AMOUNT needs an order/,
      );
      expectError(
        await post(campaign.id, [{ event: 'customer.segment.entered', loyalty: ok.loyalty }]),
        400,
        'invalid_payload',
        /\[0\]\.segment is required/,
      );
      expectError(await post(campaign.id, [{ ...ok, validation_rule_id: 'val_missing' }]), 404, 'not_found', {
        resource_type: 'validation_rules',
      });
      expect(await rowCounts(t)).toEqual(before);
    });

    it('holds at most 100 earning rules per project', async () => {
      const campaign = await loyaltyCampaign();
      const existing = (await rowCounts(t)).earning_rules!;
      const item = { event: 'order.paid', loyalty: { type: 'FIXED', points: 1 } };
      const fill = Array.from({ length: 100 - existing }, () => item);
      const ok = await send(t, 'POST', `/v1/loyalties/${campaign.id}/earning-rules`, { body: fill });
      expect(ok.status, ok.raw).toBe(200);
      const over = await send(t, 'POST', `/v1/loyalties/${campaign.id}/earning-rules`, { body: [item] });
      expectError(over, 400, 'limit_exceeded', /at most 100 earning rules/);
    });
  });
}
