import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { nestQuery } from '../platform/http/nested-query.js';
import { errorResponses } from '../platform/http/openapi.js';
import { presentList, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { listPublications } from './publication-list.service.js';
import { presentCreatedPublication, presentListedPublication } from './publication.presenter.js';
import {
  ClientPublishIn,
  ClientPublishQuery,
  JoinOnceQuery,
  PublicationCreateIn,
  PublicationCreateQuery,
  PublicationListOut,
  PublicationListQuery,
  PublicationOut,
} from './publication.schemas.js';
import { type PublishIn, publish } from './publication.service.js';

const route = routeGroup('Publications', 'app');
const clientRoute = routeGroup('Publications', 'client');
/** A campaign, voucher or customer the request names may not exist; an AUTO_UPDATE top-up may find no free code. */
const created = { 200: PublicationOut, ...errorResponses(404, 409) };

/** Deep-object query parameters (`customer[source_id]=…`) become objects before the schema checks them. */
const nested = async (req: FastifyRequest) => {
  req.query = nestQuery(req.query as Record<string, unknown>);
};

/** `/v1/publications`. Auth (application keys) is set by the caller. */
export function publicationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/publications',
      route({ querystring: JoinOnceQuery, body: PublicationCreateIn, response: created }),
      async (req) => {
        const input: PublishIn = { ...req.body, join_once: req.query.join_once ?? req.body.join_once };
        return presentCreatedPublication(await publish(ctx, requestCaller(req), input));
      },
    );

    app.get(
      '/publications/create',
      {
        preValidation: nested,
        ...route({
          description:
            'Publishes one voucher; the parameters are deep-object query parameters (campaign[name]=…)',
          querystring: PublicationCreateQuery,
          response: created,
        }),
      },
      async (req) => presentCreatedPublication(await publish(ctx, requestCaller(req), req.query, 1)),
    );

    app.get(
      '/publications',
      {
        preValidation: nested,
        ...route({ querystring: PublicationListQuery, response: { 200: PublicationListOut } }),
      },
      async (req) => {
        const { views, total } = await listPublications(ctx, requestCaller(req).projectId, req.query);
        return presentList('publications', views.map(presentListedPublication), total);
      },
    );
  };
}

/** `/client/v1/publish`: one voucher per request, to the customer in the body. Auth (client keys) is set by the caller. */
export function clientPublicationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/publish',
      clientRoute({
        description: 'Publishes one voucher of the campaign named in the query string (or the body)',
        querystring: ClientPublishQuery,
        body: ClientPublishIn,
        response: created,
      }),
      async (req) => {
        const input: PublishIn = {
          ...req.body,
          campaign: req.query.campaign ?? req.body.campaign,
          voucher: req.query.voucher ?? req.body.voucher,
          join_once: req.query.join_once,
        };
        return presentCreatedPublication(await publish(ctx, requestCaller(req), input, 1));
      },
    );
  };
}
