import type { AppContext } from '../platform/context.js';
import {
  NO_CONTENT,
  presentList,
  replyAccepted,
  replyNoContent,
  routeGroup,
} from '../platform/http/route.js';
import type { App } from '../platform/http/server.js';
import { AsyncActionIdOut } from '../platform/schemas.js';
import { documentedBody, errorResponses } from '../platform/http/openapi.js';
import { requestCaller } from '../projects/index.js';
import { fillAssignments } from '../validation-rules/index.js';
import { presentVoucher } from './voucher.presenter.js';
import {
  AddVouchersQuery,
  CampaignCodeParams,
  CampaignParams,
  CampaignVoucherDoc,
  CampaignVoucherIn,
  DeleteQuery,
  ImportDoc,
  ImportIn,
  VoucherCreateDoc,
  VoucherCreateIn,
  VoucherListOut,
  VoucherListQuery,
  VoucherOut,
  VoucherParams,
  VoucherUpdateDoc,
  VoucherUpdateIn,
} from './voucher.schemas.js';
import * as svc from './voucher.service.js';
import * as campaignSvc from './voucher-campaign.service.js';

const route = routeGroup('Vouchers', 'app');
// The routes that add vouchers to a campaign are documented with the campaigns, as Voucherify does.
const campaignRoute = routeGroup('Campaigns', 'app');

/** `/v1/vouchers`, and the campaign routes that add vouchers (`/v1/campaigns/{id}/vouchers`, `/import`). */
export function voucherRoutes(ctx: AppContext) {
  return async (app: App) => {
    // The SDK's vouchers.create without a code posts to `/v1/vouchers/`; the server ignores trailing slashes.
    app.post(
      '/vouchers',
      {
        ...route({ body: VoucherCreateIn, response: { 200: VoucherOut, ...errorResponses(404, 409) } }),
        config: documentedBody(VoucherCreateDoc),
      },
      async (req) =>
        svc.voucherJson(ctx.db.kysely, await svc.createVoucher(ctx, requestCaller(req), req.body)),
    );

    app.post(
      '/vouchers/:code',
      {
        ...route({
          params: VoucherParams,
          body: VoucherCreateIn,
          response: { 200: VoucherOut, ...errorResponses(409) },
        }),
        config: documentedBody(VoucherCreateDoc),
      },
      async (req) =>
        svc.voucherJson(
          ctx.db.kysely,
          await svc.createVoucher(ctx, requestCaller(req), req.body ?? {}, req.params.code),
        ),
    );

    app.get(
      '/vouchers',
      route({ querystring: VoucherListQuery, response: { 200: VoucherListOut } }),
      async (req) => {
        const { projectId } = requestCaller(req);
        const { rows, total, names } = await svc.listVouchers(ctx, projectId, req.query);
        const vouchers = rows.map((r) =>
          presentVoucher(r, r.campaign_id ? (names.get(r.campaign_id) ?? null) : null),
        );
        await fillAssignments(ctx.db.kysely, projectId, vouchers);
        return presentList('vouchers', vouchers, total);
      },
    );

    app.get('/vouchers/:code', route({ params: VoucherParams, response: { 200: VoucherOut } }), async (req) =>
      svc.voucherJson(
        ctx.db.kysely,
        await svc.getVoucher(ctx, requestCaller(req).projectId, req.params.code),
      ),
    );

    app.put(
      '/vouchers/:code',
      {
        ...route({ params: VoucherParams, body: VoucherUpdateIn, response: { 200: VoucherOut } }),
        config: documentedBody(VoucherUpdateDoc),
      },
      async (req) =>
        svc.voucherJson(
          ctx.db.kysely,
          await svc.updateVoucher(ctx, requestCaller(req), req.params.code, req.body),
        ),
    );

    app.delete(
      '/vouchers/:code',
      route({ params: VoucherParams, querystring: DeleteQuery, response: NO_CONTENT }),
      async (req, reply) =>
        replyNoContent(
          reply,
          svc.deleteVoucher(ctx, requestCaller(req), req.params.code, req.query.force === true),
        ),
    );

    for (const [verb, active] of [
      ['enable', true],
      ['disable', false],
    ] as const) {
      app.post(
        `/vouchers/:code/${verb}`,
        route({ params: VoucherParams, response: { 200: VoucherOut } }),
        async (req) =>
          svc.voucherJson(
            ctx.db.kysely,
            await svc.setVoucherActive(ctx, requestCaller(req), req.params.code, active),
          ),
      );
    }

    app.post(
      '/vouchers/:code/restore',
      route({
        description: 'Restores a voucher from the bin (our extension)',
        params: VoucherParams,
        response: { 200: VoucherOut },
      }),
      async (req) =>
        svc.voucherJson(ctx.db.kysely, await svc.restoreVoucher(ctx, requestCaller(req), req.params.code)),
    );

    app.post(
      '/campaigns/:campaignId/vouchers',
      {
        ...campaignRoute({
          params: CampaignParams,
          querystring: AddVouchersQuery,
          body: CampaignVoucherIn,
          response: { 200: VoucherOut, 202: AsyncActionIdOut, ...errorResponses(409) },
        }),
        config: documentedBody(CampaignVoucherDoc),
      },
      async (req, reply) => {
        const out = await campaignSvc.addCampaignVouchers(
          ctx,
          requestCaller(req),
          req.params.campaignId,
          req.body ?? {},
          req.query.vouchers_count ?? 1,
        );
        if ('action' in out) return replyAccepted(reply, out.action);
        return svc.voucherJson(ctx.db.kysely, out.voucher);
      },
    );

    app.post(
      '/campaigns/:campaignId/vouchers/:code',
      {
        ...campaignRoute({
          params: CampaignCodeParams,
          body: CampaignVoucherIn,
          response: { 200: VoucherOut, ...errorResponses(409) },
        }),
        config: documentedBody(CampaignVoucherDoc),
      },
      async (req) =>
        svc.voucherJson(
          ctx.db.kysely,
          await campaignSvc.addCampaignVoucherWithCode(
            ctx,
            requestCaller(req),
            req.params.campaignId,
            req.params.code,
            req.body ?? {},
          ),
        ),
    );

    app.post(
      '/campaigns/:campaignId/import',
      {
        ...campaignRoute({ params: CampaignParams, body: ImportIn, response: { 202: AsyncActionIdOut } }),
        config: documentedBody(ImportDoc),
      },
      async (req, reply) => {
        const action = await campaignSvc.importCampaignVouchers(
          ctx,
          requestCaller(req),
          req.params.campaignId,
          req.body,
        );
        return replyAccepted(reply, action);
      },
    );
  };
}
