import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INPUT_MAX_DEPTH, OBJECT_MAX_KEYS } from '../../src/platform/schemas.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS, rowCounts } from '../helpers/db.js';
import { expectError, send } from '../helpers/request.js';

/** JSON text of `{"a":{"a":…{"a":1}…}}` with `levels` objects, built as text so no serialiser recurses. */
const nested = (levels: number) => '{"a":'.repeat(levels) + '1' + '}'.repeat(levels);
const nestedArrays = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

/** A body whose `metadata` holds the given JSON text (metadata itself is the body's second level). */
const withMetadata = (fields: Record<string, unknown>, metadataJson: string) =>
  `{${JSON.stringify(fields).slice(1, -1)}${Object.keys(fields).length > 0 ? ',' : ''}"metadata":${metadataJson}}`;

const manyKeys = (n: number) =>
  JSON.stringify(Object.fromEntries(Array.from({ length: n }, (_, i) => [`k${i}`, i])));

describe.each(DIALECTS)('nesting and key bounds on $name', (dialect) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    const campaign = await send(t, 'POST', '/v1/campaigns', {
      body: { name: 'Nest', campaign_type: 'PROMOTION' },
    });
    expect(campaign.status).toBe(200);
    expect((await send(t, 'POST', '/v1/customers', { body: { source_id: 'nest' } })).status).toBe(200);
    expect(
      (
        await send(t, 'POST', '/v1/vouchers/NEST-1', {
          body: { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } },
        })
      ).status,
    ).toBe(200);
  });
  afterAll(async () => {
    await t.close();
  });

  const targets = [
    ['POST', '/v1/customers', { source_id: 'deep' }],
    ['PUT', '/v1/customers/nest', {}],
    ['POST', '/v1/campaigns', { name: 'Deep', campaign_type: 'PROMOTION' }],
    ['PUT', '/v1/campaigns/Nest', {}],
    ['POST', '/v1/vouchers', { type: 'DISCOUNT_VOUCHER', discount: { type: 'AMOUNT', amount_off: 100 } }],
    ['PUT', '/v1/vouchers/NEST-1', {}],
  ] as const;

  it('refuses metadata nested 4,000 and 10,000 levels deep with 400 naming the field, writing nothing', async () => {
    const before = await rowCounts(t);
    for (const [method, url, fields] of targets)
      for (const levels of [4000, 10_000]) {
        const sent = await send(t, method, url, { body: withMetadata(fields, nested(levels)) });
        expectError(
          sent,
          400,
          'invalid_payload',
          new RegExp(`^metadata.* deeper than ${INPUT_MAX_DEPTH} levels`),
        );
      }
    expect(await rowCounts(t)).toEqual(before);
  });

  it('bounds depth anywhere in a body, arrays included, and names the field', async () => {
    const before = await rowCounts(t);
    const deepDiscount = `{"type":"DISCOUNT_VOUCHER","discount":${nested(10_000)}}`;
    expectError(
      await send(t, 'POST', '/v1/vouchers', { body: deepDiscount }),
      400,
      'invalid_payload',
      /^discount/,
    );
    const deepUnknown = `{"source_id":"x","extra":${nestedArrays(10_000)}}`;
    expectError(
      await send(t, 'POST', '/v1/customers', { body: deepUnknown }),
      400,
      'invalid_payload',
      /^extra/,
    );
    expectError(
      await send(t, 'POST', '/v1/customers', { body: nestedArrays(10_000) }),
      400,
      'invalid_payload',
      /^0\.0\.0\.… nests deeper/,
    );
    expect(await rowCounts(t)).toEqual(before);
  });

  it('accepts metadata nested up to the bound and refuses one level more', async () => {
    // The body is level 1 and metadata level 2, so metadata may hold INPUT_MAX_DEPTH - 2 more levels.
    const atBound = withMetadata({ source_id: 'at-bound' }, nested(INPUT_MAX_DEPTH - 1));
    const ok = await send(t, 'POST', '/v1/customers', { body: atBound });
    expect(ok.status, ok.raw).toBe(200);
    let depth = 0;
    for (let m = ok.body.metadata; typeof m === 'object'; m = m.a) depth++;
    expect(depth).toBe(INPUT_MAX_DEPTH - 1);
    const over = withMetadata({ source_id: 'over-bound' }, nested(INPUT_MAX_DEPTH));
    expectError(await send(t, 'POST', '/v1/customers', { body: over }), 400, 'invalid_payload', /^metadata/);
    expect((await send(t, 'GET', '/v1/customers/over-bound')).status).toBe(404);
  });

  it('refuses a free-form object with more keys than the bound, naming it', async () => {
    const before = await rowCounts(t);
    for (const [method, url, fields] of targets) {
      const sent = await send(t, method, url, { body: withMetadata(fields, manyKeys(OBJECT_MAX_KEYS + 1)) });
      expectError(
        sent,
        400,
        'invalid_payload',
        new RegExp(`^metadata has more than ${OBJECT_MAX_KEYS} keys`),
      );
    }
    expect(await rowCounts(t)).toEqual(before);
    const ok = await send(t, 'PUT', '/v1/vouchers/NEST-1', {
      body: withMetadata({}, manyKeys(OBJECT_MAX_KEYS)),
    });
    expect(ok.status, ok.raw.slice(0, 300)).toBe(200);
    expect(Object.keys(ok.body.metadata)).toHaveLength(OBJECT_MAX_KEYS);
  });
});
