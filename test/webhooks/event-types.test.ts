import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIRED_EVENTS } from '../../src/fired-events.js';
import { EVENT_TYPES } from '../../src/webhooks/event-catalog.js';
import { startTestApp, type TestApp } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';
import { servedSchemaErrors } from '../helpers/event-schema.js';
import { validateData } from '../helpers/events.js';
import { Receiver } from '../helpers/receiver.js';

const WEBHOOKS_JSON = new URL('../../../shared/reference/voucherify/webhooks.json', import.meta.url);

/** The published schema of a type's `data`, resolved to its object schema; undefined when none is published. */
function publishedSchema(type: string): any {
  const doc = JSON.parse(readFileSync(WEBHOOKS_JSON, 'utf8'));
  const resolve = (s: any): any =>
    s?.$ref ? resolve(doc.components.schemas[s.$ref.replace('#/components/schemas/', '')]) : s;
  for (const [key, entry] of Object.entries<any>(doc.webhooks)) {
    const t = key
      .replace(/^EVENTS\./, '')
      .toLowerCase()
      .replace(/^bus_val_rule/, 'business_validation_rule');
    if (t !== type) continue;
    const schema = resolve(entry.post?.requestBody?.content?.['application/json']?.schema);
    if (!schema) return undefined;
    const props = { ...(schema.properties ?? {}) };
    const required = [...(schema.required ?? [])];
    for (const part of schema.allOf ?? []) {
      const p = resolve(part);
      Object.assign(props, p.properties ?? {});
      required.push(...(p.required ?? []));
    }
    return { properties: props, required };
  }
  return undefined;
}

/** Published validation, for the types whose example is filed under their own name. */
function publishedErrors(type: string, data: unknown): unknown[] | null | 'none' {
  try {
    return validateData(type, data);
  } catch {
    return 'none';
  }
}

describe('the catalog of fired event types', () => {
  it('has the 60 types the contexts declare, each once', () => {
    expect(FIRED_EVENTS.types()).toHaveLength(60);
    for (const t of FIRED_EVENTS.types()) expect(EVENT_TYPES).toContain(t);
  });

  it.each(FIRED_EVENTS.types())(
    '%s: the declared schema keeps to the published one and the sample is valid under both',
    (type) => {
      const d = FIRED_EVENTS.get(type)!;
      const sample = FIRED_EVENTS.sample(type)!;
      const ours = JSON.parse(JSON.stringify(d.data));
      const published = publishedSchema(type);
      if (published) {
        // Every key Voucherify requires at the top of data is one the presenters write.
        for (const k of published.required) expect(Object.keys(ours.properties)).toContain(k);
        // Our keys are the published ones, but for `vouchers` of publication.succeeded, which the published
        // example sends beside the schema's single `voucher`.
        const extra = Object.keys(ours.properties).filter((k) => !(k in published.properties));
        expect(extra).toEqual(type === 'publication.succeeded' ? ['vouchers'] : []);
      }
      const errors = publishedErrors(type, sample.data);
      if (errors !== 'none') expect(errors).toBeNull();
      expect(sample.entityId).toMatch(/^[a-z]+_sample/);
    },
  );
});

describe.each(DIALECTS)('GET /management/v1/webhook-events/{type} on $name', (dialect) => {
  let t: TestApp;
  let receiver: Receiver;
  beforeAll(async () => {
    t = await startTestApp(dialect);
    receiver = await new Receiver().start();
  });
  afterAll(async () => {
    await receiver.stop();
    await t.close();
  });

  const get = (url: string) =>
    t.vs.app.inject({ method: 'GET', url: `/management/v1${url}`, headers: t.mgmt });

  it('the list marks the fired types', async () => {
    const res = await get('/webhook-events');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.total).toBe(60);
    expect(body.data.filter((e: any) => e.fired).map((e: any) => e.type)).toEqual(FIRED_EVENTS.types());
  });

  it.each(EVENT_TYPES)('%s: group, label, schema and a sample valid under it', async (type) => {
    const res = await get(`/webhook-events/${type}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    const fired = FIRED_EVENTS.types().includes(type);
    expect(body).toMatchObject({ object: 'webhook_event_type', type, fired });
    expect(typeof body.group).toBe('string');
    expect(typeof body.label).toBe('string');
    expect(body.sample).toBeTypeOf('object');
    if (fired) expect(servedSchemaErrors(body.schema, body.sample)).toBeNull();
    else expect(body.schema).toBeNull();
  });

  it("accepts an upstream misspelling and answers an unknown type with a 404 in Voucherify's shape", async () => {
    const alias = await get('/webhook-events/campaign.vouchers.aded');
    expect(alias.statusCode).toBe(200);
    expect(alias.json().type).toBe('campaign.vouchers.added');
    const res = await get('/webhook-events/no.such.type');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({
      code: 404,
      key: 'not_found',
      details: expect.stringContaining('no.such.type'),
      request_id: expect.any(String),
    });
    expect(Object.keys(res.json()).sort()).toEqual(
      expect.arrayContaining(['code', 'key', 'message', 'details', 'request_id']),
    );
  });

  it('a test send of a fired type delivers exactly the served sample', async () => {
    for (const type of ['customer.created', 'voucher.published'] as const) {
      const res = await t.vs.app.inject({
        method: 'POST',
        url: `/management/v1/projects/${t.projectId}/webhooks/test`,
        headers: t.mgmt,
        payload: { target_url: receiver.url, type },
      });
      expect(res.statusCode).toBe(200);
      expect(res.json().status_code).toBe(200);
      const sent = receiver.bodies().at(-1);
      expect(sent.type).toBe(type);
      expect(sent.data).toEqual((await get(`/webhook-events/${type}`)).json().sample);
      expect(sent.event.entity_id).toBe(FIRED_EVENTS.sample(type)!.entityId);
    }
  });
});
