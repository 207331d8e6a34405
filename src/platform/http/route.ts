import type { FastifySchema } from 'fastify';

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
