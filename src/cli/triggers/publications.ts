import { createCampaign, createCustomer, type TriggerScenario } from './scenario.js';

async function publish(r: Parameters<TriggerScenario['run']>[0]) {
  const customer = await createCustomer(r);
  const campaign = await createCampaign(r);
  await r.v1('POST', '/v1/publications', {
    campaign: { name: campaign.id },
    customer: { source_id: customer.source_id },
    channel: 'API',
  });
}

export const PUBLICATION_TRIGGERS: TriggerScenario[] = [
  {
    type: 'publication.succeeded',
    summary: 'creates a customer and an AUTO_UPDATE campaign, then publishes a voucher to the customer',
    run: publish,
  },
  {
    type: 'voucher.published',
    summary: 'creates a customer and an AUTO_UPDATE campaign, then publishes a voucher to the customer',
    run: publish,
  },
];
