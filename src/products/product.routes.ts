import { Type } from '@sinclair/typebox';
import type { AppContext } from '../platform/context.js';
import { errorResponses } from '../platform/http/openapi.js';
import { routeGroup } from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { requestCaller } from '../projects/index.js';
import { presentProduct, presentSku } from './product.presenter.js';
import {
  DeleteQuery,
  ProductCreateIn,
  ProductListOut,
  ProductListQuery,
  ProductOut,
  ProductParams,
  ProductSkuParams,
  ProductUpdateIn,
  SkuCreateIn,
  SkuListOut,
  SkuOut,
  SkuParams,
  SkuUpdateIn,
} from './product.schemas.js';
import * as svc from './product.service.js';

const route = routeGroup('Products', 'app');

/** `/v1/products` and `/v1/skus`. Auth (application keys) is set by the caller. */
export function productRoutes(ctx: AppContext) {
  return async (app: App) => {
    app.post(
      '/products',
      route({ body: ProductCreateIn, response: { 200: ProductOut, ...errorResponses(404, 409) } }),
      async (req) => presentProduct(await svc.upsertProduct(ctx, requestCaller(req).projectId, req.body)),
    );

    app.get(
      '/products',
      route({ querystring: ProductListQuery, response: { 200: ProductListOut } }),
      async (req) => {
        const { total, products } = await svc.listProducts(ctx, requestCaller(req).projectId, req.query);
        return {
          object: 'list',
          data_ref: 'products',
          products: products.map((p) => presentProduct(p.product, p.skus)),
          total,
        };
      },
    );

    app.get(
      '/products/:productId',
      route({ params: ProductParams, response: { 200: ProductOut } }),
      async (req) => {
        const { product, skus } = await svc.getProduct(
          ctx,
          requestCaller(req).projectId,
          req.params.productId,
        );
        return presentProduct(product, skus);
      },
    );

    app.put(
      '/products/:productId',
      route({
        params: ProductParams,
        body: ProductUpdateIn,
        response: { 200: ProductOut, ...errorResponses(409) },
      }),
      async (req) =>
        presentProduct(
          await svc.updateProduct(ctx, requestCaller(req).projectId, req.params.productId, req.body),
        ),
    );

    app.delete(
      '/products/:productId',
      route({ params: ProductParams, querystring: DeleteQuery, response: { 204: Type.Null() } }),
      async (req, reply) => {
        await svc.deleteProduct(ctx, requestCaller(req).projectId, req.params.productId);
        return reply.code(204).send(null);
      },
    );

    app.post(
      '/products/:productId/skus',
      route({
        params: ProductParams,
        body: SkuCreateIn,
        response: { 200: SkuOut, ...errorResponses(409) },
      }),
      async (req) =>
        presentSku(await svc.upsertSku(ctx, requestCaller(req).projectId, req.params.productId, req.body)),
    );

    app.get(
      '/products/:productId/skus',
      route({ params: ProductParams, response: { 200: SkuListOut } }),
      async (req) => {
        const skus = await svc.listSkus(ctx, requestCaller(req).projectId, req.params.productId);
        return { object: 'list', data_ref: 'skus', skus: skus.map(presentSku), total: skus.length };
      },
    );

    app.get(
      '/products/:productId/skus/:skuId',
      route({ params: ProductSkuParams, response: { 200: SkuOut } }),
      async (req) =>
        presentSku(
          await svc.getProductSku(ctx, requestCaller(req).projectId, req.params.productId, req.params.skuId),
        ),
    );

    app.put(
      '/products/:productId/skus/:skuId',
      route({
        params: ProductSkuParams,
        body: SkuUpdateIn,
        response: { 200: SkuOut, ...errorResponses(409) },
      }),
      async (req) =>
        presentSku(
          await svc.updateSku(
            ctx,
            requestCaller(req).projectId,
            req.params.productId,
            req.params.skuId,
            req.body,
          ),
        ),
    );

    app.delete(
      '/products/:productId/skus/:skuId',
      route({ params: ProductSkuParams, querystring: DeleteQuery, response: { 204: Type.Null() } }),
      async (req, reply) => {
        await svc.deleteSku(ctx, requestCaller(req).projectId, req.params.productId, req.params.skuId);
        return reply.code(204).send(null);
      },
    );

    app.get('/skus/:skuId', route({ params: SkuParams, response: { 200: SkuOut } }), async (req) =>
      presentSku(await svc.getSku(ctx, requestCaller(req).projectId, req.params.skuId)),
    );
  };
}
