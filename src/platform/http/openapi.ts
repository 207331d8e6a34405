import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { INPUT_MAX_DEPTH, OBJECT_MAX_KEYS } from '../schemas.js';

/**
 * What the OpenAPI document (3.1, served at /openapi.json) says beyond the routes' validation schemas:
 * - error responses: every route lists the error statuses it can answer, each with one shared `Error`
 *   schema, the body the error handler renders (`server.ts` `renderError`). Fastify also serialises error
 *   bodies with these schemas, so the schema lists every key the handler may send;
 * - documented request bodies (`documentedBody`), which state the rules the services check, and the schema
 *   helpers they are written with.
 */

export const ErrorOut = Type.Object(
  {
    code: Type.Integer({ description: 'The HTTP status', minimum: 400, maximum: 599 }),
    key: Type.String({
      description: 'Machine-readable reason, e.g. invalid_payload, not_found, duplicate_found',
    }),
    message: Type.String({ description: 'Short human-readable summary' }),
    details: Type.String({ description: 'What exactly is wrong, naming the field or the resource' }),
    request_id: Type.String({ description: 'Id of the request, also in the x-request-id header' }),
    resource_id: Type.Optional(Type.String({ description: 'Id of the resource the error is about' })),
    resource_type: Type.Optional(Type.String({ description: 'Type of the resource the error is about' })),
    error: Type.Optional(
      Type.Object(
        { message: Type.String() },
        { description: "A validation rule's own error message, when the failing rule has one" },
      ),
    ),
  },
  { $id: 'Error', additionalProperties: false, description: "Voucherify's error shape" },
);

/** What each status means on any route; a route may say more with its own description. */
const MEANINGS: Record<number, string> = {
  400:
    'Invalid request: malformed JSON, a field that breaks the documented rules, or input no route takes: ' +
    `a NUL character or a lone surrogate in a string, nesting deeper than ${INPUT_MAX_DEPTH} levels, an ` +
    `object of more than ${OBJECT_MAX_KEYS} keys`,
  401: 'Missing or invalid credentials',
  403: 'Forbidden: a dashboard session without its CSRF token',
  404: 'A resource of the path or the body does not exist',
  409: 'Conflicts with stored data: a duplicate, or a state that does not allow the change',
  413: 'The request body is larger than the body limit (1 MiB)',
  414: 'A path parameter is longer than any stored id, name or code',
  415: 'The request body is not application/json',
  422: 'Well-formed but cannot be processed',
  429: 'Too many requests',
};

const errorRef = (status: number) =>
  Type.Unsafe<Static<typeof ErrorOut>>({ $ref: 'Error#', description: MEANINGS[status] ?? 'Error' });

/**
 * Error responses for a route's `response`, for the statuses that depend on what the route does (409 for a
 * duplicate, 404 for a resource named in the body); the statuses every route of its kind answers are added
 * by `documentErrorResponses`.
 */
export function errorResponses<S extends number>(...statuses: S[]): Record<S, ReturnType<typeof errorRef>> {
  return Object.fromEntries(statuses.map((s) => [s, errorRef(s)])) as Record<S, ReturnType<typeof errorRef>>;
}

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** The statuses a route answers by its kind: its inputs, its credentials, its path, its body. */
export function genericErrorStatuses(route: Pick<RouteOptions, 'method' | 'url' | 'schema'>): number[] {
  const schema = (route.schema ?? {}) as Record<string, unknown>;
  const methods = [route.method].flat();
  const takesBody = methods.some((m) => BODY_METHODS.has(m));
  const out: number[] = [];
  // Bodies are parsed on these methods whatever the schema says, so malformed JSON is a 400 there too.
  if (schema.body || schema.querystring || schema.params || takesBody) out.push(400);
  if (Array.isArray(schema.security) && schema.security.length > 0) out.push(401);
  if (route.url.includes(':')) out.push(404, 414);
  if (takesBody) out.push(413, 415);
  return out;
}

/**
 * Registers the Error schema and adds error responses to every documented route registered afterwards, in
 * this instance and its plugins. Routes hidden from the document are left alone.
 */
export function documentErrorResponses(app: FastifyInstance): void {
  app.addSchema(ErrorOut);
  documentMoreErrors(app, genericErrorStatuses);
}

/**
 * Adds the error responses `statuses(route)` names to each documented route registered after it in `app`
 * and its plugins (the statuses a route lists itself are kept).
 */
export function documentMoreErrors(app: FastifyInstance, statuses: (route: RouteOptions) => number[]): void {
  app.addHook('onRoute', (route) => {
    const schema = route.schema as (Record<string, unknown> & { hide?: boolean }) | undefined;
    if (!schema || schema.hide) return;
    const response = { ...((schema.response as Record<string, unknown> | undefined) ?? {}) };
    for (const s of statuses(route)) response[s] ??= errorRef(s);
    // A new schema object rather than an edit: route options may share their schema objects.
    route.schema = { ...schema, response };
  });
}

/**
 * Route config that documents `body` as the request body in place of the validation schema. The validation
 * schema checks shapes and leaves the rules to the services, whose errors name the field and the rule; the
 * documented schema states those rules too (enums, ranges, which fields go with which type), so that clients
 * and fuzzers built from the document send bodies the server accepts. Rules JSON Schema cannot state are in
 * its descriptions.
 */
export function documentedBody(body: TSchema) {
  return {
    swaggerTransform: ({ schema, url }: { schema: unknown; url: string }) => ({
      schema: { ...(schema as object), body },
      url,
    }),
  };
}

/** A string of one of `values` (OpenAPI 3.0 `enum`); with `nullable`, null too. */
export const DocEnum = <T extends string>(
  values: readonly T[],
  opts: { nullable?: boolean; description?: string } = {},
) =>
  Type.Unsafe<T>({
    type: opts.nullable ? ['string', 'null'] : 'string',
    enum: opts.nullable ? [...values, null] : [...values],
    ...(opts.description ? { description: opts.description } : {}),
  });

/** A property that must be left out (`{not: {}}` matches no value). */
export const Absent = (description: string) => Type.Optional(Type.Unsafe<never>({ not: {}, description }));

/** Exactly one of `schemas` (OpenAPI `oneOf`), for shapes told apart by a type field. */
export const DocOneOf = <T extends TSchema[]>(schemas: [...T], opts: { description?: string } = {}) =>
  Type.Unsafe<Static<T[number]>>({ oneOf: schemas, ...opts });
