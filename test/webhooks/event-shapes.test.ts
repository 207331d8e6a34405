import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderSamples, renderShapes } from '../../scripts/gen-event-shapes.js';
import { COMPONENTS, EVENT_SHAPES } from '../../src/webhooks/event-shapes.generated.js';
import { completeEventData, type ShapeNode } from '../../src/webhooks/event-shapes.js';
import { EVENT_TYPES } from '../../src/webhooks/event-catalog.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { exampleData, validateData } from '../helpers/events.js';
import { createWebhook } from '../helpers/factories.js';
import { Receiver } from '../helpers/receiver.js';

const REFERENCE = new URL('../../../shared/reference/voucherify/webhooks.json', import.meta.url);
const GENERATED = new URL('../../src/webhooks/event-shapes.generated.ts', import.meta.url);
const SAMPLES = new URL('../../src/webhooks/event-samples.generated.ts', import.meta.url);

/** The paths of every key the shape defines that `value` lacks (undefined), as `a.b[0].c`. */
function missingKeys(value: unknown, node: ShapeNode, path = '', depth = 0): string[] {
  const shape = typeof node === 'string' ? COMPONENTS[node]! : node;
  if (shape === 0 || depth > 12 || value === null || typeof value !== 'object') return [];
  if (Array.isArray(shape))
    return Array.isArray(value)
      ? value.flatMap((v, i) => missingKeys(v, shape[0], `${path}[${i}]`, depth + 1))
      : [];
  if (Array.isArray(value)) return []; // the value breaks its schema; it is left as it is
  const obj = value as Record<string, unknown>;
  return Object.entries(shape).flatMap(([k, child]) =>
    obj[k] === undefined ? [`${path}${k}`] : missingKeys(obj[k], child, `${path}${k}.`, depth + 1),
  );
}

describe('event data shapes', () => {
  it('the generated file is what the script makes from the reference', () => {
    const doc = JSON.parse(readFileSync(REFERENCE, 'utf8'));
    expect(readFileSync(GENERATED, 'utf8')).toBe(renderShapes(doc));
    expect(readFileSync(SAMPLES, 'utf8')).toBe(renderSamples(doc));
  });

  it('has a shape for every catalog type with a published schema (43 of the 60)', () => {
    expect(Object.keys(EVENT_SHAPES)).toHaveLength(43);
    for (const type of Object.keys(EVENT_SHAPES)) expect(EVENT_TYPES).toContain(type);
  });

  it.each(Object.keys(EVENT_SHAPES))(
    '%s: a key left out comes back as null, and the data stays valid',
    (type) => {
      let example: unknown;
      try {
        example = exampleData(type);
      } catch {
        return; // a few types publish their example under another type's name; the shape is still checked below
      }
      const completed = completeEventData(type, example);
      expect(missingKeys(completed, EVENT_SHAPES[type]!)).toEqual([]);
      // Some published examples break their own schema (a required key missing); where the example is valid,
      // the completed data must be too.
      if (validateData(type, example) === null) expect(validateData(type, completed)).toBeNull();
    },
  );

  it('fills nested objects and array items, keeps unknown keys and leaves present values alone', () => {
    const out = completeEventData('customer.created', {
      customer: { id: 'cust_1', extra: 1, address: { city: 'Oslo' }, summary: null },
    }) as { customer: Record<string, unknown> };
    expect(out.customer).toMatchObject({
      id: 'cust_1',
      extra: 1,
      birthdate: null,
      description: null,
      summary: null,
      address: { city: 'Oslo', line_1: null, postal_code: null },
    });
    expect(completeEventData('customer.confirmed', { x: 1 })).toEqual({ x: 1 });
  });
});

describe.each(DIALECTS)('deliveries carry every key on $name', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    receiver = await new Receiver().start();
    await createWebhook(t, { target_url: receiver.url, events: ['customer.created', 'customer.deleted'] });
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  it('customer.created and customer.deleted of a customer without birthdate or description have them null', async () => {
    const res = await t.vs.app.inject({
      method: 'POST',
      url: '/v1/customers',
      headers: t.appKey,
      payload: { source_id: 'no-birthdate', email: 'a@example.com' },
    });
    expect(res.statusCode).toBe(200);
    const id = res.json().id;
    const del = await t.vs.app.inject({ method: 'DELETE', url: `/v1/customers/${id}`, headers: t.appKey });
    expect(del.statusCode).toBe(204);
    await t.vs.dispatcher!.drain();
    const bodies = receiver.received.map((r) => JSON.parse(r.body));
    expect(bodies.map((b) => b.type).sort()).toEqual(['customer.created', 'customer.deleted']);
    for (const b of bodies) {
      expect(b.data.customer).toMatchObject({
        id,
        birthdate: null,
        description: null,
        name: null,
        phone: null,
      });
      expect(missingKeys(b.data, EVENT_SHAPES[b.type]!)).toEqual([]);
      expect(validateData(b.type, b.data)).toBeNull();
    }
  });
});
