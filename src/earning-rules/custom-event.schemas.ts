import { type Static, Type } from '@sinclair/typebox';
import { CustomerCreateIn } from '../customers/index.js';
import { Metadata } from '../platform/schemas.js';

/** `POST /v1/events` and `POST /client/v1/events` (`EventsCreateRequestBody` of `api-events.json`). */
export const CustomEventIn = Type.Object({
  event: Type.String({ minLength: 1, maxLength: 300 }),
  customer: CustomerCreateIn,
  metadata: Type.Optional(Metadata),
  referral: Type.Optional(
    Type.Object({ code: Type.String({ maxLength: 500 }), referrer_id: Type.Optional(Type.String()) }),
  ),
  loyalty: Type.Optional(Type.Object({ code: Type.String({ minLength: 1, maxLength: 500 }) })),
});
export type CustomEventIn = Static<typeof CustomEventIn>;

/** `EventsCreateResponseBody`: the event, its customer, and null referral and loyalty. */
export const CustomEventOut = Type.Object(
  {},
  { additionalProperties: true, description: 'EventsCreateResponseBody' },
);
