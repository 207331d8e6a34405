import type { TSchema } from '@sinclair/typebox';
import { EVENT_CATALOG, type EventType, type EventTypeInfo } from './event-catalog.js';
import type { EventDeclaration } from './event-declaration.js';
import { completeEventData } from './event-shapes.js';

type Json = Record<string, unknown>;

/**
 * The JSON Schema of `data` as a receiver gets it. The outbox gives every key of the type's published schema,
 * null when there is no value, so a key the presenter may leave out may also arrive as null.
 */
export function deliveredSchema(data: TSchema): Json {
  return nullableOptionals(JSON.parse(JSON.stringify(data)) as Json) as Json;
}

function nullableOptionals(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableOptionals);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json)) out[k] = nullableOptionals(v);
  const props = out.properties as Json | undefined;
  if (out.type === 'object' && props && typeof props === 'object') {
    const required = new Set<string>(Array.isArray(out.required) ? (out.required as string[]) : []);
    for (const [k, v] of Object.entries(props))
      if (!required.has(k)) props[k] = { anyOf: [v, { type: 'null' }] };
  }
  return out;
}

export interface EventTypeDetail extends EventTypeInfo {
  /** True when some operation of this server records the type. */
  fired: boolean;
  /** JSON Schema of `data` as delivered; null for a type no operation fires yet. */
  schema: Json | null;
  /** Sample `data`, as a test send delivers it. */
  sample: unknown;
}

/** The declarations of every event type the server fires, by type; built once by the composition root. */
export class FiredEvents {
  private readonly byType = new Map<EventType, EventDeclaration>();

  constructor(declarations: readonly EventDeclaration[]) {
    for (const d of declarations) {
      if (this.byType.has(d.type)) throw new Error(`event type declared twice: ${d.type}`);
      this.byType.set(d.type, d);
    }
  }

  types(): EventType[] {
    return EVENT_CATALOG.map((e) => e.type).filter((t) => this.byType.has(t));
  }

  get(type: EventType): EventDeclaration | undefined {
    return this.byType.get(type);
  }

  /** The declared sample, completed as the outbox completes a real event; undefined for a type not fired. */
  sample(type: EventType): { data: unknown; entityId: string } | undefined {
    const d = this.byType.get(type);
    if (!d) return undefined;
    const s = d.sample();
    return { data: completeEventData(type, s.data), entityId: s.entityId };
  }
}
