import { expect } from 'vitest';
import type { TestApp } from './app.js';
import { mgmt, projectPath, send } from './request.js';

/**
 * Request bodies and records the tests build: each `build*` returns a body with every field the scenario
 * needs (override what the test is about); each `create*` makes one through the API and returns the answer.
 */

let seq = 0;
const unique = () => `${++seq} ${Math.random().toString(36).slice(2, 8)}`;

/** A customer body with every field set. */
export function buildCustomer(overrides: Record<string, unknown> = {}) {
  return {
    source_id: `src-${Math.random().toString(36).slice(2, 10)}`,
    name: 'Lionel Johnson',
    description: 'Famous',
    email: 'lionel-johnson@lion.io',
    phone: '+44 20 7946 0000',
    birthdate: '1974-01-02',
    address: {
      city: 'Nottingham',
      state: 'England',
      line_1: 'Hammer Street 123',
      country: 'United Kingdom',
      postal_code: 'XX-ZZZ',
    },
    metadata: { lang: 'en', vip: true },
    ...overrides,
  };
}

/** A small inline customer (for a publication): a fresh source_id tagged `tag` and a few fields. */
export const newCustomer = (tag: string) => ({
  source_id: `${tag}-${Math.random().toString(36).slice(2, 8)}`,
  name: 'Bob Jones',
  email: 'bob@example.com',
  metadata: { lang: 'en' },
});

/** A campaign body of the given type with a complete voucher template. */
export function buildCampaign(campaignType: string, overrides: Record<string, unknown> = {}) {
  const base: Record<string, unknown> = {
    name: `Campaign ${unique()}`,
    description: 'Spring 2026',
    campaign_type: campaignType,
    type: 'AUTO_UPDATE',
    start_date: '2026-03-01T00:00:00.000Z',
    expiration_date: '2026-03-31T00:00:00.000Z',
    validity_day_of_week: [5, 6, 0],
    category: 'Spring',
    metadata: { region: 'EU' },
  };
  const codeConfig = { length: 6, charset: 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789', prefix: 'SP-', postfix: '' };
  const vouchers: Record<string, unknown> = {
    DISCOUNT_COUPONS: {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'PERCENT', percent_off: 10, amount_limit: 3000, effect: 'APPLY_TO_ORDER' },
      redemption: { quantity: 1 },
      code_config: codeConfig,
    },
    REFERRAL_PROGRAM: {
      type: 'DISCOUNT_VOUCHER',
      discount: { type: 'AMOUNT', amount_off: 1500 },
      redemption: { quantity: null },
      code_config: codeConfig,
    },
    GIFT_VOUCHERS: {
      type: 'GIFT_VOUCHER',
      gift: { amount: 5000, effect: 'APPLY_TO_ORDER' },
      code_config: codeConfig,
    },
    LOYALTY_PROGRAM: {
      type: 'LOYALTY_CARD',
      loyalty_card: { points: 100 },
      code_config: codeConfig,
    },
  };
  if (vouchers[campaignType]) base.voucher = vouchers[campaignType];
  if (campaignType === 'REFERRAL_PROGRAM') base.referral_program = { conversion_event_type: 'redemption' };
  return { ...base, ...overrides };
}

/** A validation-rule body with a unique name: order amount over 100.00 and a customer segment. */
export function buildRule(overrides: Record<string, unknown> = {}) {
  return {
    name: `Rule ${unique()}`,
    error: { message: 'Your order does not qualify.' },
    rules: {
      '1': { name: 'order.amount', conditions: { $more_than: [10000] } },
      '2': {
        name: 'order.metadata',
        property: 'location',
        conditions: { $is: ['Santorini'] },
        error: { message: 'Santorini shops only.' },
      },
      logic: '1 and 2',
    },
    ...overrides,
  };
}

/** A webhook create body; `all_events: true` without `events` lists none. */
export function buildWebhook(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  const events = overrides.all_events === true ? [] : ['redemption.succeeded', 'voucher.created'];
  return { target_url: 'https://hooks.example.com/vouchsafe', events, ...overrides };
}

/** A webhook of the project (the test app's unless told), through the Management API. */
export async function createWebhook(
  t: TestApp,
  overrides: Record<string, unknown> = {},
  projectId = t.projectId,
): Promise<any> {
  const sent = await mgmt(t, 'POST', `${projectPath(projectId)}/webhooks`, { body: buildWebhook(overrides) });
  expect(sent.status, sent.raw).toBe(200);
  return sent.body;
}

/** A project through the Management API; the answer (with its server-side key). */
export async function createProject(t: TestApp, name = 'Second project'): Promise<any> {
  const sent = await mgmt(t, 'POST', '/management/v1/projects', { body: { name } });
  expect(sent.status, sent.raw).toBe(200);
  return sent.body;
}

/** A second project, with its server-side key headers. */
export async function createOtherProject(
  t: TestApp,
): Promise<{ projectId: string; appKey: Record<string, string> }> {
  const p = await createProject(t, 'Other');
  return {
    projectId: p.id,
    appKey: { 'x-app-id': p.server_side_key.app_id, 'x-app-token': p.server_side_key.app_token },
  };
}

/** A client key of the project through the Management API. */
export async function createClientKey(
  t: TestApp,
  allowedOrigins: string[],
  name = 'Storefront',
  projectId = t.projectId,
): Promise<{ client_app_id: string; client_token: string; name: string }> {
  const r = await mgmt(t, 'POST', `${projectPath(projectId)}/client-keys`, {
    body: { name, allowed_origins: allowedOrigins },
  });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

/** A campaign through /v1 with the app key; the answer. */
export async function createCampaign(
  t: TestApp,
  campaignType = 'DISCOUNT_COUPONS',
  overrides: Record<string, unknown> = {},
): Promise<any> {
  const r = await send(t, 'POST', '/v1/campaigns', { body: buildCampaign(campaignType, overrides) });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

/** A gift card of `amount` cents with the given code, in a new GIFT_VOUCHERS campaign; the voucher. */
export async function createGiftCard(t: TestApp, code: string, amount: number): Promise<any> {
  const campaign = await createCampaign(t, 'GIFT_VOUCHERS', {
    start_date: null,
    expiration_date: null,
    validity_day_of_week: null,
    voucher: { type: 'GIFT_VOUCHER', gift: { amount, effect: 'APPLY_TO_ORDER' } },
  });
  const r = await send(t, 'POST', `/v1/campaigns/${campaign.id}/vouchers/${encodeURIComponent(code)}`, {
    body: {},
  });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

/** The webhooks of the project, through the Management API. */
export async function listWebhooks(t: TestApp, projectId = t.projectId): Promise<any[]> {
  const sent = await mgmt(t, 'GET', `${projectPath(projectId)}/webhooks`);
  expect(sent.status).toBe(200);
  return sent.body.data;
}

/** A code no other test uses, starting with `tag`. */
export const uniqueCode = (tag: string) =>
  `${tag}-${++seq}-${Math.random().toString(36).slice(2, 6)}`.toUpperCase();

/**
 * 100.00 in three lines: A 2 × 25.00, B 1 × 30.00, C 1 × 20.00, named by the merchant's source ids (no
 * catalogue entry, so the lines carry their own prices).
 */
export const THREE_LINE_ORDER = {
  amount: 10000,
  items: [
    { source_id: 'prod-a', related_object: 'product', quantity: 2, price: 2500 },
    { source_id: 'prod-b', related_object: 'product', quantity: 1, price: 3000 },
    { source_id: 'sku-c', related_object: 'sku', quantity: 1, amount: 2000 },
  ],
};

/** A standalone voucher (DISCOUNT_VOUCHER unless `body` says), created through the API. */
export async function createVoucher(t: TestApp, body: Record<string, unknown>): Promise<any> {
  const r = await send(t, 'POST', '/v1/vouchers', {
    body: { code: uniqueCode('V'), type: 'DISCOUNT_VOUCHER', ...body },
  });
  expect(r.status, r.raw).toBe(200);
  return r.body;
}

/** A standalone gift card holding `amount` credits. */
export const createStandaloneGiftCard = (t: TestApp, amount: number, body: Record<string, unknown> = {}) =>
  createVoucher(t, { type: 'GIFT_VOUCHER', gift: { amount }, ...body });

/** The voucher as the API shows it now. */
export async function getVoucher(t: TestApp, code: string): Promise<any> {
  const r = await send(t, 'GET', `/v1/vouchers/${encodeURIComponent(code)}`);
  expect(r.status).toBe(200);
  return r.body;
}
