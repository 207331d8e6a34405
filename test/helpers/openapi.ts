import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { TestApp } from './app.js';

/** The served OpenAPI document, as a client generator or a fuzzer reads it. */
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas?: Record<string, any> };
}

export interface Operation {
  security?: unknown[];
  parameters?: { in: string; name: string }[];
  requestBody?: { content: Record<string, { schema: any }> };
  responses: Record<string, { description?: string; content?: Record<string, { schema: any }> }>;
}

export async function servedDocument(t: TestApp): Promise<OpenApiDoc> {
  const res = await t.vs.app.inject({ method: 'GET', url: '/openapi.json' });
  if (res.statusCode !== 200) throw new Error(`GET /openapi.json answered ${res.statusCode}`);
  return res.json() as OpenApiDoc;
}

/** Every operation of the document as [METHOD, path, operation]. */
export function operations(doc: OpenApiDoc): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([m, op]) => [m.toUpperCase(), path, op] as [string, string, Operation]),
  );
}

export function refResolver(doc: OpenApiDoc) {
  return (ref: string) => {
    const name = ref.replace('#/components/schemas/', '');
    const s = doc.components.schemas?.[name];
    if (!s) throw new Error(`unresolved $ref ${ref}`);
    return s;
  };
}

/** A document schema as JSON Schema: `$ref`s inlined, and OpenAPI 3.0's `nullable: true` turned into "or null". */
export function toJsonSchema(node: unknown, doc: OpenApiDoc): unknown {
  if (Array.isArray(node)) return node.map((n) => toJsonSchema(n, doc));
  if (node === null || typeof node !== 'object') return node;
  const s = node as Record<string, any>;
  if (typeof s.$ref === 'string') return toJsonSchema(refResolver(doc)(s.$ref), doc);
  const out: Record<string, any> = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === 'nullable') continue;
    // Map-like keywords hold schemas by name; `enum` and `required` hold data.
    if (k === 'properties')
      out[k] = Object.fromEntries(Object.entries(v as object).map(([p, ps]) => [p, toJsonSchema(ps, doc)]));
    else if (k === 'enum' || k === 'required' || k === 'default' || k === 'example') out[k] = v;
    else out[k] = toJsonSchema(v, doc);
  }
  if (s.nullable === true) {
    if (out.type !== undefined) out.type = [...[out.type].flat(), 'null'];
    if (out.enum && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);

/** A validator of a document schema, with the semantics of JSON Schema (draft-07, formats checked). */
export function validatorOf(schema: unknown, doc: OpenApiDoc): ValidateFunction {
  return ajv.compile(toJsonSchema(schema, doc) as object);
}

/** The JSON request body schema of an operation. */
export function requestSchema(op: Operation): unknown {
  const s = op.requestBody?.content['application/json']?.schema;
  if (!s) throw new Error('the operation documents no JSON request body');
  return s;
}

/** The statuses at or above 400 that an operation documents. */
export function errorStatuses(op: Operation): number[] {
  return Object.keys(op.responses)
    .map(Number)
    .filter((s) => s >= 400);
}
