import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { FreeObject, ListOut, Metadata, NullableIn, OneOf, PageQuery } from '../platform/schemas.js';

/**
 * Request and response schemas of the publications API, after `api-publications.json`. Unknown keys are
 * ignored. `campaign` is a name or id, or `{name, count}`; `voucher` a code.
 */

const CampaignRefIn = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 600, description: 'Campaign name or id' }),
  count: Type.Optional(Type.Integer({ minimum: 1, description: 'Vouchers to publish, at most 20' })),
});

const TargetIn = {
  voucher: Type.Optional(Type.String({ minLength: 1, maxLength: 300, description: 'Code of the voucher' })),
  campaign: Type.Optional(Type.Union([Type.String({ minLength: 1, maxLength: 600 }), CampaignRefIn])),
};

const PublicationFieldsIn = {
  source_id: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
  channel: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  metadata: Type.Optional(NullableIn(Metadata)),
};

export const PublicationCreateIn = Type.Object({
  ...TargetIn,
  customer: CustomerCreateIn,
  ...PublicationFieldsIn,
  join_once: Type.Optional(
    Type.Boolean({ description: 'Also accepted in the query string, as the spec puts it' }),
  ),
});
export type PublicationCreateIn = Static<typeof PublicationCreateIn>;

export const JoinOnceQuery = Type.Object({ join_once: Type.Optional(Type.Boolean()) });

/** `GET /v1/publications/create`: the same fields as deep-object query parameters (`customer[source_id]=…`). */
export const PublicationCreateQuery = Type.Object({
  ...TargetIn,
  customer: CustomerCreateIn,
  ...PublicationFieldsIn,
  join_once: Type.Optional(Type.Boolean()),
});

/** `POST /client/v1/publish`: the SDK puts `campaign` in the query string and the customer in the body. */
export const ClientPublishQuery = Type.Object({
  campaign: Type.Optional(Type.String({ minLength: 1, maxLength: 600 })),
  voucher: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  join_once: Type.Optional(Type.Boolean()),
});
export const ClientPublishIn = Type.Object({
  ...TargetIn,
  customer: CustomerCreateIn,
  ...PublicationFieldsIn,
});

export const PUBLICATION_ORDERS = [
  'id',
  '-id',
  'voucher_code',
  '-voucher_code',
  'tracking_id',
  '-tracking_id',
  'customer_id',
  '-customer_id',
  'created_at',
  '-created_at',
  'channel',
  '-channel',
] as const;
export type PublicationOrder = (typeof PUBLICATION_ORDERS)[number];

export const PublicationListQuery = Type.Object({
  ...PageQuery(1000),
  order: Type.Optional(OneOf(PUBLICATION_ORDERS)),
  campaign: Type.Optional(Type.String({ description: 'Campaign name (or id)' })),
  customer: Type.Optional(Type.String({ description: 'Customer id' })),
  voucher: Type.Optional(Type.String({ description: 'Voucher code' })),
  result: Type.Optional(OneOf(['SUCCESS', 'FAILURE'])),
  voucher_type: Type.Optional(
    Type.String({ description: 'discount, gift or loyalty (also DISCOUNT, GIFT, LOYALTY_CARD)' }),
  ),
  is_referral_code: Type.Optional(Type.Boolean()),
  source_id: Type.Optional(Type.String()),
  filters: Type.Optional(FreeObject),
});
export type PublicationListQuery = Static<typeof PublicationListQuery>;

/** The publication object; declared without properties so that the presenter's key order is kept. */
export const PublicationOut = Type.Object({}, { additionalProperties: true, description: 'Publication' });

export const PublicationListOut = ListOut('publications', PublicationOut);
