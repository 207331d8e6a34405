import { createVoucher, type TriggerRun, type TriggerScenario } from './scenario.js';

/** A one-line order of 50.00, as the redemptions below send it. */
const ORDER = {
  amount: 5000,
  items: [{ source_id: 'trigger-item', quantity: 2, price: 2500, amount: 5000 }],
};

async function redeem(r: TriggerRun, code: string, allow: number[] = []) {
  return r.v1<{ redemptions?: { id: string }[] }>(
    'POST',
    '/v1/redemptions',
    {
      redeemables: [{ object: 'voucher', id: code }],
      order: { ...ORDER, source_id: r.unique('trigger-order') },
    },
    allow,
  );
}

/** Redeems a new voucher once; the id of its (single) redemption. */
async function redeemed(r: TriggerRun) {
  const v = await createVoucher(r);
  const answer = await redeem(r, v.code);
  const id = answer.redemptions?.[0]?.id;
  if (!id) throw new Error('the redemption answered no redemption');
  return id;
}

const rollback = (r: TriggerRun, id: string, allow: number[] = []) =>
  r.v1('POST', `/v1/redemptions/${encodeURIComponent(id)}/rollback`, { reason: 'vouchsafe trigger' }, allow);

export const REDEMPTION_TRIGGERS: TriggerScenario[] = [
  {
    type: 'redemption.succeeded',
    summary: 'creates a discount voucher, then redeems it on an order of 50.00',
    run: async (r) => {
      await redeemed(r);
    },
  },
  {
    type: 'redemption.failed',
    summary: 'creates a voucher, disables it, then tries to redeem it (400 voucher_disabled)',
    run: async (r) => {
      const v = await createVoucher(r);
      await r.v1('POST', `/v1/vouchers/${encodeURIComponent(v.code)}/disable`);
      await redeem(r, v.code, [400]);
    },
  },
  {
    type: 'redemption.rollback.succeeded',
    summary: 'redeems a new voucher, then rolls the redemption back',
    run: async (r) => {
      await rollback(r, await redeemed(r));
    },
  },
  {
    type: 'redemption.rollback.failed',
    summary: 'redeems a new voucher, rolls it back, then rolls it back again (400 already_rolled_back)',
    run: async (r) => {
      const id = await redeemed(r);
      await rollback(r, id);
      await rollback(r, id, [400]);
    },
  },
];
