import type { FastifyRequest } from 'fastify';
import type { AppContext } from '../platform/context.js';
import { nestQuery } from '../platform/http/nested-query.js';
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

const tags = ['Publications'];
const security = [{ 'X-App-Id': [], 'X-App-Token': [] }];

/** Deep-object query parameters (`customer[source_id]=…`) become objects before the schema checks them. */
const nested = async (req: FastifyRequest) => {
  req.query = nestQuery(req.query as Record<string, unknown>);
};

/** `/v1/publications`. Auth (application keys) is set by the caller. */
export function publicationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/publications',
      {
        schema: {
          tags,
          security,
          querystring: JoinOnceQuery,
          body: PublicationCreateIn,
          response: { 200: PublicationOut },
        },
      },
      async (req) => {
        const input: PublishIn = { ...req.body, join_once: req.query.join_once ?? req.body.join_once };
        return presentCreatedPublication(await publish(ctx, requestCaller(req), input));
      },
    );

    app.get(
      '/publications/create',
      {
        preValidation: nested,
        schema: {
          tags,
          security,
          description:
            'Publishes one voucher; the parameters are deep-object query parameters (campaign[name]=…)',
          querystring: PublicationCreateQuery,
          response: { 200: PublicationOut },
        },
      },
      async (req) => presentCreatedPublication(await publish(ctx, requestCaller(req), req.query, 1)),
    );

    app.get(
      '/publications',
      {
        preValidation: nested,
        schema: { tags, security, querystring: PublicationListQuery, response: { 200: PublicationListOut } },
      },
      async (req) => {
        const { views, total } = await listPublications(ctx, requestCaller(req).projectId, req.query);
        return {
          object: 'list' as const,
          data_ref: 'publications' as const,
          publications: views.map(presentListedPublication),
          total,
        };
      },
    );
  };
}

/** `/client/v1/publish`: one voucher per request, to the customer in the body. Auth (client keys) is set by the caller. */
export function clientPublicationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/publish',
      {
        schema: {
          tags,
          description: 'Publishes one voucher of the campaign named in the query string (or the body)',
          querystring: ClientPublishQuery,
          body: ClientPublishIn,
          response: { 200: PublicationOut },
        },
      },
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
