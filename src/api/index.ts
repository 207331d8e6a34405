import { asyncActionRoutes } from '../async-actions/index.js';
import { campaignRoutes } from '../campaigns/index.js';
import { clientCustomerRoutes, customerRoutes } from '../customers/index.js';
import {
  clientCustomEventRoutes,
  customEventRoutes,
  earningRuleRoutes,
  pendingPointsRoutes,
} from '../earning-rules/index.js';
import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import { loyaltyRoutes } from '../loyalties/index.js';
import { orderRoutes } from '../orders/index.js';
import { productRoutes } from '../products/index.js';
import { promotionRoutes } from '../promotions/index.js';
import { clientQualificationRoutes, qualificationRoutes } from '../qualifications/index.js';
import { segmentRoutes } from '../segments/index.js';
import { validationRuleRoutes } from '../validation-rules/index.js';
import { clientPublicationRoutes, publicationRoutes } from '../publications/index.js';
import { clientRedemptionRoutes, readRedemptionCounts, redemptionRoutes } from '../redemptions/index.js';
import { referralRoutes } from '../referrals/index.js';
import { rewardRoutes } from '../rewards/index.js';
import { clientValidationRoutes, validationRoutes } from '../validations/index.js';
import { giftCardRoutes, voucherRoutes } from '../vouchers/index.js';
import {
  clientPreflight,
  clientKeyRoutes as projectClientKeyRoutes,
  requireApp,
  requireClient,
} from '../projects/index.js';

/*
 * Conventions every /v1 context follows:
 * - the routes call `requestCaller(req)` for the project, the request id (`group_id` of the events it
 *   records) and the event source (`API` here, `CLIENT_API` under /client/v1, with the key's name and id);
 * - lists answer `{object: "list", data_ref, <data_ref>: [...], total}` with Voucherify's array key;
 * - timestamps are ISO 8601 with milliseconds; errors come from AppError factories in `<context>.errors.ts`.
 */

/** `/v1`: the Voucherify-compatible API, authenticated by application keys. Registered with prefix /v1. */
export function v1Plugin(ctx: AppContext) {
  return async (app: App) => {
    app.addHook('onRequest', requireApp(ctx));
    await app.register(customerRoutes(ctx));
    await app.register(campaignRoutes(ctx));
    await app.register(voucherRoutes(ctx));
    await app.register(asyncActionRoutes(ctx));
    await app.register(validationRuleRoutes(ctx));
    await app.register(segmentRoutes(ctx));
    await app.register(publicationRoutes(ctx));
    await app.register(validationRoutes(ctx, readRedemptionCounts(ctx.db.kysely)));
    await app.register(productRoutes(ctx));
    await app.register(orderRoutes(ctx));
    await app.register(giftCardRoutes(ctx));
    await app.register(redemptionRoutes(ctx));
    await app.register(rewardRoutes(ctx));
    await app.register(referralRoutes(ctx));
    await app.register(loyaltyRoutes(ctx));
    await app.register(earningRuleRoutes(ctx));
    await app.register(pendingPointsRoutes(ctx));
    await app.register(customEventRoutes(ctx));
    await app.register(promotionRoutes(ctx, readRedemptionCounts(ctx.db.kysely)));
    await app.register(qualificationRoutes(ctx, readRedemptionCounts(ctx.db.kysely)));
  };
}

/** `/client/v1`: the client-side API, authenticated by client keys and allowed origins. */
export function clientV1Plugin(ctx: AppContext) {
  return async (app: App) => {
    const authenticate = requireClient(ctx);
    app.options('/*', { schema: { hide: true } }, clientPreflight);
    app.addHook('onRequest', async (req, reply) => {
      if (req.method !== 'OPTIONS') await authenticate(req, reply);
    });
    await app.register(clientCustomerRoutes(ctx));
    await app.register(clientPublicationRoutes(ctx));
    await app.register(clientValidationRoutes(ctx, readRedemptionCounts(ctx.db.kysely)));
    await app.register(clientRedemptionRoutes(ctx));
    await app.register(clientCustomEventRoutes(ctx));
    await app.register(clientQualificationRoutes(ctx, readRedemptionCounts(ctx.db.kysely)));
  };
}

/** Management routes for client keys (`/management/v1/projects/{projectId}/client-keys`). */
export function clientKeyRoutes(ctx: AppContext) {
  return projectClientKeyRoutes(ctx);
}
