import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { delivered, deliveredFor, type Harness, RULE_EVENTS, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { schemaErrors } from '../helpers/schemas.js';
import { lastRequestId } from '../helpers/sdk.js';

for (const dialect of DIALECTS) {
  describe(`validation rule assignments through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
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

    const voucher = async (code: string) =>
      (await h.sdk.vouchers.create({
        code,
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'AMOUNT', amount_off: 1000 },
      } as any)) as any;

    it('assignments to a voucher and a campaign deliver assignment.created with the related objects', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const v = await voucher('RULED-1');
      const asgm: any = await h.sdk.validationRules.createAssignment(rule.id, { voucher: v.id });
      const requestId = lastRequestId(h.sdk);
      expect(asgm).toEqual({
        id: expect.stringMatching(/^asgm_/),
        rule_id: rule.id,
        related_object_id: v.id,
        related_object_type: 'voucher',
        created_at: expect.any(String),
        object: 'validation_rules_assignment',
      });
      const [ev] = await delivered(h, 'business_validation_rule.assignment.created', asgm.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(Object.keys(ev.data)).toEqual([
        'rule',
        'voucher',
        'campaign',
        'assignment',
        'distribution',
        'earning_rule',
        'promotion_tier',
      ]);
      expect(ev.data.rule).toMatchObject({ id: rule.id, assignments_count: 1 });
      expect(ev.data.assignment).toEqual({
        ...asgm,
        updated_at: null,
        validation_status: 'VALID',
        validation_omitted_rules: [],
      });
      expect(ev.data.voucher).toMatchObject({
        id: v.id,
        code: 'RULED-1',
        type: 'DISCOUNT_VOUCHER',
        redemption: { quantity: null, redeemed_quantity: 0 },
        object: 'voucher',
      });
      expect(ev.data.campaign).toBeNull();
      expect((await h.sdk.validationRules.get(rule.id)).assignments_count).toBe(1);

      t.clock.advance(1000);
      const campaign: any = await h.sdk.campaigns.create(buildCampaign('DISCOUNT_COUPONS') as any);
      const byName: any = await h.sdk.validationRules.createAssignment(rule.id, { campaign: campaign.name });
      expect(byName).toMatchObject({ related_object_id: campaign.id, related_object_type: 'campaign' });
      const [cev] = await delivered(h, 'business_validation_rule.assignment.created', byName.id);
      expect(cev.data.voucher).toBeNull();
      expect(cev.data.campaign).toMatchObject({ id: campaign.id, name: campaign.name, object: 'campaign' });
      expect(cev.data.rule.assignments_count).toBe(2);

      // The voucher and the campaign list their assignments, as Voucherify's objects do.
      const listed = (a: any) => ({ ...a, validation_status: 'VALID', validation_omitted_rules: [] });
      const gotVoucher: any = await h.sdk.vouchers.get('RULED-1');
      expect(gotVoucher.validation_rules_assignments).toEqual({
        object: 'list',
        data_ref: 'data',
        data: [listed(asgm)],
        total: 1,
      });
      expect(schemaErrors('vouchers.json', 'VouchersGetResponseBody', gotVoucher)).toBeNull();
      const gotCampaign: any = await h.sdk.campaigns.get(campaign.id);
      expect(gotCampaign.validation_rules_assignments.data).toEqual([listed(byName)]);
      expect(schemaErrors('campaigns.json', 'CampaignsGetResponseBody', gotCampaign)).toBeNull();
      const vouchers = await send(t, 'GET', '/v1/vouchers?limit=100');
      const inList = vouchers.body.vouchers.find((x: any) => x.id === v.id);
      expect(inList.validation_rules_assignments.total).toBe(1);
      const campaigns = await send(t, 'GET', '/v1/campaigns?limit=100');
      const campaignInList = campaigns.body.campaigns.find((x: any) => x.id === campaign.id);
      expect(campaignInList.validation_rules_assignments.data).toEqual([listed(byName)]);

      // So do the events about them.
      await h.sdk.vouchers.update({ code: 'RULED-1', metadata: { ruled: true } } as any);
      const [vup] = await delivered(h, 'voucher.updated', v.id);
      expect(vup.data.voucher.validation_rules_assignments.data).toEqual([
        { ...listed(asgm), updated_at: null },
      ]);
      await h.sdk.campaigns.update(campaign.id, { description: 'Ruled' } as any);
      const [cup] = await delivered(h, 'campaign.updated', campaign.id);
      expect(cup.data.campaign.validation_rules_assignments.total).toBe(1);

      const list = await h.sdk.validationRules.listAssignments(rule.id);
      expect(list).toMatchObject({ object: 'list', data_ref: 'data', total: 2 });
      expect(list.data.map((a: any) => a.id)).toEqual([byName.id, asgm.id]);
      const byObject = await h.sdk.validationRules.listRulesAssignments({ related_object_id: v.id });
      expect(byObject.data).toEqual([asgm]);
      const byRule = await h.sdk.validationRules.listRulesAssignments({ rule: rule.id, order: 'created_at' });
      expect(byRule.data.map((a: any) => a.id)).toEqual([asgm.id, byName.id]);
    });

    it('a second assignment to the same object is 409 duplicate_found; force replaces it', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const v = await voucher('RULED-DUP');
      const first: any = await h.sdk.validationRules.createAssignment(rule.id, {
        voucher: 'RULED-DUP',
      } as any);
      const dup = await send(t, 'POST', `/v1/validation-rules/${rule.id}/assignments`, {
        body: { voucher: v.id },
      });
      expect(dup.status).toBe(409);
      expect(dup.body).toEqual({
        code: 409,
        key: 'duplicate_found',
        message: 'Duplicated resource found',
        details: `Duplicated validation_rules_assignment exists with id ${first.id}`,
        request_id: dup.requestId,
        resource_id: first.id,
        resource_type: 'validation_rules_assignment',
      });
      expect(await deliveredFor(h, dup.requestId)).toEqual([]);
      const forced = await send(t, 'POST', `/v1/validation-rules/${rule.id}/assignments?force=true`, {
        body: {
          related_object_type: 'voucher',
          related_object_id: v.id,
        },
      });
      expect(forced.status).toBe(200);
      expect(forced.body.id).not.toBe(first.id);
      const events = await deliveredFor(h, forced.requestId);
      expect(events.map((e) => [e.type, e.event.entity_id])).toEqual([
        ['business_validation_rule.assignment.created', forced.body.id],
        ['business_validation_rule.assignment.deleted', first.id],
      ]);
      expect((await h.sdk.validationRules.get(rule.id)).assignments_count).toBe(1);
    });

    it('deleteAssignment delivers assignment.deleted; unknown ids are 404 with their resource type', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const v = await voucher('RULED-DEL');
      const a: any = await h.sdk.validationRules.createAssignment(rule.id, { voucher: v.id });
      await h.sdk.validationRules.deleteAssignment(rule.id, a.id);
      const requestId = lastRequestId(h.sdk);
      const [ev] = await delivered(h, 'business_validation_rule.assignment.deleted', a.id);
      expect(ev.event.group_id).toBe(requestId);
      expect(ev.data.rule.assignments_count).toBe(0);
      expect(ev.data.voucher).toMatchObject({ id: v.id, code: 'RULED-DEL' });
      expect((await h.sdk.validationRules.listAssignments(rule.id)).total).toBe(0);
      await expect(h.sdk.validationRules.deleteAssignment(rule.id, a.id)).rejects.toMatchObject({
        code: 404,
        key: 'not_found',
        resource_type: 'validation_rules_assignment',
        resource_id: a.id,
      });
      await expect(h.sdk.validationRules.deleteAssignment('val_nope', a.id)).rejects.toMatchObject({
        code: 404,
        resource_type: 'validation_rules',
      });
      for (const [body, type] of [
        [{ voucher: 'NO-SUCH-CODE' }, 'voucher'],
        [{ campaign: 'camp_nope' }, 'campaign'],
        [{ promotion_tier: 'promo_1' }, 'promotion_tier'],
        [{ earning_rule: 'ern_1' }, 'earning_rule'],
        [{ distribution: 'distr_1' }, 'distribution'],
        [{ reward_assignment: 'rewa_1' }, 'reward_assignment'],
      ] as const) {
        const r = await send(t, 'POST', `/v1/validation-rules/${rule.id}/assignments`, { body: body });
        expect(r.status, JSON.stringify(body)).toBe(404);
        expect(r.body).toMatchObject({ key: 'not_found', resource_type: type });
      }
      const none = await send(t, 'POST', `/v1/validation-rules/${rule.id}/assignments`, { body: {} });
      expect(none.body).toMatchObject({ code: 400, key: 'invalid_payload' });
      const two = await send(t, 'POST', `/v1/validation-rules/${rule.id}/assignments`, {
        body: {
          voucher: v.id,
          campaign: 'x',
        },
      });
      expect(two.body).toMatchObject({
        code: 400,
        details: 'name one object to assign the rule to, not voucher and campaign',
      });
      await expect(
        h.sdk.validationRules.createAssignment('val_nope', { voucher: v.id }),
      ).rejects.toMatchObject({
        code: 404,
        resource_type: 'validation_rules',
      });
      // The spec: listing the assignments of an unknown rule answers an empty list.
      expect(await h.sdk.validationRules.listAssignments('val_nope')).toMatchObject({ data: [], total: 0 });
    });

    it('delete takes the assignments with it: assignment.deleted for each, then deleted', async () => {
      const rule: any = await h.sdk.validationRules.create(buildRule());
      const v1 = await voucher('RULED-GONE-1');
      const v2 = await voucher('RULED-GONE-2');
      const a1: any = await h.sdk.validationRules.createAssignment(rule.id, { voucher: v1.id });
      const a2: any = await h.sdk.validationRules.createAssignment(rule.id, { voucher: v2.id });
      await h.sdk.validationRules.delete(rule.id);
      const requestId = lastRequestId(h.sdk);
      const events = await deliveredFor(h, requestId);
      expect(events.map((e) => [e.type, e.event.entity_id])).toEqual([
        ['business_validation_rule.assignment.deleted', [a1.id, a2.id].sort()[0]],
        ['business_validation_rule.assignment.deleted', [a1.id, a2.id].sort()[1]],
        ['business_validation_rule.deleted', rule.id],
      ]);
      expect(new Set(events.slice(0, 2).map((e) => e.data.rule.assignments_count))).toEqual(new Set([0, 1]));
      const deleted = events[2];
      expect(deleted.data.rule).toMatchObject({ id: rule.id, name: rule.name, assignments_count: 2 });
      expect(deleted.data.deleted_at).toEqual(expect.any(String));
      await expect(h.sdk.validationRules.get(rule.id)).rejects.toMatchObject({
        code: 404,
        key: 'not_found',
        resource_type: 'validation_rules',
        resource_id: rule.id,
      });
      expect((await h.sdk.validationRules.listRulesAssignments({ related_object_id: v1.id })).total).toBe(0);
      await expect(h.sdk.validationRules.delete(rule.id)).rejects.toMatchObject({ code: 404 });
      await expect(h.sdk.validationRules.update({ id: rule.id, name: 'x' })).rejects.toMatchObject({
        code: 404,
        resource_type: 'validation_rules',
      });
    });
  });
}
