import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentValidation, presentVoucherValidation } from './validation.presenter.js';
import {
  StackableValidationIn,
  ValidateParams,
  ValidationOut,
  VoucherValidationIn,
} from './validation.schemas.js';
import type { RedemptionCounts } from './validation.rules.js';
import { validate, validateVoucher } from './validation.service.js';

const route = routeGroup('Validations', 'app');
const clientRoute = routeGroup('Validations', 'client');

/** The customer or the order the body names may not exist. */
const stackable = {
  description: 'Validates up to 30 redeemables against an order and customer; writes nothing',
  body: StackableValidationIn,
  response: { 200: ValidationOut, ...errorResponses(404) },
};

/**
 * `/v1/validations` and the legacy `/v1/vouchers/{code}/validate`. Auth (application keys) is set by the
 * caller; so are the redemption counts the rules read (the redemptions context keeps them).
 */
export function validationRoutes(ctx: AppContext, counts: RedemptionCounts) {
  return async (app: App) => {
    app.post('/validations', route(stackable), async (req) => {
      const caller = requestCaller(req);
      return presentValidation(
        await validate(ctx, caller, req.body, counts),
        caller.requestId,
        req.body.options?.expand,
      );
    });

    app.post(
      '/vouchers/:code/validate',
      route({
        description: 'Validates one voucher (legacy); writes nothing',
        params: ValidateParams,
        body: VoucherValidationIn,
        response: { 200: ValidationOut },
      }),
      async (req) => {
        const caller = requestCaller(req);
        const v = await validateVoucher(ctx, caller, req.params.code, req.body ?? {}, counts);
        return presentVoucherValidation(v, caller.requestId);
      },
    );
  };
}

/** `/client/v1/validations`: the stackable validation with client keys. Auth is set by the caller. */
export function clientValidationRoutes(ctx: AppContext, counts: RedemptionCounts) {
  return async (app: App) => {
    app.post('/validations', clientRoute(stackable), async (req) => {
      const caller = requestCaller(req);
      return presentValidation(
        await validate(ctx, caller, req.body, counts),
        caller.requestId,
        req.body.options?.expand,
      );
    });
  };
}
