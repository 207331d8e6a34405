import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifySchema } from 'fastify';

/** The credentials a route takes, as OpenAPI security requirements (`/openapi.json` lists them per route). */
export const SECURITY = {
  app: [{ 'X-App-Id': [], 'X-App-Token': [] }],
  client: [{ 'X-Client-Application-Id': [], 'X-Client-Token': [] }],
  management: [{ 'X-Management-Id': [], 'X-Management-Token': [] }],
  none: [],
} as const;

/**
 * Route options of one group of routes: every route gets the group's OpenAPI tag and security, and its own
 * schema (params, querystring, body, response, …). `const route = routeGroup('Campaigns', 'app')`, then
 * `app.post('/campaigns', route({ body, response }), handler)`.
 */
export function routeGroup(tag: string, auth: keyof typeof SECURITY) {
  const base = { tags: [tag], security: [...SECURITY[auth]] };
  return <S extends FastifySchema>(schema: S) => ({ schema: { ...base, ...schema } });
}

/** A list answer in Voucherify's shape (`ListOut` in `platform/schemas.ts` is its schema). */
export function presentList<K extends string, T>(dataRef: K, items: T[], total: number = items.length) {
  const list = { object: 'list' as const, data_ref: dataRef, [dataRef]: items, total };
  return list as { object: 'list'; data_ref: K; total: number } & Record<K, T[]>;
}

/**
 * A list paged by cursor (`starting_after_id`): `has_more`, and the id to continue after when there is more.
 * `total` only where the list counts its items.
 */
interface CursorList<T> {
  object: 'list';
  data_ref: 'data';
  data: T[];
  has_more: boolean;
  more_starting_after?: string;
}
export function presentCursorList<T extends object>(data: T[], hasMore: boolean): CursorList<T>;
export function presentCursorList<T extends object>(
  data: T[],
  hasMore: boolean,
  total: number,
): CursorList<T> & { total: number };
export function presentCursorList<T extends object>(data: T[], hasMore: boolean, total?: number) {
  const last = hasMore ? (data[data.length - 1] as { id?: unknown }).id : undefined;
  return {
    object: 'list' as const,
    data_ref: 'data' as const,
    data,
    ...(total !== undefined ? { total } : {}),
    has_more: hasMore,
    ...(typeof last === 'string' ? { more_starting_after: last } : {}),
  };
}

/** The response of a route that answers 204 with no body. */
export const NO_CONTENT = { 204: Type.Null() };

/** Waits for the work, then answers 204 with no body. */
export async function replyNoContent(reply: FastifyReply, work: Promise<unknown>) {
  await work;
  return reply.code(204).send(null);
}

/** Answers 202 with the id of the async action that does the work. */
export function replyAccepted(reply: FastifyReply, action: { id: string }) {
  return reply.code(202).send({ async_action_id: action.id });
}
