import { createCampaign, createVoucher, PERCENT_OFF, type TriggerScenario } from './scenario.js';

export const VOUCHER_TRIGGERS: TriggerScenario[] = [
  {
    type: 'voucher.created',
    summary: 'creates a standalone discount voucher',
    run: async (r) => {
      await createVoucher(r);
    },
  },
  {
    type: 'voucher.updated',
    summary: 'creates a voucher, then changes its metadata',
    run: async (r) => {
      const v = await createVoucher(r);
      await r.v1('PUT', `/v1/vouchers/${encodeURIComponent(v.code)}`, { metadata: { triggered: true } });
    },
  },
  {
    type: 'voucher.disabled',
    summary: 'creates a voucher, then disables it',
    run: async (r) => {
      const v = await createVoucher(r);
      await r.v1('POST', `/v1/vouchers/${encodeURIComponent(v.code)}/disable`);
    },
  },
  {
    type: 'voucher.enabled',
    summary: 'creates a voucher, disables it, then enables it',
    run: async (r) => {
      const v = await createVoucher(r);
      await r.v1('POST', `/v1/vouchers/${encodeURIComponent(v.code)}/disable`);
      await r.v1('POST', `/v1/vouchers/${encodeURIComponent(v.code)}/enable`);
    },
  },
  {
    type: 'voucher.deleted',
    summary: 'creates a voucher, then deletes it',
    run: async (r) => {
      const v = await createVoucher(r);
      await r.v1('DELETE', `/v1/vouchers/${encodeURIComponent(v.code)}?force=true`);
    },
  },
  {
    type: 'campaign.vouchers.added',
    summary: 'creates a campaign, then adds a voucher to it',
    run: async (r) => {
      const c = await createCampaign(r);
      await r.v1('POST', `/v1/campaigns/${c.id}/vouchers`, {});
    },
  },
  {
    type: 'campaign.vouchers.generation.started',
    summary: 'creates a campaign with 2 vouchers and waits for the generation',
    run: async (r) => {
      await generated(r);
    },
  },
  {
    type: 'campaign.vouchers.generation.completed',
    summary: 'creates a campaign with 2 vouchers and waits for the generation',
    run: async (r) => {
      await generated(r);
    },
  },
  {
    type: 'campaign.vouchers.generation.failed',
    summary: 'takes one of the 2 codes a campaign pattern allows, then asks the campaign for 2 vouchers',
    run: async (r) => {
      const prefix = `${r.unique('F').toUpperCase()}-`;
      await r.v1('POST', '/v1/vouchers', { ...PERCENT_OFF, code: `${prefix}0` });
      const c = await r.v1<{ async_action_id?: string }>('POST', '/v1/campaigns', {
        name: r.unique('trigger-campaign'),
        campaign_type: 'DISCOUNT_COUPONS',
        vouchers_count: 2,
        voucher: { ...PERCENT_OFF, code_config: { pattern: '#', charset: '01', prefix } },
      });
      if (c.async_action_id) await r.asyncAction(c.async_action_id);
    },
  },
  {
    type: 'voucher.gift.balance_added',
    summary: 'creates a gift-card campaign and a card of 100.00, then adds 25.00 to its balance',
    run: async (r) => {
      await toppedUpGiftCard(r);
    },
  },
  {
    type: 'voucher.gift.transaction.created',
    summary: 'creates a gift-card campaign and a card of 100.00, then adds 25.00 to its balance',
    run: async (r) => {
      await toppedUpGiftCard(r);
    },
  },
];

async function toppedUpGiftCard(r: Parameters<TriggerScenario['run']>[0]) {
  const c = await r.v1<{ id: string }>('POST', '/v1/campaigns', {
    name: r.unique('trigger-gift-cards'),
    campaign_type: 'GIFT_VOUCHERS',
    type: 'AUTO_UPDATE',
    voucher: {
      type: 'GIFT_VOUCHER',
      gift: { amount: 10000 },
      code_config: { pattern: `${r.unique('G').toUpperCase()}-####` },
    },
  });
  const card = await r.v1<{ code: string }>('POST', `/v1/campaigns/${c.id}/vouchers`, {});
  await r.v1('POST', `/v1/vouchers/${encodeURIComponent(card.code)}/balance`, {
    amount: 2500,
    source_id: r.unique('trigger-top-up'),
    reason: 'vouchsafe trigger',
  });
}

async function generated(r: Parameters<TriggerScenario['run']>[0]) {
  const c = await createCampaign(r, { vouchers_count: 2 });
  const action = (c as { async_action_id?: string }).async_action_id;
  if (action) await r.asyncAction(action);
}
