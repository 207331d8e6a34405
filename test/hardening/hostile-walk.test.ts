import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KEYS, startTestApp, type TestApp } from '../helpers/app.js';
import { hostileBody, noiseBody, noiseParam, noiseQuery, poisonParam, poisonQuery } from './hostile.js';
import { DIALECTS, tableContents } from '../helpers/db.js';
import { isVoucherifyError, send } from '../helpers/request.js';

/**
 * Walks every operation of /openapi.json with generated hostile requests (hostile.ts): each case poisons its
 * path, its query string or its body, and fills the other parts with odd but possibly valid values (real ids
 * among them). Every case must be refused with a 4xx in Voucherify's error shape, and after the walk every
 * table holds exactly what it held before. RUNS_PER_ROUTE bounds the run: 2,280 cases per database, 20–30 s for both on 2 cores.
 */

const RUNS_PER_ROUTE = 40;
const CLIENT = { clientAppId: 'client_walk', clientToken: 'client-token-walk-0123456789' };
const ORIGIN = 'https://shop.example';

interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  template: string;
  pathParams: string[];
  queryNames: string[];
  bodySchema: unknown;
}

interface Case {
  target: 'path' | 'query' | 'body';
  url: string;
  body: string | undefined;
}

function routesOf(doc: any): Route[] {
  const out: Route[] = [];
  for (const [template, ops] of Object.entries<any>(doc.paths))
    for (const [method, op] of Object.entries<any>(ops)) {
      const params: any[] = op.parameters ?? [];
      out.push({
        method: method.toUpperCase() as Route['method'],
        template,
        pathParams: params.filter((p) => p.in === 'path').map((p) => p.name),
        queryNames: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodySchema: op.requestBody?.content?.['application/json']?.schema ?? null,
      });
    }
  return out;
}

function caseOf(route: Route, real: Record<string, string>): fc.Arbitrary<Case> {
  const targets: Case['target'][] = ['query'];
  if (route.pathParams.length > 0) targets.push('path');
  if (route.method !== 'GET') targets.push('body');
  return fc.constantFrom(...targets).chain((target) => {
    const poisoned = target === 'path' ? fc.nat(route.pathParams.length - 1) : fc.constant(-1);
    const noise = route.pathParams.map((name) => noiseParam(real[name]));
    return fc
      .record({
        params: fc.tuple(poisoned, poisonParam, fc.tuple(...noise)),
        query: target === 'query' ? poisonQuery(route.queryNames) : noiseQuery(route.queryNames),
        body:
          route.method === 'GET'
            ? fc.constant(undefined)
            : target === 'body'
              ? hostileBody(route.bodySchema)
              : noiseBody,
      })
      .map(({ params: [at, poison, values], query, body }) => {
        let i = 0;
        const path = route.template.replace(/\{[^}]+\}/g, () => {
          const value = i === at ? poison : values[i]!;
          i++;
          return value;
        });
        return { target, url: query.length > 0 ? `${path}?${query.join('&')}` : path, body };
      });
  });
}

function headersFor(t: TestApp, template: string): Record<string, string> {
  if (template.startsWith('/management/')) return t.mgmt;
  if (template.startsWith('/client/'))
    return {
      'x-client-application-id': CLIENT.clientAppId,
      'x-client-token': CLIENT.clientToken,
      origin: ORIGIN,
    };
  return t.appKey;
}

/** Real ids for every path parameter, so that a request that got past validation would change real data. */
async function seed(t: TestApp): Promise<Record<string, string>> {
  const ok = async (
    method: 'POST' | 'GET',
    url: string,
    body?: unknown,
    headers?: Record<string, string>,
  ) => {
    const r = await send(t, method, url, { body, headers });
    if (r.status >= 300) throw new Error(`seed ${method} ${url}: ${r.raw}`);
    return r.body;
  };
  const mgmt = `/management/v1/projects/${t.projectId}`;
  const webhook = await ok(
    'POST',
    `${mgmt}/webhooks`,
    { target_url: 'https://hooks.example.com/x', all_events: true },
    t.mgmt,
  );
  const customer = await ok('POST', '/v1/customers', { source_id: 'walk-customer', metadata: { a: 1 } });
  const discount = { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } };
  const campaign = await ok('POST', '/v1/campaigns', {
    name: 'Walk',
    campaign_type: 'DISCOUNT_COUPONS',
    voucher: discount,
    vouchers_count: 3,
  });
  const voucher = await ok('POST', '/v1/vouchers/WALK-1', discount);
  const sendouts = await ok('GET', `${mgmt}/webhook-sendouts`, undefined, t.mgmt);
  const actions = await ok('GET', '/v1/async-actions');
  const unconfirmed = await ok(
    'POST',
    '/client/v1/customers',
    { source_id: 'walk-unconfirmed' },
    { ...headersFor(t, '/client/'), 'x-voucherify-double-opt-in': 'true' },
  );
  return {
    projectId: t.projectId,
    webhookId: webhook.id,
    sendoutId: sendouts.data[0].id,
    appId: KEYS.appId,
    clientAppId: CLIENT.clientAppId,
    customerId: customer.source_id,
    unconfirmedCustomerId: unconfirmed.id,
    campaignId: campaign.id,
    code: voucher.code,
    asyncActionId: actions.async_actions[0].id,
  };
}

describe.each(DIALECTS)('hostile walk of /openapi.json on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect, { ...CLIENT, clientOrigins: [ORIGIN] });
  });
  afterAll(async () => {
    await t.close();
  });

  it('refuses every hostile request with a 4xx in Voucherify shape and writes nothing', async () => {
    const real = await seed(t);
    const routes = routesOf((await send(t, 'GET', '/openapi.json')).body);
    expect(routes.length).toBeGreaterThan(50);
    const before = await tableContents(t);
    const started = performance.now();
    let sent = 0;
    let fivexx = 0;
    for (const route of routes) {
      const headers = headersFor(t, route.template);
      await fc.assert(
        fc.asyncProperty(caseOf(route, real), async (c) => {
          sent++;
          const res = await send(t, route.method, c.url, { body: c.body, headers });
          if (res.status >= 500) fivexx++;
          const what = `${route.method} ${c.url.slice(0, 300)} [${c.target}] ${(c.body ?? '').slice(0, 300)}`;
          expect(res.status, `${what}\n→ ${res.raw.slice(0, 400)}`).toBeGreaterThanOrEqual(400);
          expect(res.status, `${what}\n→ ${res.raw.slice(0, 400)}`).toBeLessThan(500);
          expect(isVoucherifyError(res), `${what}\n→ ${res.raw.slice(0, 400)}`).toBe(true);
        }),
        { numRuns: RUNS_PER_ROUTE },
      );
    }
    const seconds = (performance.now() - started) / 1000;
    console.log(
      `hostile walk on ${dialect.name}: ${routes.length} routes, ${sent} cases, ${fivexx} 5xx, ${seconds.toFixed(1)} s`,
    );
    expect(fivexx).toBe(0);
    expect(await tableContents(t)).toEqual(before);
  }, 120_000);
});
