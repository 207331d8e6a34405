import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { send } from '../helpers/request.js';

/**
 * The `redemption.count.per_customer` and `redemption.count.daily` rules count real redemptions: those that
 * succeeded and are not rolled back, of the object the rule is assigned to (a voucher, or every voucher of a
 * campaign), by the customer or since the start of the project's day. Validations read the same counts.
 */

const ORDER = { amount: 5000, items: [{ source_id: 'sku-a', quantity: 1, price: 5000 }] };
let n = 0;
const tag = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`.toUpperCase();

describe.each(DIALECTS)('redemption counts in rules ($name)', (dialect) => {
  const app = useTestApp(dialect, {}, 'suite');
  const post = (url: string, body: unknown = {}) => send(app.t, 'POST', url, { body });

  async function rule(name: string, limit: number, target: Record<string, string>) {
    const r = await post('/v1/validation-rules', {
      name: tag('rule'),
      rules: { '1': { name, conditions: { $less_than_equal: [limit] } }, logic: '1' },
      error: { message: `At most ${limit}` },
    });
    expect(r.status, r.raw).toBe(200);
    const a = await post(`/v1/validation-rules/${r.body.id}/assignments`, target);
    expect(a.status, a.raw).toBe(200);
  }

  async function voucher(extra: Record<string, unknown> = {}) {
    const r = await post('/v1/vouchers', {
      code: tag('CNT'),
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'AMOUNT', amount_off: 100 },
      ...extra,
    });
    expect(r.status, r.raw).toBe(200);
    return r.body as { id: string; code: string };
  }

  const redeem = (code: string, customer: string) =>
    post('/v1/redemptions', {
      redeemables: [{ object: 'voucher', id: code }],
      order: ORDER,
      customer: { source_id: customer },
    });
  const validate = (code: string, customer: string) =>
    post('/v1/validations', {
      redeemables: [{ object: 'voucher', id: code }],
      order: ORDER,
      customer: { source_id: customer },
    });

  it('once per customer on a voucher: a second redemption and a validation are refused; a rollback frees it', async () => {
    const v = await voucher();
    await rule('redemption.count.per_customer', 1, { voucher: v.id });
    const alice = tag('alice');
    const before = await validate(v.code, alice);
    expect(before.body.valid, before.raw).toBe(true);
    const first = await redeem(v.code, alice);
    expect(first.status, first.raw).toBe(200);

    const again = await redeem(v.code, alice);
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({ key: 'redemption_rules_violated', message: 'At most 1' });
    const checked = await validate(v.code, alice);
    expect(checked.body.valid).toBe(false);
    expect(checked.body.redeemables[0].result.error.key).toBe('redemption_rules_violated');
    // Another customer is counted apart; a failed attempt counts for nobody.
    expect((await redeem(v.code, tag('bob'))).status).toBe(200);

    const back = await post(`/v1/redemptions/${first.body.redemptions[0].id}/rollback`);
    expect(back.status, back.raw).toBe(200);
    expect((await redeem(v.code, alice)).status).toBe(200);
  });

  it('a rule on a campaign counts the redemptions of all its vouchers', async () => {
    const c = await post('/v1/campaigns', {
      name: tag('counted'),
      campaign_type: 'DISCOUNT_COUPONS',
      voucher: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } },
    });
    expect(c.status, c.raw).toBe(200);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      const v = await post(`/v1/campaigns/${c.body.id}/vouchers/${tag('CC')}`);
      expect(v.status, v.raw).toBe(200);
      codes.push(v.body.code);
    }
    await rule('redemption.count.per_customer', 1, { campaign: c.body.id });
    const carol = tag('carol');
    expect((await redeem(codes[0]!, carol)).status).toBe(200);
    const second = await redeem(codes[1]!, carol);
    expect(second.status).toBe(400);
    expect(second.body.key).toBe('redemption_rules_violated');
    expect((await redeem(codes[1]!, tag('dave'))).status).toBe(200);
  });

  it("a daily limit counts everyone's redemptions of the day, and starts again the next day", async () => {
    const { clock } = app.t;
    const v = await voucher();
    await rule('redemption.count.daily', 2, { voucher: v.id });
    // Early in a UTC day (the project's time zone), so that an hour more stays in it.
    const day = Math.floor(clock.now() / 86_400_000) * 86_400_000 + 86_400_000;
    clock.set(day + 60_000);
    expect((await redeem(v.code, tag('e'))).status).toBe(200);
    expect((await redeem(v.code, tag('f'))).status).toBe(200);
    clock.advance(3_600_000);
    const third = await redeem(v.code, tag('g'));
    expect(third.status).toBe(400);
    expect(third.body.key).toBe('redemption_rules_violated');
    clock.set(day + 86_400_000);
    expect((await redeem(v.code, tag('h'))).status).toBe(200);
  });

  it('a per-customer rule without a customer is refused, not passed', async () => {
    const v = await voucher();
    await rule('redemption.count.per_customer', 5, { voucher: v.id });
    const r = await post('/v1/redemptions', {
      redeemables: [{ object: 'voucher', id: v.code }],
      order: ORDER,
    });
    expect(r.status).toBe(400);
    expect(r.body.key).toBe('redemption_rules_violated');
  });
});
