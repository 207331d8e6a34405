import type { TriggerRun, TriggerScenario } from './scenario.js';

/** A loyalty program: a LOYALTY_PROGRAM campaign whose cards start with no points. */
export async function createLoyaltyCampaign(r: TriggerRun, extra: Record<string, unknown> = {}) {
  return r.v1<{ id: string; name: string }>('POST', '/v1/campaigns', {
    name: r.unique('trigger-loyalty'),
    campaign_type: 'LOYALTY_PROGRAM',
    type: 'AUTO_UPDATE',
    voucher: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      code_config: { pattern: `${r.unique('L').toUpperCase()}-####` },
    },
    ...extra,
  });
}

/** One earning rule in a new loyalty program: a point for every 10.00 of a paid order. */
async function createEarningRule(r: TriggerRun, extra: Record<string, unknown> = {}) {
  const campaign = await createLoyaltyCampaign(r);
  const [rule] = await r.v1<{ id: string }[]>('POST', `/v1/loyalties/${campaign.id}/earning-rules`, [
    {
      event: 'order.paid',
      loyalty: {
        type: 'PROPORTIONAL',
        calculation_type: 'ORDER_AMOUNT',
        order: { amount: { every: 1000, points: 1 } },
      },
      source: { banner: 'One point for every 10.00' },
      ...extra,
    },
  ]);
  return { campaign, rule: rule! };
}

/** A loyalty program with one earning rule (`rule`), and a customer holding one of its cards. */
async function memberWithRule(r: TriggerRun, rule: Record<string, unknown>) {
  const campaign = await createLoyaltyCampaign(r);
  await r.v1('POST', `/v1/loyalties/${campaign.id}/earning-rules`, [rule]);
  const customer = { source_id: r.unique('trigger-member') };
  const pub = await r.v1<{ voucher: { code: string } }>('POST', '/v1/publications', {
    campaign: campaign.id,
    customer,
  });
  return { campaign, customer, code: pub.voucher.code };
}

const PAID_ORDER = (r: TriggerRun, customer: { source_id: string }) => ({
  source_id: r.unique('trigger-order'),
  status: 'PAID',
  customer,
  amount: 12_000,
});

/** A member whose paid order earned 12 pending points, waiting a week; answers the entry's path. */
async function pendingEntry(r: TriggerRun): Promise<string> {
  const m = await memberWithRule(r, {
    event: 'order.paid',
    loyalty: {
      type: 'PROPORTIONAL',
      calculation_type: 'ORDER_AMOUNT',
      order: { amount: { every: 1000, points: 1 } },
    },
    pending_points: { period_type: 'DAY', period_value: 7 },
  });
  await r.v1('POST', '/v1/orders', PAID_ORDER(r, m.customer));
  const list = await r.v1<{ data: { id: string }[] }>(
    'GET',
    `/v1/loyalties/members/${m.code}/pending-points`,
  );
  return `/v1/loyalties/members/${m.code}/pending-points/${list.data[0]!.id}`;
}

const rulePath = (x: { campaign: { id: string }; rule: { id: string } }) =>
  `/v1/loyalties/${x.campaign.id}/earning-rules/${x.rule.id}`;

export const EARNING_RULE_TRIGGERS: TriggerScenario[] = [
  {
    type: 'campaign.earning_rule.assigned',
    summary: 'creates a loyalty program and an earning rule in it',
    run: async (r) => {
      await createEarningRule(r);
    },
  },
  {
    type: 'campaign.earning_rule.updated',
    summary: 'creates an earning rule, then changes its banner',
    run: async (r) => {
      const x = await createEarningRule(r);
      await r.v1('PUT', rulePath(x), { source: { banner: 'Changed' } });
    },
  },
  {
    type: 'campaign.earning_rule.disabled',
    summary: 'creates an earning rule, then disables it',
    run: async (r) => {
      await r.v1('POST', `${rulePath(await createEarningRule(r))}/disable`, {});
    },
  },
  {
    type: 'campaign.earning_rule.enabled',
    summary: 'creates a disabled earning rule, then enables it',
    run: async (r) => {
      await r.v1('POST', `${rulePath(await createEarningRule(r, { active: false }))}/enable`, {});
    },
  },
  {
    type: 'campaign.earning_rule.deleted',
    summary: 'creates an earning rule, then deletes it',
    run: async (r) => {
      await r.v1('DELETE', rulePath(await createEarningRule(r)));
    },
  },
  {
    type: 'customer.rewarded.loyalty_points',
    summary: 'a member of a program whose earning rule gives 10 points pays an order',
    run: async (r) => {
      const m = await memberWithRule(r, { event: 'order.paid', loyalty: { type: 'FIXED', points: 10 } });
      await r.v1('POST', '/v1/orders', PAID_ORDER(r, m.customer));
    },
  },
  {
    type: 'voucher.loyalty_card.pending_points.added',
    summary: 'a member pays an order under an earning rule with pending points',
    run: async (r) => {
      await pendingEntry(r);
    },
  },
  {
    type: 'voucher.loyalty_card.pending_points.activated',
    summary: 'a member pays an order under a pending-points rule, then the entry is activated at once',
    run: async (r) => {
      await r.v1('POST', `${await pendingEntry(r)}/activate`, {});
    },
  },
  {
    type: 'voucher.loyalty_card.pending_points.updated',
    summary: 'a member pays an order under a pending-points rule, then the entry gets 5 more points',
    run: async (r) => {
      await r.v1('POST', `${await pendingEntry(r)}/balance`, { points: 5 });
    },
  },
  {
    type: 'voucher.loyalty_card.pending_points.canceled',
    summary: 'a member pays an order under a pending-points rule, then the entry is canceled',
    run: async (r) => {
      await r.v1('POST', `${await pendingEntry(r)}/cancel`, {});
    },
  },
];
