import { COMPONENTS, EVENT_SHAPES } from './event-shapes.generated.js';

/**
 * A tree of the keys an event's `data` defines: `0` a leaf, `'Name'` a shared component, `{key: node}` an
 * object, `[node]` an array of such items.
 */
export type ShapeNode = 0 | string | { [key: string]: ShapeNode } | [ShapeNode];

const resolve = (n: ShapeNode): ShapeNode => (typeof n === 'string' ? (COMPONENTS[n] ?? 0) : n);

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fill(value: unknown, node: ShapeNode, depth: number): unknown {
  const shape = resolve(node);
  // Bounded: the published schemas nest a few levels; a recursive component stops here.
  if (shape === 0 || depth > 12) return value;
  if (Array.isArray(shape)) {
    if (!Array.isArray(value)) return value;
    return value.map((item) => fill(item, shape[0], depth + 1));
  }
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = { ...value };
  for (const [key, child] of Object.entries(shape)) {
    const v = out[key];
    out[key] = v === undefined ? null : fill(v, child, depth + 1);
  }
  return out;
}

/**
 * The event's `data` with every key its type's published schema defines: a key without a value is `null`,
 * so that receivers and typed clients see one stable shape per type. Keys the schema does not know are
 * kept. Types with no published schema (ours) come back as they are.
 */
export function completeEventData(type: string, data: unknown): unknown {
  const shape = EVENT_SHAPES[type];
  return shape === undefined ? data : fill(data, shape, 0);
}
