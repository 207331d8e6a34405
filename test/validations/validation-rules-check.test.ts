import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

/** Validations judge the rules assigned to a voucher and to its campaign with the rule engine. */
describe.each(DIALECTS)('validation rules in validations on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
  });
  afterAll(async () => t.close());

  async function ruleAssignedTo(relatedObjectId: string, rules: Record<string, unknown>, message?: string) {
    const rule = await send(t, 'POST', '/v1/validation-rules', {
      body: {
        name: `rule ${Math.random()}`,
        rules,
        ...(message ? { error: { message } } : {}),
      },
    });
    expect(rule.status).toBe(200);
    const key = relatedObjectId.startsWith('camp_') ? 'campaign' : 'voucher';
    const a = await send(t, 'POST', `/v1/validation-rules/${rule.body.id}/assignments`, {
      body: {
        [key]: relatedObjectId,
      },
    });
    expect(a.status).toBe(200);
    return rule.body.id as string;
  }

  const validate = (code: string, order: Record<string, unknown>, customer?: Record<string, unknown>) =>
    send(t, 'POST', '/v1/validations', {
      body: {
        redeemables: [{ object: 'voucher', id: code }],
        order,
        ...(customer ? { customer } : {}),
      },
    });

  it('refuses a voucher whose order.amount rule fails, with the rule error message, and accepts it when it holds', async () => {
    const v = await send(t, 'POST', '/v1/vouchers/RULED-AMOUNT', {
      body: {
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'AMOUNT', amount_off: 1000 },
      },
    });
    expect(v.status).toBe(200);
    const ruleId = await ruleAssignedTo(
      v.body.id,
      { '1': { name: 'order.amount', conditions: { $more_than: [10000] } }, logic: '1' },
      'Orders over 100.00 only',
    );
    const small = await validate('RULED-AMOUNT', { amount: 5000 });
    expect(small.status).toBe(200);
    expect(small.body.valid).toBe(false);
    expect(small.body.inapplicable_redeemables[0]).toMatchObject({
      id: 'RULED-AMOUNT',
      status: 'INAPPLICABLE',
      result: { error: { key: 'order_rules_violated', message: 'Orders over 100.00 only' } },
    });
    expect(JSON.stringify(small.body)).toContain(ruleId);
    const big = await validate('RULED-AMOUNT', { amount: 20000 });
    expect(big.body.valid).toBe(true);
    expect(big.body.order).toMatchObject({ amount: 20000, total_discount_amount: 1000, total_amount: 19000 });
  });

  it("judges a campaign's rules for its vouchers, and customer metadata rules against the request's customer", async () => {
    const c = await send(t, 'POST', '/v1/campaigns', {
      body: {
        name: `ruled campaign ${Math.random()}`,
        campaign_type: 'DISCOUNT_COUPONS',
        voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'PERCENT', percent_off: 10 } },
      },
    });
    expect(c.status).toBe(200);
    const v = await send(t, 'POST', `/v1/campaigns/${c.body.id}/vouchers/RULED-VIP`, { body: {} });
    expect(v.status).toBe(200);
    await ruleAssignedTo(c.body.id, {
      '1': { name: 'customer.metadata', property: 'tier', conditions: { $is: ['vip'] } },
      logic: '1',
    });
    const vip = await send(t, 'POST', '/v1/customers', {
      body: { source_id: 'vip-1', metadata: { tier: 'vip' } },
    });
    const plain = await send(t, 'POST', '/v1/customers', {
      body: { source_id: 'plain-1', metadata: { tier: 'basic' } },
    });
    expect((await validate('RULED-VIP', { amount: 10000 }, { id: vip.body.id })).body.valid).toBe(true);
    const refused = await validate('RULED-VIP', { amount: 10000 }, { id: plain.body.id });
    expect(refused.body.valid).toBe(false);
    expect(refused.body.inapplicable_redeemables[0].result.error.key).toBe('customer_rules_violated');
  });
});
