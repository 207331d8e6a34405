import { createCustomer, type TriggerScenario } from './scenario.js';

export const CUSTOMER_TRIGGERS: TriggerScenario[] = [
  {
    type: 'customer.created',
    summary: 'creates a customer',
    run: async (r) => {
      await createCustomer(r);
    },
  },
  {
    type: 'customer.deleted',
    summary: 'creates a customer, then deletes it',
    run: async (r) => {
      const c = await createCustomer(r);
      await r.v1('DELETE', `/v1/customers/${c.id}`);
    },
  },
  {
    type: 'customer.confirmed',
    summary: 'creates a customer with double opt-in through the client API, then confirms it',
    run: async (r) => {
      const sourceId = r.unique('trigger-optin');
      const pending = await r.client<{ id: string }>(
        'POST',
        '/client/v1/customers',
        { source_id: sourceId, email: `${sourceId}@example.com` },
        { 'x-voucherify-double-opt-in': 'true' },
      );
      await r.v1('POST', `/v1/customers/unconfirmed/${pending.id}/confirm`);
    },
  },
];
