import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { arbitraryOf } from '../helpers/schema-arbitrary.js';
import { buildCampaign, buildWebhook } from '../helpers/factories.js';
import {
  errorStatuses,
  type OpenApiDoc,
  operations,
  refResolver,
  requestSchema,
  servedDocument,
  validatorOf,
} from '../helpers/openapi.js';

/**
 * The OpenAPI document against the server: request bodies generated from the served schemas, as a
 * schema-driven fuzzer or a generated client makes them, must mostly be accepted, and whatever is refused
 * must be a documented 4xx in the documented Error shape.
 */

const RUNS = 100;
/** Rules the document states in words only, as JSON Schema cannot: the refusals a valid body may still get. */
const DATE_ORDER = { status: 400, details: /^start_date must not be later than expiration_date$/ };
const DUPLICATE = { status: 409, details: /^Duplicated \w+ exists with/ };
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE'];

interface Fuzzed {
  method: 'POST';
  path: string;
  url(t: TestApp): string;
  headers(t: TestApp): Record<string, string>;
  seed: number;
  /** Least share of generated bodies accepted. */
  minAccepted: number;
  /** The refusals a generated body may get: rules the document can only describe. */
  wordsOnly: { status: number; details: RegExp }[];
  /** Bodies the server accepts elsewhere in the suite: the document must not refuse them. */
  known: () => Record<string, unknown>[];
}

const FUZZED: Fuzzed[] = [
  {
    method: 'POST',
    path: '/v1/campaigns',
    url: () => '/v1/campaigns',
    headers: (t) => t.appKey,
    seed: 4101,
    // Two rules JSON Schema cannot state, dates in order and a code_config with room for vouchers_count
    // codes, refuse about a fifth of the bodies (75-85% accepted over ten seeds).
    minAccepted: 0.7,
    wordsOnly: [
      DATE_ORDER,
      DUPLICATE,
      { status: 400, details: /^code_config can make at most \d+ distinct codes/ },
    ],
    known: () => [
      ...['DISCOUNT_COUPONS', 'GIFT_VOUCHERS', 'LOYALTY_PROGRAM', 'PROMOTION', 'REFERRAL_PROGRAM'].map((c) =>
        buildCampaign(c),
      ),
      { name: 'Implied type', voucher: { type: 'GIFT_VOUCHER', gift: { amount: 100 } } },
      buildCampaign('DISCOUNT_COUPONS', {
        voucher: {
          type: 'DISCOUNT_VOUCHER',
          discount: { type: 'UNIT', effect: 'ADD_MANY_ITEMS', units: [{ unit_off: 1, unit_type: 'prod_a' }] },
        },
      }),
    ],
  },
  {
    method: 'POST',
    path: '/v1/vouchers',
    url: () => '/v1/vouchers',
    headers: (t) => t.appKey,
    seed: 4102,
    minAccepted: 0.8,
    wordsOnly: [
      DATE_ORDER,
      DUPLICATE,
      { status: 409, details: /^Every code the code_config can make is taken/ },
    ],
    known: () => [
      {
        code: 'WELCOME-10',
        type: 'DISCOUNT_VOUCHER',
        discount: { type: 'PERCENT', percent_off: 10, effect: 'APPLY_TO_ORDER' },
        redemption: { quantity: 10 },
        start_date: '2026-01-01T00:00:00.000Z',
        validity_timeframe: { interval: 'P2D', duration: 'PT1H' },
        active: false,
      },
      {
        type: 'GIFT_VOUCHER',
        gift: { amount: 10000, effect: 'APPLY_TO_ORDER' },
        code_config: { pattern: 'GIFT-####-##', charset: '0123456789' },
      },
      { type: 'LOYALTY_CARD', loyalty_card: { points: 10 } },
      { campaign: 'Some campaign' },
    ],
  },
  {
    method: 'POST',
    path: '/management/v1/projects/{projectId}/webhooks',
    url: (t) => `/management/v1/projects/${t.projectId}/webhooks`,
    headers: (t) => t.mgmt,
    seed: 4103,
    minAccepted: 0.8,
    wordsOnly: [{ status: 400, details: /^headers\.\S+ is given twice/ }],
    known: () => [
      buildWebhook(),
      buildWebhook({ events: [], all_events: true }),
      buildWebhook({ events: undefined, all_events: true }),
      buildWebhook({ headers: { Authorization: 'Bearer abc', 'X-Tenant': 'shop-1' } }),
    ],
  },
];

/** The statuses every route of its kind can answer, whatever it does. */
function expectedErrorStatuses(method: string, path: string, op: Operation): number[] {
  const out: number[] = [];
  const hasInput = (op.parameters?.length ?? 0) > 0 || op.requestBody !== undefined;
  if (hasInput || BODY_METHODS.includes(method)) out.push(400);
  if ((op.security?.length ?? 0) > 0) out.push(401);
  if (path.includes('{')) out.push(404);
  if (BODY_METHODS.includes(method)) out.push(413, 415);
  return out;
}
type Operation = Parameters<typeof errorStatuses>[0];

/**
 * A voucher body that names a campaign gets the id or name of an existing campaign that issues its voucher
 * type, as a client that created one first would; a generator cannot invent the id of a stored resource.
 */
function withRealCampaign(
  body: Record<string, unknown>,
  campaigns: Record<string, { id: string; name: string }>,
) {
  if (body.campaign === undefined && body.campaign_id === undefined) return body;
  const type =
    (body.type as string | undefined) ??
    (body.gift ? 'GIFT_VOUCHER' : body.loyalty_card ? 'LOYALTY_CARD' : 'DISCOUNT_VOUCHER');
  const c = campaigns[type];
  return {
    ...body,
    ...(body.campaign !== undefined ? { campaign: c.name } : {}),
    ...(body.campaign_id !== undefined ? { campaign_id: c.id } : {}),
  };
}

/**
 * The rule ids a body lists in `validation_rules` become ids of existing rules, each once: a generator cannot
 * invent the id of a stored validation rule either.
 */
function withRealRules(body: Record<string, unknown>, ruleIds: string[]) {
  if (!Array.isArray(body.validation_rules)) return body;
  return { ...body, validation_rules: ruleIds.slice(0, body.validation_rules.length) };
}

async function fixtureRules(t: TestApp, n: number, tag: string): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const res = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/validation-rules',
      headers: t.appKey,
      payload: {
        name: `Fuzz rule ${tag} ${i}`,
        rules: { '1': { name: 'order.amount', conditions: { $more_than: [0] } } },
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    ids.push(res.json().id);
  }
  return ids;
}

async function fixtureCampaigns(t: TestApp) {
  const out: Record<string, { id: string; name: string }> = {};
  for (const [voucherType, campaignType] of [
    ['DISCOUNT_VOUCHER', 'DISCOUNT_COUPONS'],
    ['GIFT_VOUCHER', 'GIFT_VOUCHERS'],
    ['LOYALTY_CARD', 'LOYALTY_PROGRAM'],
  ]) {
    const body = buildCampaign(campaignType, { start_date: null, expiration_date: null });
    const res = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: t.appKey,
      payload: body,
    });
    expect(res.statusCode, res.body).toBe(200);
    out[voucherType] = { id: res.json().id, name: res.json().name };
  }
  return out;
}

for (const dialect of DIALECTS) {
  describe(`the OpenAPI document against the server (${dialect.name})`, () => {
    let t: TestApp;
    let doc: OpenApiDoc;

    beforeAll(async () => {
      t = await startTestApp(dialect);
      doc = await servedDocument(t);
    });
    afterAll(async () => {
      await t.close();
    });

    it('documents one shared Error schema, as the error handler renders it', () => {
      const error = doc.components.schemas?.Error;
      expect(error, 'components.schemas.Error').toBeDefined();
      expect(error.type).toBe('object');
      expect([...error.required].sort()).toEqual(['code', 'details', 'key', 'message', 'request_id']);
      expect(Object.keys(error.properties).sort()).toEqual(
        ['code', 'details', 'error', 'key', 'message', 'request_id', 'resource_id', 'resource_type'].sort(),
      );
    });

    it('lists the error responses of every route, each with the Error schema', () => {
      const ops = operations(doc);
      expect(ops.length).toBeGreaterThan(40);
      for (const [method, path, op] of ops) {
        const statuses = errorStatuses(op);
        expect(statuses, `${method} ${path} documents errors`).not.toEqual([]);
        for (const s of expectedErrorStatuses(method, path, op))
          expect(statuses, `${method} ${path} documents ${s}`).toContain(s);
        for (const s of statuses) {
          const content = op.responses[s].content?.['application/json'];
          expect(content?.schema, `${method} ${path} ${s}`).toEqual({ $ref: '#/components/schemas/Error' });
          expect(op.responses[s].description, `${method} ${path} ${s} description`).toBeTruthy();
        }
      }
    });

    it('sends error bodies through the response serialiser unchanged, resource_id and resource_type included', async () => {
      const validError = validatorOf({ $ref: '#/components/schemas/Error' }, doc);
      const missing = await t.vs.app.inject({
        method: 'GET',
        url: '/v1/campaigns/camp_nope',
        headers: t.appKey,
      });
      expect(missing.statusCode).toBe(404);
      expect(missing.json()).toEqual({
        code: 404,
        key: 'not_found',
        message: 'Resource not found',
        details: 'Cannot find campaign with id camp_nope',
        request_id: missing.headers['x-request-id'],
        resource_id: 'camp_nope',
        resource_type: 'campaign',
      });
      const body = buildCampaign('DISCOUNT_COUPONS');
      const first = await t.vs.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: t.appKey,
        payload: body,
      });
      expect(first.statusCode).toBe(200);
      const dup = await t.vs.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: t.appKey,
        payload: body,
      });
      expect(dup.statusCode).toBe(409);
      expect(dup.json()).toEqual({
        code: 409,
        key: 'duplicate_found',
        message: 'Duplicated resource found',
        details: `Duplicated campaign exists with name ${body.name}`,
        request_id: dup.headers['x-request-id'],
        resource_id: body.name,
        resource_type: 'campaign',
      });
      const noKey = await t.vs.app.inject({ method: 'POST', url: '/v1/campaigns', payload: body });
      expect(noKey.statusCode).toBe(401);
      const notJson = await t.vs.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: { ...t.appKey, 'content-type': 'application/xml' },
        payload: '<campaign/>',
      });
      expect(notJson.statusCode).toBe(415);
      const malformed = await t.vs.app.inject({
        method: 'POST',
        url: '/v1/campaigns',
        headers: { ...t.appKey, 'content-type': 'application/json' },
        payload: '{"name":',
      });
      expect(malformed.statusCode).toBe(400);
      for (const r of [missing, dup, noKey, notJson, malformed])
        expect(validError(r.json()), JSON.stringify(validError.errors)).toBe(true);
    });

    it('documents the other request bodies so that the bodies the rest of the suite sends conform', async () => {
      const created = await t.vs.app.inject({
        method: 'POST',
        url: '/v1/vouchers',
        headers: t.appKey,
        payload: { code: 'DOC-GIFT-1', type: 'GIFT_VOUCHER', gift: { amount: 5000 } },
      });
      expect(created.statusCode, created.body).toBe(200);
      // The SDK's vouchers.update sends the voucher it read, with the changes on top.
      const readBack = {
        ...created.json(),
        gift: { amount: 8000 },
        expiration_date: '2026-03-15T00:00:00.000Z',
      };
      const known: [string, string, unknown[]][] = [
        [
          'put',
          '/v1/campaigns/{campaignId}',
          [
            {
              description: 'Extended',
              expiration_date: '2026-04-30T00:00:00.000Z',
              type: 'STATIC',
              metadata: { lang: 'en' },
              discount: { type: 'AMOUNT', amount_off: 700 },
              category: 'Extended',
            },
            { unset_metadata_fields: ['region'] },
          ],
        ],
        ['put', '/v1/vouchers/{code}', [readBack, { code: 'LIST-1', active: false }]],
        ['post', '/v1/campaigns/{campaignId}/vouchers', [{}, { code: 'ONE-1', metadata: { x: 1 } }]],
        [
          'post',
          '/v1/campaigns/{campaignId}/import',
          [[{ code: 'OK-1' }, { code: 'OK-2', redemption: { quantity: 2 } }]],
        ],
        [
          'put',
          '/management/v1/projects/{projectId}/webhooks/{webhookId}',
          [
            { target_url: 'https://hooks.example.com/vouchsafe', events: ['customer.created'] },
            {
              target_url: 'https://new.example.com/hook',
              events: [],
              all_events: true,
              headers: { 'X-New': '2' },
            },
            { active: false },
          ],
        ],
      ];
      for (const [method, path, bodies] of known) {
        const valid = validatorOf(requestSchema(doc.paths[path][method]), doc);
        for (const body of bodies)
          expect(
            valid(body),
            `${method} ${path} ${JSON.stringify(body)}: ${JSON.stringify(valid.errors)}`,
          ).toBe(true);
      }
    });

    for (const f of FUZZED) {
      it(`${f.method} ${f.path}: bodies the rest of the suite sends conform to the documented schema`, () => {
        const valid = validatorOf(requestSchema(doc.paths[f.path].post), doc);
        for (const body of f.known())
          expect(valid(body), `${JSON.stringify(body)}: ${JSON.stringify(valid.errors)}`).toBe(true);
      });

      it(`${f.method} ${f.path}: of ${RUNS} bodies generated from the document, most are accepted and none answers outside it`, async () => {
        const op = doc.paths[f.path].post;
        const schema = requestSchema(op);
        const valid = validatorOf(schema, doc);
        const bodies = fc.sample(
          arbitraryOf(schema as object, refResolver(doc)).filter((b) => valid(b)),
          { numRuns: RUNS, seed: f.seed },
        ) as Record<string, unknown>[];
        const campaigns = f.path === '/v1/vouchers' ? await fixtureCampaigns(t) : {};
        const rules = f.path.startsWith('/v1/') ? await fixtureRules(t, 10, f.path) : [];
        const refused: { body: unknown; status: number; answer: any }[] = [];
        for (const generated of bodies) {
          const body = withRealRules(withRealCampaign(generated, campaigns), rules);
          const res = await t.vs.app.inject({
            method: f.method,
            url: f.url(t),
            headers: f.headers(t),
            payload: body,
          });
          if (res.statusCode < 200 || res.statusCode >= 300)
            refused.push({ body, status: res.statusCode, answer: res.json() });
        }
        const accepted = bodies.length - refused.length;
        const byStatus: Record<number, number> = {};
        for (const r of refused) byStatus[r.status] = (byStatus[r.status] ?? 0) + 1;
        console.info(
          `${dialect.name} ${f.method} ${f.path}: ${accepted}/${bodies.length} accepted, refused by status`,
          byStatus,
        );
        expect(bodies).toHaveLength(RUNS);
        expect(accepted / bodies.length, JSON.stringify(refused.slice(0, 5), null, 1)).toBeGreaterThanOrEqual(
          f.minAccepted,
        );
        const validError = validatorOf({ $ref: '#/components/schemas/Error' }, doc);
        for (const { body, status, answer } of refused) {
          const what = JSON.stringify({ body, answer });
          expect(status, what).toBeLessThan(500);
          expect(errorStatuses(op), `${status} is documented: ${what}`).toContain(status);
          expect(validError(answer), what).toBe(true);
          expect(answer.code, what).toBe(status);
          expect(
            f.wordsOnly.some((r) => r.status === status && r.details.test(answer.details)),
            `refused only for a rule the document states in words: ${what}`,
          ).toBe(true);
        }
      });
    }
  });
}
