import { INPUT_MAX_DEPTH, OBJECT_MAX_KEYS } from '../schemas.js';

/**
 * Faults that no route's schema describes and no database stores alike, found before validation in every
 * part of a request (path parameters, query string, body, free-form objects such as `metadata` included):
 *
 * - U+0000, which PostgreSQL refuses in text and jsonb ("invalid byte sequence") while SQLite keeps it;
 * - half a surrogate pair, which has no UTF-8 form (drivers would silently store U+FFFD instead);
 * - numbers beyond a double (`1e400` parses to Infinity, which JSON cannot even write back);
 * - nesting deeper than INPUT_MAX_DEPTH, which makes recursive serialisers overflow the stack;
 * - objects with more than OBJECT_MAX_KEYS keys, and `__proto__` keys (the JSON parser already refuses
 *   them in bodies; query strings are checked the same way).
 *
 * The walk is iterative, so that a 10,000-level body cannot overflow the stack here either.
 */

interface Node {
  value: unknown;
  key: string | null;
  parent: Node | null;
  depth: number;
}

/** `[\uD800-\uDBFF]` not followed by a low half, or `[\uDC00-\uDFFF]` not preceded by a high half. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?:^|[^\uD800-\uDBFF])[\uDC00-\uDFFF]/;
/** How many path segments a message names before it cuts the path short. */
const NAMED_SEGMENTS = 3;

function stringFault(s: string): string | null {
  if (s.includes('\u0000')) return 'a NUL character (U+0000)';
  if (LONE_SURROGATE.test(s)) return 'a lone surrogate (half of a UTF-16 pair)';
  return null;
}

/** The field's name as validation errors give it (`address.city`, `events.0`), or `root` for the whole. */
function fieldName(node: Node, root: string): string {
  const keys: string[] = [];
  for (let n: Node | null = node; n?.key != null; n = n.parent) keys.push(n.key);
  if (keys.length === 0) return root;
  keys.reverse();
  const named = keys.slice(0, NAMED_SEGMENTS).map((k) => (k.length > 64 ? `${k.slice(0, 64)}…` : k));
  return keys.length > NAMED_SEGMENTS ? `${named.join('.')}.…` : named.join('.');
}

function containerFault(node: Node, entries: [string, unknown][], isArray: boolean): string | null {
  if (node.depth > INPUT_MAX_DEPTH) return `nests deeper than ${INPUT_MAX_DEPTH} levels`;
  if (isArray) return null;
  if (entries.length > OBJECT_MAX_KEYS) return `has more than ${OBJECT_MAX_KEYS} keys`;
  for (const [k] of entries) {
    if (k === '__proto__') return 'must not have a __proto__ key';
    const bad = stringFault(k);
    if (bad) return `must not have a key with ${bad}`;
  }
  return null;
}

/**
 * The first fault of `input` as a sentence that starts with the field's name
 * (`source_id must not contain a NUL character (U+0000)`), or null when there is none.
 */
export function findInputFault(input: unknown, root: string): string | null {
  const stack: Node[] = [{ value: input, key: null, parent: null, depth: 1 }];
  while (stack.length > 0) {
    const node = stack.pop()!;
    const v = node.value;
    if (typeof v === 'string') {
      const bad = stringFault(v);
      if (bad) return `${fieldName(node, root)} must not contain ${bad}`;
    } else if (typeof v === 'number') {
      if (!Number.isFinite(v)) return `${fieldName(node, root)} is out of range`;
    } else if (v !== null && typeof v === 'object') {
      const isArray = Array.isArray(v);
      const entries: [string, unknown][] = isArray
        ? v.map((item, i) => [String(i), item])
        : Object.entries(v as Record<string, unknown>);
      const bad = containerFault(node, entries, isArray);
      if (bad) return `${fieldName(node, root)} ${bad}`;
      for (let i = entries.length - 1; i >= 0; i--) {
        const [key, value] = entries[i]!;
        stack.push({ value, key, parent: node, depth: node.depth + 1 });
      }
    }
  }
  return null;
}
