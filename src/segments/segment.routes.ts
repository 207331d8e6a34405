import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { NO_CONTENT, presentList, replyNoContent, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentSegment, presentSimpleSegment } from './segment.presenter.js';
import {
  CustomerSegmentsOut,
  CustomerSegmentsParams,
  SegmentCreateIn,
  SegmentOut,
  SegmentParams,
} from './segment.schemas.js';
import * as svc from './segment.service.js';

const route = routeGroup('Segments', 'app');

/** `/v1/segments` and `GET /v1/customers/{id}/segments`. Auth (application keys) is set by the caller. */
export function segmentRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/segments',
      route({ body: SegmentCreateIn, response: { 200: SegmentOut, ...errorResponses(404) } }),
      async (req) => presentSegment(await svc.createSegment(ctx, requestCaller(req), req.body)),
    );

    app.get(
      '/segments/:segmentId',
      route({ params: SegmentParams, response: { 200: SegmentOut } }),
      async (req) =>
        presentSegment(await svc.getSegment(ctx, requestCaller(req).projectId, req.params.segmentId)),
    );

    app.delete(
      '/segments/:segmentId',
      route({ params: SegmentParams, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(reply, svc.deleteSegment(ctx, requestCaller(req).projectId, req.params.segmentId)),
    );

    app.get(
      '/customers/:customerId/segments',
      route({ params: CustomerSegmentsParams, response: { 200: CustomerSegmentsOut } }),
      async (req) => {
        const rows = await svc.listSegmentsOfCustomer(
          ctx,
          requestCaller(req).projectId,
          req.params.customerId,
        );
        const data = rows.map(presentSimpleSegment);
        return presentList('data', data);
      },
    );
  };
}
