import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { transact } from '../../src/platform/db/transaction.js';
import { completeEventData } from '../../src/webhooks/event-shapes.js';
import type { EventType } from '../../src/webhooks/event-catalog.js';
import { recordEvent } from '../../src/webhooks/record-event.js';
import type { TestApp } from './app.js';

const WEBHOOKS_JSON = new URL('../../../shared/reference/voucherify/webhooks.json', import.meta.url);

let doc: any = null;
function webhooksDoc(): any {
  doc ??= JSON.parse(readFileSync(WEBHOOKS_JSON, 'utf8'));
  return doc;
}

/** The published example `data` of an event type, from Voucherify's webhooks reference. */
export function exampleData(type: string): unknown {
  for (const entry of Object.values<any>(webhooksDoc().webhooks)) {
    const ex = entry.post?.requestBody?.content?.['application/json']?.examples?.[type];
    if (ex) return ex.value;
  }
  throw new Error(`no example for ${type}`);
}

let ajv: any = null;
function webhooksAjv(): any {
  if (!ajv) {
    const Ajv = (Ajv2020 as any).default ?? Ajv2020;
    ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as any).default ? (addFormats as any).default(ajv) : (addFormats as any)(ajv);
    const components = oas30ToJsonSchema(withoutUnsatisfiable(structuredClone(webhooksDoc().components)));
    // A transaction's `details.order.source_id` is typed string alone, yet an order need not have one: read it
    // nullable, as the pending points' `details.order.source_id` is written.
    const open = (n: any) => (n.anyOf ? n.anyOf[0] : n);
    const txOrder = open(open(components.schemas.VoucherTransaction.properties.details).properties.order);
    txOrder.properties.source_id = { anyOf: [txOrder.properties.source_id, { type: 'null' }] };
    ajv.addSchema({ $id: 'webhooks.json', components });
  }
  return ajv;
}

/**
 * Keys the published schemas require as strings that can truly have no value; Vouchsafe delivers null there
 * rather than invent one (README, "Compatibility notes"): the `campaign_id` of a standalone gift card's
 * transaction, and the `source_id` of an order created without one, in a transaction's details. A null at
 * exactly these places is not an error; anything else at them still is.
 */
const NULL_WHERE_NO_VALUE = new Set(['/transaction/campaign_id', '/transaction/details/order/source_id']);

/** `data` with a null at each of those places replaced by a string, so the rest is checked as published. */
function withKnownNullsFilled(data: unknown): unknown {
  if (!data || typeof data !== 'object') return data;
  const copy = structuredClone(data) as Record<string, any>;
  for (const path of NULL_WHERE_NO_VALUE) {
    const keys = path.split('/').slice(1);
    const parent = keys.slice(0, -1).reduce<any>((o, k) => (o == null ? undefined : o[k]), copy);
    const last = keys.at(-1)!;
    if (parent && typeof parent === 'object' && parent[last] === null) parent[last] = '(no value)';
  }
  return copy;
}

/** Validates event `data` against a named component of webhooks.json; the errors, or null when valid. */
export function webhookSchemaErrors(name: string, data: unknown): unknown[] | null {
  const validate = webhooksAjv().getSchema(`webhooks.json#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${name}`);
  return validate(withKnownNullsFilled(data)) ? null : validate.errors;
}

/** Validates `data` against the type's schema in webhooks.json; returns the errors, or null when valid. */
export function validateData(type: string, data: unknown): unknown[] | null {
  const d = webhooksDoc();
  const ajv = webhooksAjv();
  for (const entry of Object.values<any>(d.webhooks)) {
    const content = entry.post?.requestBody?.content?.['application/json'];
    if (!content?.examples?.[type]) continue;
    const ref = content.schema.$ref.replace('#/', 'webhooks.json#/');
    const validate = ajv.getSchema(ref) ?? ajv.compile({ $ref: ref });
    return validate(withKnownNullsFilled(data)) ? null : validate.errors;
  }
  throw new Error(`no schema for ${type}`);
}

/**
 * What a receiver gets as `data` for an object the API answered: the same, with every key the type's schema
 * defines and the object lacks set to null (the delivery contract; the API itself leaves such keys out).
 */
export function asDelivered<T>(type: string, data: T): T {
  return completeEventData(type, data) as T;
}

/** Records an event the way a domain service does: inside a transaction, through the outbox. */
export async function fireEvent(
  t: TestApp,
  type: EventType,
  data: unknown = { n: 1 },
  entityId: string | null = 'ent_1',
) {
  return transact(t.vs.ctx, (tx) =>
    recordEvent(tx, {
      projectId: t.projectId,
      type,
      entityId,
      groupId: 'v-000000000000000001',
      source: { channel: 'API', user: null, api_key: { name: 'Default', app_id: 'app_test_default' } },
      data,
    }),
  );
}

/**
 * Two schemas of webhooks.json that no value satisfies, Voucherify's own `customer.rewarded` example
 * included, read as their authors meant them: `OrderCalculated` is `allOf` two objects that each close
 * themselves (`additionalProperties: false`), so each refuses the other's keys; and the `parameters` of
 * `SimpleRedemptionRewardResult` is `oneOf` three objects with no required key, so any value matches several.
 * The objects are left open, and the parameters are `anyOf`.
 */
function withoutUnsatisfiable(components: any): any {
  const order = components.schemas.OrderCalculated;
  for (const part of order?.allOf ?? []) delete part.additionalProperties;
  delete components.schemas.OrderCalculatedBase?.additionalProperties;
  const params = components.schemas.SimpleRedemptionRewardResult?.properties?.parameters;
  if (params?.oneOf) {
    params.anyOf = params.oneOf;
    delete params.oneOf;
  }
  return components;
}

/**
 * The reference mixes OpenAPI 3.0's `nullable` into a 3.1 document; turn it into JSON Schema's type lists.
 * Vouchsafe's contract for event data is the schema with every key present, `null` where there is no value
 * (README, "Compatibility notes"), so a key the schema does not require also accepts null.
 */
function oas30ToJsonSchema(node: any): any {
  if (Array.isArray(node)) return node.map(oas30ToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  for (const k of Object.keys(node)) node[k] = oas30ToJsonSchema(node[k]);
  // `additionalProperties: false` on one member of an `allOf` refuses the keys the other members define
  // (OrderCalculated closes its second half, so no order at all conforms); read the members as one object.
  if (Array.isArray(node.allOf))
    for (const m of node.allOf) if (m && m.additionalProperties === false) delete m.additionalProperties;
  if (node.properties && typeof node.properties === 'object') {
    const required = new Set<string>(Array.isArray(node.required) ? node.required : []);
    for (const [k, v] of Object.entries<any>(node.properties))
      if (!required.has(k)) node.properties[k] = { anyOf: [v, { type: 'null' }] };
  }
  if (node.nullable === true) {
    // A composed schema (`destination_voucher` is `type: object` with an `allOf`) admits null only outside it.
    if (node.$ref || node.allOf || node.oneOf || node.anyOf) {
      const { nullable: _n, ...rest } = node;
      return { anyOf: [rest, { type: 'null' }] };
    }
    if (typeof node.type === 'string') node.type = [node.type, 'null'];
    else if (Array.isArray(node.type) && !node.type.includes('null')) node.type.push('null');
    if (Array.isArray(node.enum) && !node.enum.includes(null)) node.enum.push(null);
  }
  delete node.nullable;
  return node;
}
