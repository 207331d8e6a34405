import { Type } from '@sinclair/typebox';
import { sampleCampaignRow, SimpleCampaignOut, sampleSimpleCampaign } from '../campaigns/index.js';
import {
  CustomerOut,
  presentSimpleCustomer,
  SAMPLE_CUSTOMER_ROW,
  SimpleCustomerOut,
} from '../customers/index.js';
import { FreeObject } from '../platform/schemas.js';
import { SimpleVoucherOut, sampleVoucherRow } from '../vouchers/index.js';
import { declareEvent, SAMPLE_TIME } from '../webhooks/index.js';
import {
  type PublicationJson,
  type PublicationView,
  presentEventPublication,
  simpleVouchersOf,
} from './publication.presenter.js';

const Time = () => Type.String({ format: 'date-time' });

/** `ListPublicationsItemBase` (`presentEventPublication`): the publication as events carry it. */
export const PublicationEventOut = Type.Unsafe<PublicationJson>(
  Type.Object({
    id: Type.String(),
    object: Type.Literal('publication'),
    created_at: Time(),
    customer_id: Type.String(),
    tracking_id: Type.Optional(Type.String()),
    metadata: FreeObject,
    channel: Type.String(),
    source_id: Type.Union([Type.String(), Type.Null()]),
    result: Type.Literal('SUCCESS'),
    customer: Type.Union([CustomerOut, Type.Object({ id: Type.String(), object: Type.Literal('customer') })]),
    vouchers: Type.Optional(Type.Array(Type.String())),
    vouchers_id: Type.Array(Type.String()),
  }),
);

/** The sample publication: the sample voucher of the sample campaign, given to the sample customer. */
function sampleView(): PublicationView {
  const customer = { ...SAMPLE_CUSTOMER_ROW };
  const voucher = {
    ...sampleVoucherRow(),
    holder_id: customer.id,
    publish_count: 1,
    updated_at: SAMPLE_TIME,
  };
  return {
    row: {
      id: 'pub_sample000000000000000000000',
      project_id: customer.project_id,
      campaign_id: sampleCampaignRow().id,
      customer_id: customer.id,
      tracking_id: customer.source_id,
      source_id: 'sample-publication',
      channel: 'API',
      metadata: '{}',
      result: 'SUCCESS',
      voucher_type: 'DISCOUNT_VOUCHER',
      is_referral_code: 0,
      created_at: SAMPLE_TIME,
    },
    customer,
    vouchers: [{ row: voucher, campaignName: sampleCampaignRow().name }],
  };
}

export const PublicationSucceeded = declareEvent(
  'publication.succeeded',
  () =>
    Type.Object({
      customer: Type.Optional(SimpleCustomerOut),
      campaign: Type.Optional(SimpleCampaignOut),
      publication: PublicationEventOut,
      voucher: Type.Optional(SimpleVoucherOut),
      vouchers: Type.Array(SimpleVoucherOut),
      user: Type.Null(),
    }),
  () => {
    const v = sampleView();
    const vouchers = simpleVouchersOf(v);
    return {
      data: {
        customer: presentSimpleCustomer(v.customer!),
        campaign: sampleSimpleCampaign(),
        publication: presentEventPublication(v),
        voucher: vouchers[0],
        vouchers,
        user: null,
      },
      entityId: v.row.id,
    };
  },
);

export const VoucherPublished = declareEvent(
  'voucher.published',
  () =>
    Type.Object({
      customer: Type.Optional(SimpleCustomerOut),
      campaign: Type.Optional(SimpleCampaignOut),
      publication: PublicationEventOut,
      voucher: SimpleVoucherOut,
      created_at: Time(),
    }),
  () => {
    const v = sampleView();
    return {
      data: {
        customer: presentSimpleCustomer(v.customer!),
        campaign: sampleSimpleCampaign(),
        publication: presentEventPublication(v),
        voucher: simpleVouchersOf(v)[0]!,
        created_at: new Date(SAMPLE_TIME).toISOString(),
      },
      entityId: v.vouchers[0]!.row.id,
    };
  },
);

/** Every event type the publications context fires. */
export const PUBLICATION_EVENTS = [PublicationSucceeded, VoucherPublished] as const;
