import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { transact } from '../../src/platform/db/transaction.js';
import { segmentIdsOfCustomer } from '../../src/segments/index.js';
import { evaluateRules, findRulesForRedeemable } from '../../src/validation-rules/index.js';
import type { RuleContext } from '../../src/validation-rules/rule-context.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { send } from '../helpers/request.js';

/**
 * The door validations and redemptions use, on stored data: the rules of a voucher and its campaign, the
 * customer's segments, and one evaluation (README.md of src/validation-rules).
 */
for (const dialect of DIALECTS) {
  describe(`findRulesForRedeemable and evaluateRules on stored rules (${dialect.name})`, () => {
    let t: TestApp;
    const ok = async (r: Promise<{ status: number; body: any }>) => {
      const res = await r;
      expect(res.status, JSON.stringify(res.body)).toBe(200);
      return res.body;
    };

    beforeAll(async () => {
      t = await startTestApp(dialect);
    });
    afterAll(() => t.close());

    it('finds the campaign’s rules, then the voucher’s, each once, and evaluates them', async () => {
      const customer = await ok(
        send(t, 'POST', '/v1/customers', { body: { source_id: 'door-ann', metadata: { tier: 'gold' } } }),
      );
      const segment = await ok(
        send(t, 'POST', '/v1/segments', { body: { name: 'Gold', type: 'static', customers: [customer.id] } }),
      );
      const segRule = await ok(
        send(t, 'POST', '/v1/validation-rules', {
          body: {
            name: 'Gold segment',
            rules: { '1': { name: 'customer.segment', conditions: { $is: [segment.id] } } },
            error: { message: 'Gold members only' },
          },
        }),
      );
      const amountRule = await ok(
        send(t, 'POST', '/v1/validation-rules', {
          body: {
            ...buildRule(),
            rules: { '1': { name: 'order.amount', conditions: { $more_than_equal: [10000] } } },
            applicable_to: { included: [{ object: 'product', id: 'prod_1' }] },
          },
        }),
      );
      const campaign = await ok(
        send(t, 'POST', '/v1/campaigns', {
          body: buildCampaign('DISCOUNT_COUPONS', { validation_rules: [segRule.id] }),
        }),
      );
      const voucher = await ok(
        send(t, 'POST', '/v1/vouchers/DOOR-1', { body: { campaign_id: campaign.id } }),
      );
      t.clock.advance(1000);
      await ok(
        send(t, 'POST', `/v1/validation-rules/${amountRule.id}/assignments`, {
          body: { voucher: voucher.id },
        }),
      );
      // The same rule on both levels is evaluated once.
      await ok(
        send(t, 'POST', `/v1/validation-rules/${segRule.id}/assignments`, { body: { voucher: voucher.id } }),
      );

      const rules = await transact(t.vs.ctx, (tx) =>
        findRulesForRedeemable(tx.db, t.projectId, { voucherId: voucher.id, campaignId: campaign.id }),
      );
      expect(rules.map((r) => [r.id, r.assignment.related_object_type])).toEqual([
        [segRule.id, 'campaign'],
        [amountRule.id, 'voucher'],
      ]);
      expect(rules[0]).toMatchObject({
        name: 'Gold segment',
        error: { message: 'Gold members only' },
        rules: segRule.rules,
        context_type: 'global',
        assignment: { related_object_id: campaign.id },
      });
      expect(rules[1]!.applicable_to).toEqual({
        excluded: [],
        included: [{ object: 'product', id: 'prod_1', strict: false, effect: 'APPLY_TO_EVERY' }],
        included_all: false,
      });
      expect(await findRulesForRedeemable(t.vs.ctx.db.kysely, t.projectId, { voucherId: 'v_other' })).toEqual(
        [],
      );

      const context = async (amount: number, customerId: string | null): Promise<RuleContext> => ({
        now: t.clock.now(),
        order: { amount },
        customer: customerId
          ? {
              id: customerId,
              segment_ids: await segmentIdsOfCustomer(t.vs.ctx.db.kysely, t.projectId, customerId),
            }
          : null,
      });
      expect(evaluateRules(rules, await context(10000, customer.id))).toEqual({ valid: true });
      expect(evaluateRules(rules, await context(9999, customer.id))).toMatchObject({
        valid: false,
        failure: {
          rule_id: amountRule.id,
          key: 'order_rules_violated',
          error: { message: 'Your order does not qualify.' },
        },
      });
      const other = await ok(send(t, 'POST', '/v1/customers', { body: { source_id: 'door-bob' } }));
      expect(evaluateRules(rules, await context(20000, other.id))).toEqual({
        valid: false,
        failure: {
          rule_id: segRule.id,
          rule: '1',
          name: 'customer.segment',
          key: 'customer_rules_violated',
          message: 'Customer does not match validation rules',
          error: { message: 'Gold members only' },
        },
      });
    });
  });
}
