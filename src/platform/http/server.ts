import cookie from '@fastify/cookie';
import swagger from '@fastify/swagger';
import { newAjv } from '../ajv.js';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, {
  LogController,
  type FastifyError,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import type { AppContext } from '../context.js';
import { isMigrated } from '../db/migrate.js';
import {
  AppError,
  isAppError,
  invalidPayload,
  invalidQueryParams,
  malformedJson,
  payloadTooLarge,
  routeNotFound,
} from '../errors.js';
import { newRequestId } from '../ids.js';
import { PATH_PARAM_MAX_CHARS } from '../schemas.js';
import { clientErrorHandler } from './client-errors.js';
import { findInputFault } from './input-guard.js';
import { serializeRequest } from './log-redaction.js';
import { documentErrorResponses } from './openapi.js';

/** Who made the request, once authenticated. */
export type Principal =
  | { kind: 'management'; managementId: string; via: 'key' | 'session' }
  | { kind: 'app'; projectId: string; appId: string; name: string }
  | { kind: 'client'; projectId: string; appId: string; name: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
}

export type App = FastifyInstance<
  import('node:http').Server,
  import('node:http').IncomingMessage,
  import('node:http').ServerResponse,
  import('fastify').FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const bodyAjv = newAjv(false);
const textAjv = newAjv('array');

export const BODY_LIMIT_BYTES = 1024 * 1024;
/**
 * The router's limit on one path parameter as it arrives, percent-encoded: the longest stored id or code,
 * at four UTF-8 bytes per character and three characters per byte. Longer is 414; anything shorter reaches
 * the route, whose schema holds the limit in characters.
 */
export const PATH_PARAM_MAX_ENCODED = PATH_PARAM_MAX_CHARS * 12;
const VERSION = '0.1.0';

/** Fastify with Voucherify's error shape, request ids, OpenAPI at /openapi.json and /docs, and health routes. */
export async function createHttpServer(ctx: AppContext): Promise<App> {
  const app = Fastify({
    // Request lines log the URL with credentials cut out of its query string (log-redaction.ts).
    loggerInstance: ctx.log.child({}, { serializers: { req: serializeRequest } }),
    genReqId: () => newRequestId(),
    logController: new LogController({ requestIdLogLabel: 'request_id' }),
    bodyLimit: BODY_LIMIT_BYTES,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: PATH_PARAM_MAX_ENCODED },
    return503OnClosing: true,
    // Errors the router meets (bad percent-encoding, over-long parameters) and those of Node's parser.
    frameworkErrors: (err, req, reply) => renderError(err, req, reply),
    clientErrorHandler,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // `__proto__` keys and `constructor.prototype` paths are refused (400), as prototype pollution attempts.
  // Clients such as the Voucherify SDK send `content-type: application/json` on every request, bodyless DELETEs
  // and POSTs included. An empty body is therefore "no body", not malformed JSON; a schema that needs a body
  // still refuses it as invalid_payload.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if (body === '') return done(null, undefined);
    return parseJson(req, body as string, done);
  });

  // Bodies are JSON and keep their types: `{"name": 123}` is an error, not the string "123". Query strings
  // and path parameters arrive as text, so they are coerced to the schema's types.
  app.setValidatorCompiler(({ schema, httpPart }) =>
    (httpPart === 'body' ? bodyAjv : textAjv).compile(schema),
  );
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (req, reply) => {
    reply.header('x-request-id', req.id);
  });
  // Before any schema: strings no database stores alike and nesting no serialiser survives (input-guard.ts).
  app.addHook('preValidation', async (req) => {
    // A request without a body, to a route whose body has no required field, sends the empty object: the
    // SDK posts nothing for calls such as `redemptions.rollbackStackable(id)`.
    if (req.body === undefined) {
      const body = req.routeOptions.schema?.body as { type?: unknown; required?: unknown[] } | undefined;
      if (body?.type === 'object' && !(body.required?.length ?? 0)) req.body = {};
    }
    const inParams = findInputFault(req.params, 'params');
    if (inParams) throw invalidPayload(inParams);
    const inQuery = findInputFault(req.query, 'querystring');
    if (inQuery) throw invalidQueryParams(inQuery);
    const inBody = findInputFault(req.body, 'body');
    if (inBody) throw invalidPayload(inBody);
  });

  app.setErrorHandler((err: FastifyError | AppError, req, reply) => renderError(err, req, reply));
  app.setNotFoundHandler((req, reply) =>
    renderError(routeNotFound(req.method, req.url.split('?')[0]), req, reply),
  );

  documentErrorResponses(app);
  // Cookies are parsed for every route (the dashboard session authenticates Management API requests).
  await app.register(cookie);
  await app.register(swagger, {
    // Shared schemas (the Error schema) appear under their $id in components.schemas.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Vouchsafe', version: VERSION, description: 'Voucherify-compatible promotions API' },
      components: {
        securitySchemes: {
          'X-App-Id': { type: 'apiKey', in: 'header', name: 'X-App-Id' },
          'X-App-Token': { type: 'apiKey', in: 'header', name: 'X-App-Token' },
          'X-Management-Id': { type: 'apiKey', in: 'header', name: 'X-Management-Id' },
          'X-Management-Token': { type: 'apiKey', in: 'header', name: 'X-Management-Token' },
          'X-Client-Application-Id': { type: 'apiKey', in: 'header', name: 'X-Client-Application-Id' },
          'X-Client-Token': { type: 'apiKey', in: 'header', name: 'X-Client-Token' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_req, reply) => {
    try {
      if (await isMigrated(ctx.db.kysely)) return { status: 'ready' };
      return reply.code(503).send({ status: 'migrations pending' });
    } catch (e) {
      return reply.code(503).send({ status: 'database unreachable', details: (e as Error).message });
    }
  });
  return app;
}

function renderError(err: FastifyError | AppError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appErr = toAppError(err);
  if (appErr.status >= 500) req.log.error({ err }, 'request failed');
  // Router errors skip the onRequest hooks, which set it otherwise.
  reply.header('x-request-id', req.id);
  const body: Record<string, unknown> = {
    code: appErr.status,
    key: appErr.key,
    message: appErr.message,
    details: appErr.details ?? appErr.message,
    request_id: req.id,
  };
  if (appErr.resourceId) body.resource_id = appErr.resourceId;
  if (appErr.resourceType) body.resource_type = appErr.resourceType;
  if (appErr.ruleError) body.error = appErr.ruleError;
  return reply.code(appErr.status).type('application/json').send(body);
}

function toAppError(err: FastifyError | AppError): AppError {
  if (isAppError(err)) return err;
  const fe = err as FastifyError;
  if (fe.validation) {
    const first = fe.validation[0];
    const where = fe.validationContext ?? 'body';
    const missing = (first?.params as { missingProperty?: string } | undefined)?.missingProperty;
    const path = (first?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    const field = [path, missing].filter(Boolean).join('.') || where;
    const msg = missing ? `${field} is required` : `${field} ${first?.message ?? 'is invalid'}`;
    return where === 'querystring' ? invalidQueryParams(msg) : invalidPayload(msg);
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return payloadTooLarge(BODY_LIMIT_BYTES);
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return malformedJson(fe.message);
    case 'FST_ERR_BAD_URL':
      return new AppError(400, 'invalid_url', 'Invalid URL', {
        details: 'The URL path is not valid percent-encoding of UTF-8 text',
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError(414, 'uri_too_long', 'URI too long', {
        details: `A path parameter is longer than ${PATH_PARAM_MAX_ENCODED} characters as sent; no stored id or code is that long`,
      });
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(415, 'unsupported_media_type', 'Unsupported media type', { details: fe.message });
  }
  if (fe instanceof SyntaxError) return malformedJson(fe.message);
  const status = fe.statusCode ?? 500;
  if (status >= 400 && status < 500) return new AppError(status, 'bad_request', fe.message);
  // 5xx: the message is masked; the cause stays in the log.
  return new AppError(500, 'internal_error', 'Internal server error', {
    details: 'An unexpected error occurred; the request id identifies it in the logs',
    cause: err,
  });
}
