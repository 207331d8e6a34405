import type { AppContext } from '../platform/context.js';
import { presentCursorList, routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import {
  BalanceIn,
  BalanceOut,
  GiftCodeParams,
  TransactionListOut,
  TransactionListQuery,
} from './voucher-gift.schemas.js';
import * as svc from './voucher-gift.service.js';

const route = routeGroup('Vouchers', 'app');

/** `POST /v1/vouchers/{code}/balance` and `GET /v1/vouchers/{code}/transactions`. */
export function giftCardRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/vouchers/:code/balance',
      route({ params: GiftCodeParams, body: BalanceIn, response: { 200: BalanceOut } }),
      async (req) => svc.changeGiftBalance(ctx, requestCaller(req), req.params.code, req.body),
    );

    app.get(
      '/vouchers/:code/transactions',
      route({
        params: GiftCodeParams,
        querystring: TransactionListQuery,
        response: { 200: TransactionListOut },
      }),
      async (req) => {
        const { data, hasMore } = await svc.listGiftTransactions(
          ctx,
          requestCaller(req).projectId,
          req.params.code,
          req.query,
        );
        return presentCursorList(data, hasMore);
      },
    );
  };
}
