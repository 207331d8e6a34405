import {
  type SchemaOptions,
  type Static,
  type TArray,
  type TInteger,
  type TLiteral,
  type TProperties,
  type TSchema,
  Type,
} from '@sinclair/typebox';

/**
 * Schema helpers every context's `*.schemas.ts` uses. Input objects accept unknown keys (a client may send
 * back an object it read) and ignore them.
 */

/**
 * `type: [T, "null"]` rather than a union: a union's error names the first branch ("must be null") instead
 * of the real fault (`email must match format "email"`), and under type coercion it turned null into "".
 */
export const NullableIn = <T extends TSchema & { type: string }>(t: T) =>
  Type.Unsafe<Static<T> | null>({ ...t, type: [t.type, 'null'] });

/** A response field that may be null. */
export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);

/** Any JSON object; bounded in depth and keys like every input (`http/input-guard.ts`). */
export const FreeObject = Type.Object({}, { additionalProperties: true });

/** The largest `metadata`, measured as JSON text. Larger objects get 400 invalid_payload. */
export const METADATA_MAX_BYTES = 16 * 1024;

/** Objects and arrays of any input nest at most this deep (the body itself is level 1). */
export const INPUT_MAX_DEPTH = 32;

/** One object of any input, free-form ones included, holds at most this many keys. */
export const OBJECT_MAX_KEYS = 1000;

/**
 * A `metadata` object: free JSON, bounded in size by the services, and in depth and keys (as every input)
 * by the input guard of `http/input-guard.ts`.
 */
export const Metadata = Type.Object(
  {},
  {
    additionalProperties: true,
    description:
      `Free JSON object, at most ${METADATA_MAX_BYTES} bytes as JSON, nested at most ${INPUT_MAX_DEPTH} levels ` +
      `deep in the body, at most ${OBJECT_MAX_KEYS} keys per object`,
  },
);

export const DateTimeIn = Type.String({ format: 'date-time' });

/** The longest id, name or code that a path parameter names, in characters (a campaign's name is 500). */
export const PATH_PARAM_MAX_CHARS = 600;

type ListProps<K extends string, T extends TSchema> = {
  object: TLiteral<'list'>;
  data_ref: TLiteral<K>;
  total: TInteger;
} & Record<K, TArray<T>>;

/**
 * Voucherify's list object, `{object: 'list', data_ref, <data_ref>: [items], total}`, then any `extra`
 * fields (`has_more`, a cursor), in that order.
 */
export const ListOut = <K extends string, T extends TSchema, X extends TProperties = {}>(
  dataRef: K,
  item: T,
  extra?: X,
) => {
  const props = {
    object: Type.Literal('list'),
    data_ref: Type.Literal(dataRef),
    [dataRef]: Type.Array(item),
    total: Type.Integer(),
  } as ListProps<K, T>;
  return Type.Object({ ...props, ...(extra as X) });
};

/** The answer of a route that started background work (`GET /v1/async-actions/{id}` follows it). */
export const AsyncActionIdOut = Type.Object({ async_action_id: Type.String() });

/** One of the given strings (`anyOf` of constants): an order, a type, a status. */
export const OneOf = <T extends string>(values: readonly T[], opts?: SchemaOptions) =>
  Type.Union(
    values.map((v) => Type.Literal(v)),
    opts,
  );

/** `limit` and `page` of a paged list, as Voucherify bounds them (`page` up to `maxPage`). */
export const PageQuery = (maxPage: number) => ({
  limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  page: Type.Integer({ minimum: 1, maximum: maxPage, default: 1 }),
});
