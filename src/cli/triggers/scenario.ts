/**
 * A trigger scenario: the real API calls that make a running Vouchsafe fire one event type. Scenarios are
 * grouped by the context that fires the type (one file each, listed in `triggers/index.ts`), so that a new
 * context adds its scenarios as one small file and one line.
 */

export interface TriggerRun {
  /** A `/v1` call with the run's application key; its request id is recorded. A non-2XX answer throws,
   * unless `allow` lists its status (a scenario that fires a failure event expects one). */
  v1<T = any>(method: string, path: string, body?: unknown, allow?: number[]): Promise<T>;
  /** A `/client/v1` call with a client key of the run (made on first use, removed at the end). */
  client<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T>;
  /** A name no earlier run used: `prefix-<random>`. */
  unique(prefix: string): string;
  /** Waits until the async action (a generation or import job) is done or failed. */
  asyncAction(id: string): Promise<void>;
}

export interface TriggerScenario {
  type: string;
  /** What the scenario does, in a few words (shown by `trigger --list`). */
  summary: string;
  run(r: TriggerRun): Promise<void>;
}

/** A discount voucher body, the smallest `/v1` accepts. */
export const PERCENT_OFF = { type: 'DISCOUNT_VOUCHER', discount: { type: 'PERCENT', percent_off: 10 } };

export async function createCampaign(r: TriggerRun, extra: Record<string, unknown> = {}) {
  return r.v1<{ id: string; name: string }>('POST', '/v1/campaigns', {
    name: r.unique('trigger-campaign'),
    campaign_type: 'DISCOUNT_COUPONS',
    type: 'AUTO_UPDATE',
    voucher: { ...PERCENT_OFF, code_config: { pattern: `${r.unique('T').toUpperCase()}-####` } },
    ...extra,
  });
}

export async function createVoucher(r: TriggerRun) {
  return r.v1<{ id: string; code: string }>('POST', '/v1/vouchers', {
    ...PERCENT_OFF,
    code: r.unique('TRIGGER').toUpperCase(),
  });
}

export async function createCustomer(r: TriggerRun) {
  const sourceId = r.unique('trigger-customer');
  return r.v1<{ id: string; source_id: string }>('POST', '/v1/customers', {
    source_id: sourceId,
    email: `${sourceId}@example.com`,
    name: 'Triggered Customer',
  });
}

export async function createRule(r: TriggerRun) {
  return r.v1<{ id: string }>('POST', '/v1/validation-rules', {
    name: r.unique('trigger-rule'),
    rules: { '1': { name: 'order.amount', conditions: { $more_than_equal: [10000] } }, logic: '1' },
    error: { message: 'The order must be at least 100.00' },
  });
}
