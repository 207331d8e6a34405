import type { AppContext } from '../platform/context.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentValidation, presentVoucherValidation } from './validation.presenter.js';
import {
  StackableValidationIn,
  ValidateParams,
  ValidationOut,
  VoucherValidationIn,
} from './validation.schemas.js';
import { validate, validateVoucher } from './validation.service.js';

const tags = ['Validations'];
const security = [{ 'X-App-Id': [], 'X-App-Token': [] }];

const stackableSchema = {
  tags,
  description: 'Validates up to 30 redeemables against an order and customer; writes nothing',
  body: StackableValidationIn,
  response: { 200: ValidationOut },
};

/** `/v1/validations` and the legacy `/v1/vouchers/{code}/validate`. Auth (application keys) is set by the caller. */
export function validationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post('/validations', { schema: { ...stackableSchema, security } }, async (req) => {
      const caller = requestCaller(req);
      return presentValidation(
        await validate(ctx, caller, req.body),
        caller.requestId,
        req.body.options?.expand,
      );
    });

    app.post(
      '/vouchers/:code/validate',
      {
        schema: {
          tags,
          security,
          description: 'Validates one voucher (legacy); writes nothing',
          params: ValidateParams,
          body: VoucherValidationIn,
          response: { 200: ValidationOut },
        },
      },
      async (req) => {
        const caller = requestCaller(req);
        const v = await validateVoucher(ctx, caller, req.params.code, req.body ?? {});
        return presentVoucherValidation(v, caller.requestId);
      },
    );
  };
}

/** `/client/v1/validations`: the stackable validation with client keys. Auth is set by the caller. */
export function clientValidationRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post('/validations', { schema: stackableSchema }, async (req) => {
      const caller = requestCaller(req);
      return presentValidation(
        await validate(ctx, caller, req.body),
        caller.requestId,
        req.body.options?.expand,
      );
    });
  };
}
