import { type Static, Type } from '@sinclair/typebox';

/** Request schemas of the gift-card routes, after `api-vouchers.json`. Amounts are integers in cents. */

export const BalanceIn = Type.Object({
  amount: Type.Integer({
    minimum: -Number.MAX_SAFE_INTEGER,
    maximum: Number.MAX_SAFE_INTEGER,
    description: 'Credits to add (positive) or remove (negative), in the smallest currency unit; not 0',
  }),
  source_id: Type.Optional(Type.String({ maxLength: 500 })),
  reason: Type.Optional(Type.String({ maxLength: 1000 })),
});
export type BalanceIn = Static<typeof BalanceIn>;

export const TransactionListQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  order: Type.Optional(Type.Union([Type.Literal('id'), Type.Literal('-id')])),
  starting_after_id: Type.Optional(Type.String({ maxLength: 200 })),
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, description: 'Deprecated upstream' })),
});
export type TransactionListQuery = Static<typeof TransactionListQuery>;

export const GiftCodeParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 300 }) });

/** The answers; declared without properties so that the presenter's key order is kept. */
export const BalanceOut = Type.Object({}, { additionalProperties: true, description: 'Balance' });
export const TransactionListOut = Type.Object(
  {},
  { additionalProperties: true, description: 'Transactions' },
);
