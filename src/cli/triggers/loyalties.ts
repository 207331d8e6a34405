import type { TriggerRun, TriggerScenario } from './scenario.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loyalty program whose cards start at 0 points, and a member of it; the member's card. */
async function member(r: TriggerRun) {
  const campaign = await r.v1<{ id: string }>('POST', '/v1/loyalties', {
    name: r.unique('trigger-loyalty'),
    type: 'AUTO_UPDATE',
    voucher: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 0 },
      code_config: { pattern: `${r.unique('L').toUpperCase()}-####` },
    },
  });
  const card = await r.v1<{ code: string }>('POST', `/v1/loyalties/${campaign.id}/members`, {
    customer: { source_id: r.unique('trigger-member') },
  });
  return { campaign, card };
}

async function addPoints(r: TriggerRun) {
  const { card } = await member(r);
  await r.v1('POST', `/v1/loyalties/members/${encodeURIComponent(card.code)}/balance`, {
    points: 100,
    reason: 'triggered',
  });
}

async function tiers(r: TriggerRun) {
  const { campaign } = await member(r);
  const [tier] = await r.v1<{ id: string }[]>('POST', `/v1/loyalties/${campaign.id}/tiers`, [
    { name: 'Triggered tier', points: { from: 0, to: 999 } },
  ]);
  return { campaign, tier: tier! };
}

export const LOYALTY_TRIGGERS: TriggerScenario[] = [
  {
    type: 'voucher.loyalty_card.points_added',
    summary: 'creates a loyalty program and a member, then adds 100 points to the card',
    run: addPoints,
  },
  {
    type: 'voucher.loyalty_card.transaction.created',
    summary: 'creates a loyalty program and a member, then adds 100 points to the card',
    run: addPoints,
  },
  {
    type: 'voucher.loyalty_card.points_expired',
    summary:
      'adds points that expired yesterday to a new member, then waits for the expiration job (VOUCHSAFE_POINTS_EXPIRATION_INTERVAL_MS)',
    run: async (r) => {
      const { card } = await member(r);
      const code = encodeURIComponent(card.code);
      const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
      await r.v1('POST', `/v1/loyalties/members/${code}/balance`, {
        points: 10,
        expiration_type: 'CUSTOM_DATE',
        expiration_date: yesterday,
      });
      const end = Date.now() + 120_000;
      while (Date.now() < end) {
        const list = await r.v1<{ data: { type: string }[] }>(
          'GET',
          `/v1/loyalties/members/${code}/transactions`,
        );
        if (list.data.some((t) => t.type === 'POINTS_EXPIRATION')) return;
        await sleep(200);
      }
      throw new Error('the points did not expire in 2 minutes');
    },
  },
  {
    type: 'campaign.loyalty_tier.created',
    summary: 'creates a loyalty program, then a tier of it',
    run: async (r) => {
      await tiers(r);
    },
  },
  {
    type: 'campaign.loyalty_tier.updated',
    summary: 'creates a loyalty program and a tier, then renames the tier',
    run: async (r) => {
      const { campaign, tier } = await tiers(r);
      await r.v1('PUT', `/v1/loyalties/${campaign.id}/tiers/${tier.id}`, { name: 'Renamed tier' });
    },
  },
  {
    type: 'campaign.loyalty_tier.deleted',
    summary: 'creates a loyalty program and a tier, then deletes the tier',
    run: async (r) => {
      const { campaign, tier } = await tiers(r);
      await r.v1('DELETE', `/v1/loyalties/${campaign.id}/tiers/${tier.id}`);
    },
  },
];
