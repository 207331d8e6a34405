import { describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { buildCampaign, buildRule } from '../helpers/factories.js';
import { type ClientHarness, delivered, deliveredFor, withHarness } from '../helpers/harness.js';
import { send } from '../helpers/request.js';
import { lastRequestId } from '../helpers/sdk.js';

const EVENTS = [
  'customer.rewarded.loyalty_points',
  'voucher.loyalty_card.transaction.created',
  'publication.succeeded',
  'voucher.published',
];

const PER_10 = {
  type: 'PROPORTIONAL',
  calculation_type: 'ORDER_AMOUNT',
  order: { amount: { every: 1000, points: 1 } },
};

for (const dialect of DIALECTS) {
  describe(`accruals through @voucherify/sdk, with webhooks (${dialect.name})`, () => {
    let t: TestApp;
    let h: ClientHarness;
    withHarness(dialect, { events: EVENTS, checkAll: true, client: true }, (made) => {
      h = made;
      t = made.t;
    });

    let seq = 0;
    const program = async (rules: Record<string, unknown>[], extra: Record<string, unknown> = {}) => {
      const campaign: any = await h.sdk.campaigns.create(
        buildCampaign('LOYALTY_PROGRAM', {
          start_date: null,
          expiration_date: null,
          validity_day_of_week: null,
          voucher: {
            type: 'LOYALTY_CARD',
            loyalty_card: { points: 0 },
            code_config: { pattern: 'AC-######' },
          },
          ...extra,
        }) as any,
      );
      const created: any[] = await h.sdk.loyalties.createEarningRule(campaign.id, rules as any);
      return { campaign, rules: created };
    };
    const newCustomer = () => ({ source_id: `acc-${++seq}-${Math.random().toString(36).slice(2, 8)}` });
    const join = async (campaignId: string, customer: { source_id: string }) =>
      ((await h.sdk.distributions.publications.create({ campaign: campaignId, customer } as any)) as any)
        .voucher;
    const balance = async (code: string) => ((await h.sdk.vouchers.get(code)) as any).loyalty_card.balance;

    it('orders.create with status PAID: the card earns, with customer.rewarded.loyalty_points and a POINTS_ACCRUAL transaction', async () => {
      const { campaign, rules } = await program([
        { event: 'order.paid', loyalty: PER_10, source: { banner: '1 per 10.00' } },
      ]);
      const customer = newCustomer();
      const card = await join(campaign.id, customer);
      const order: any = await h.sdk.orders.create({
        source_id: `o-${customer.source_id}`,
        status: 'PAID',
        customer,
        amount: 25_990,
      } as any);
      const requestId = lastRequestId(h.sdk);
      expect(await balance(card.code)).toBe(25);
      const events = await deliveredFor(h, requestId);
      expect(events.map((e) => e.type)).toEqual([
        'customer.rewarded.loyalty_points',
        'voucher.loyalty_card.transaction.created',
      ]);
      const [rewarded, tx] = events;
      expect(rewarded.event.entity_id).toBe(card.id);
      expect(rewarded.data).toMatchObject({
        customer: { source_id: customer.source_id },
        holder: { source_id: customer.source_id },
        voucher: { id: card.id, code: card.code, loyalty_card: { balance: 25 } },
        campaign: { id: campaign.id },
        earning_rule: { id: rules[0].id, event: 'order.paid' },
        balance: { type: 'loyalty_card', points: 25, balance: 25, operation_type: 'AUTOMATIC' },
        order: { id: order.id, status: 'PAID', amount: 25_990 },
        event: { type: 'customer.order.paid', group_id: requestId },
      });
      expect(tx.data.transaction).toMatchObject({
        type: 'POINTS_ACCRUAL',
        details: {
          balance: { points: 25, balance: 25 },
          order: { id: order.id },
          earning_rule: { id: rules[0].id, source: { banner: '1 per 10.00' } },
          event: { type: 'customer.order.paid' },
        },
      });
      expect(tx.data.earning_rule.id).toBe(rules[0].id);
    });

    it('orders.update moving an order to PAID earns once; saving it PAID again earns nothing more', async () => {
      const { campaign } = await program([{ event: 'order.paid', loyalty: { type: 'FIXED', points: 40 } }]);
      const customer = newCustomer();
      const card = await join(campaign.id, customer);
      const order: any = await h.sdk.orders.create({ status: 'CREATED', customer, amount: 1000 } as any);
      expect(await balance(card.code)).toBe(0);
      await h.sdk.orders.update({ id: order.id, status: 'PAID' } as any);
      expect(await balance(card.code)).toBe(40);
      await h.sdk.orders.update({ id: order.id, status: 'PAID', metadata: { again: true } } as any);
      expect(await balance(card.code)).toBe(40);
      expect(await delivered(h, 'customer.rewarded.loyalty_points', card.id)).toHaveLength(1);
    });

    it('a redemption with its (PAID) order earns under order.paid rules', async () => {
      const { campaign } = await program([{ event: 'order.paid', loyalty: PER_10 }]);
      const customer = newCustomer();
      const card = await join(campaign.id, customer);
      const voucher = (
        await send(t, 'POST', '/v1/vouchers', {
          body: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 500 } },
        })
      ).body;
      const r: any = await h.sdk.redemptions.redeemStackable({
        redeemables: [{ object: 'voucher', id: voucher.code }],
        order: { amount: 10_000 },
        customer,
      } as any);
      expect(r.order.status).toBe('PAID');
      expect(await balance(card.code)).toBe(10);
    });

    it('events.create: a custom-event rule rewards the card loyalty.code names; client track does the same', async () => {
      const one = await program([{ event: 'newsletter_signup', loyalty: { type: 'FIXED', points: 15 } }]);
      // The same rule as Voucherify's rule objects write it: `custom_event` names the event.
      const two = await program([
        {
          event: 'custom_event',
          custom_event: { schema_id: 'newsletter_signup' },
          loyalty: { type: 'FIXED', points: 15 },
        },
      ]);
      expect(two.rules[0]).toMatchObject({
        event: 'custom_event',
        custom_event: { schema_id: 'newsletter_signup', name: 'newsletter_signup' },
      });
      const customer = newCustomer();
      const a = await join(one.campaign.id, customer);
      const b = await join(two.campaign.id, customer);
      const answer: any = await h.sdk.events.create('newsletter_signup', {
        customer,
        metadata: { list: 'weekly' },
        loyalty: { code: b.code },
      } as any);
      expect(answer).toEqual({
        object: 'event',
        type: 'newsletter_signup',
        customer: { id: expect.stringMatching(/^cust_/), source_id: customer.source_id, object: 'customer' },
        referral: null,
        loyalty: null,
        metadata: { list: 'weekly' },
      });
      expect([await balance(a.code), await balance(b.code)]).toEqual([0, 15]);
      // Without a code, every program's rule rewards the customer's card in it.
      await h.client.track('newsletter_signup', customer as any, { list: 'daily' });
      expect([await balance(a.code), await balance(b.code)]).toEqual([15, 30]);
      const [ev] = (await delivered(h, 'customer.rewarded.loyalty_points', a.id)).slice(-1);
      expect(ev.event.event_source.channel).toBe('CLIENT_API');
      expect(ev.data.event.type).toBe('newsletter_signup');
    });

    it('an unknown customer of a custom event is created; a program with auto_join publishes a card first', async () => {
      const { campaign } = await program(
        [{ event: 'app_installed', loyalty: { type: 'FIXED', points: 5 } }],
        {
          auto_join: true,
        },
      );
      const customer = newCustomer();
      await h.sdk.events.create('app_installed', { customer } as any);
      const requestId = lastRequestId(h.sdk);
      const types = (await deliveredFor(h, requestId)).map((e) => e.type);
      expect(types).toEqual([
        'customer.rewarded.loyalty_points',
        'publication.succeeded',
        'voucher.loyalty_card.transaction.created',
        'voucher.published',
      ]);
      const [pub] = (await deliveredFor(h, requestId)).filter((e) => e.type === 'publication.succeeded');
      expect(pub.data.campaign.id).toBe(campaign.id);
      const code = pub.data.publication.voucher?.code ?? pub.data.voucher.code;
      expect(await balance(code)).toBe(5);
    });

    it('a rule does not apply when its validation rule fails, when disabled, or outside its dates', async () => {
      const rule = await h.sdk.validationRules.create(
        buildRule({
          rules: { '1': { name: 'order.amount', conditions: { $more_than: [5000] } }, logic: '1' },
        }) as any,
      );
      const { campaign, rules } = await program([
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 1 }, validation_rule_id: rule.id },
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 10 }, active: false },
        {
          event: 'order.paid',
          loyalty: { type: 'FIXED', points: 100 },
          start_date: new Date(t.clock.now() + 86_400_000).toISOString(),
        },
        {
          event: 'order.paid',
          loyalty: { type: 'FIXED', points: 1000 },
          expiration_date: new Date(t.clock.now() - 1000).toISOString(),
        },
      ]);
      const customer = newCustomer();
      const card = await join(campaign.id, customer);
      await h.sdk.orders.create({ status: 'PAID', customer, amount: 4000 } as any);
      expect(await balance(card.code)).toBe(0);
      await h.sdk.orders.create({ status: 'PAID', customer, amount: 6000 } as any);
      expect(await balance(card.code)).toBe(1);
      await h.sdk.loyalties.enableEarningRule(campaign.id, rules[1].id);
      t.clock.advance(2 * 86_400_000);
      await h.sdk.orders.create({ status: 'PAID', customer, amount: 6000 } as any);
      expect(await balance(card.code)).toBe(1 + 1 + 10 + 100);
    });

    it('an accrual that moves the member to another tier applies the rules of customer.loyalty.tier.*', async () => {
      const { campaign, rules } = await program([
        { event: 'order.paid', loyalty: { type: 'FIXED', points: 100 } },
      ]);
      const [bronze, silver]: any[] = await h.sdk.loyalties.createTiers(campaign.id, [
        { name: 'Bronze', points: { from: 0, to: 99 } },
        { name: 'Silver', points: { from: 100, to: 10_000 } },
      ] as any);
      const tierRule = (event: string, tier: any, points: number) => ({
        event,
        loyalty_tier: { id: tier.id },
        loyalty: { type: 'FIXED', points },
      });
      const tierRules: any[] = await h.sdk.loyalties.createEarningRule(campaign.id, [
        tierRule('customer.loyalty.tier.left', bronze, 1),
        tierRule('customer.loyalty.tier.joined', silver, 10),
        tierRule('customer.loyalty.tier.upgraded', silver, 20),
        // Another tier's rule, and a downgrade: neither applies.
        tierRule('customer.loyalty.tier.joined', bronze, 1000),
        tierRule('customer.loyalty.tier.downgraded', silver, 1000),
      ] as any);
      const customer = newCustomer();
      const card: any = await h.sdk.loyalties.createMember(campaign.id, { customer });
      await h.sdk.orders.create({ status: 'PAID', customer, amount: 1000 } as any);
      const requestId = lastRequestId(h.sdk);
      expect(await balance(card.code)).toBe(100 + 1 + 10 + 20);
      const rewarded = (await deliveredFor(h, requestId)).filter(
        (e) => e.type === 'customer.rewarded.loyalty_points',
      );
      expect(rewarded.map((e) => e.data.earning_rule.id).sort()).toEqual(
        [rules[0].id, tierRules[0].id, tierRules[1].id, tierRules[2].id].sort(),
      );
      const joined = rewarded.find((e) => e.data.earning_rule.id === tierRules[1].id);
      expect(joined.data.event.type).toBe('customer.loyalty.tier.joined');
      expect(joined.data.loyalty_tier).toMatchObject({ id: silver.id });
    });

    it('a customer without a card of a program without auto_join earns nothing there, and the order is stored', async () => {
      await program([{ event: 'order.paid', loyalty: { type: 'FIXED', points: 3 } }]);
      const customer = newCustomer();
      const order: any = await h.sdk.orders.create({ status: 'PAID', customer, amount: 1000 } as any);
      expect(order.status).toBe('PAID');
      expect(await delivered(h, 'customer.rewarded.loyalty_points')).not.toContainEqual(
        expect.objectContaining({
          data: expect.objectContaining({
            customer: expect.objectContaining({ source_id: customer.source_id }),
          }),
        }),
      );
    });
  });
}
