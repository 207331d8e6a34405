import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import type { RedemptionCounts } from '../validations/index.js';
import { QualificationIn, QualificationOut } from './qualification.schemas.js';
import { qualify } from './qualification.service.js';

const route = routeGroup('Qualifications', 'app');
const clientRoute = routeGroup('Qualifications', 'client');

const schema = {
  description:
    'Which vouchers the customer holds and which promotion tiers and stacks apply to the order, with the discount each would give; writes nothing',
  body: QualificationIn,
  response: { 200: QualificationOut, ...errorResponses(404) },
};

/** `/v1/qualifications`. Auth (application keys) is set by the caller. */
export function qualificationRoutes(ctx: AppContext, counts: RedemptionCounts) {
  return async (app: App) => {
    app.post('/qualifications', route(schema), async (req) =>
      qualify(ctx, requestCaller(req), req.body, counts),
    );
  };
}

/** `/client/v1/qualifications`. Auth (client keys) is set by the caller. */
export function clientQualificationRoutes(ctx: AppContext, counts: RedemptionCounts) {
  return async (app: App) => {
    app.post('/qualifications', clientRoute(schema), async (req) =>
      qualify(ctx, requestCaller(req), req.body, counts),
    );
  };
}
