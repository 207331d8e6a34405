import type { TSchema } from '@sinclair/typebox';
import type { EventType } from './event-catalog.js';

/**
 * What a context says about one event type it fires: the type, the TypeBox schema of the `data` its
 * presenters produce, and a sample built by those presenters from fixed rows. `recordEventFor` takes a
 * declaration, not a bare type name, so a context cannot record a type it has not declared.
 */
export interface EventDeclaration<S extends TSchema = TSchema> {
  readonly type: EventType;
  /** The schema of `data` as the presenters build it (before the outbox completes the published keys). */
  readonly data: S;
  /** A sample `data` and the id of its main object; the same presenters as a real event, fed fixed rows. */
  sample(): { data: unknown; entityId: string };
}

/**
 * Declares an event type. The schema is given as a function, called once when first needed, because the
 * schemas of one context use another's (a voucher event carries a SimpleCampaign) and the doors import each
 * other: a schema built while the modules load could meet a door not loaded yet.
 */
export function declareEvent<S extends TSchema>(
  type: EventType,
  data: () => S,
  sample: () => { data: unknown; entityId: string },
): EventDeclaration<S> {
  let schema: S | undefined;
  return Object.freeze({
    type,
    get data() {
      schema ??= data();
      return schema;
    },
    sample,
  });
}

/** 2024-01-01T10:00:00.000Z: the creation time of every sample row, so that samples never change. */
export const SAMPLE_TIME = Date.UTC(2024, 0, 1, 10, 0, 0);
