import { invalidQueryParams } from '../errors.js';
import { INPUT_MAX_DEPTH } from '../schemas.js';

/**
 * Query strings in the bracket form Voucherify documents and its SDK sends (`campaign[name]=X`,
 * `filters[customer_id][conditions][$in][0]=a`), turned into nested objects and arrays, for the routes that
 * take deep-object parameters. A numeric segment makes an array (`[0]`, `[1]` in any order; `[]` appends).
 * Segments that would reach an object's prototype, an index past 100, and nesting deeper than the input
 * limit are refused (400 `invalid_query_params`), so the result is always plain data.
 */

type Node = Record<string, unknown> | unknown[];

const FORBIDDEN = new Set(['__proto__', 'constructor', 'prototype']);
const MAX_INDEX = 100;

function segmentsOf(key: string): string[] {
  const open = key.indexOf('[');
  if (open <= 0 || !key.endsWith(']')) return [key];
  const out = [key.slice(0, open)];
  const rest = key.slice(open);
  const re = /\[([^[\]]*)\]/g;
  let consumed = 0;
  for (let m = re.exec(rest); m !== null; m = re.exec(rest)) {
    if (m.index !== consumed) return [key];
    out.push(m[1]!);
    consumed = m.index + m[0].length;
  }
  return consumed === rest.length ? out : [key];
}

const isIndex = (s: string) => s === '' || /^\d+$/.test(s);

/** The container at `node[key]`, made (a list when the next segment is an index) if missing. */
function child(node: Node, key: string | number, nextSeg: string): Node {
  const container = node as Record<string | number, unknown>;
  if (container[key] === undefined) container[key] = isIndex(nextSeg) ? [] : {};
  return container[key] as Node;
}

function setPath(root: Record<string, unknown>, key: string, segs: string[], value: unknown): void {
  if (segs.length > INPUT_MAX_DEPTH)
    throw invalidQueryParams(`${key} nests deeper than ${INPUT_MAX_DEPTH} levels`);
  let node: Node = root;
  for (let i = 0; i < segs.length; i++) {
    const seg = segs[i]!;
    if (FORBIDDEN.has(seg)) throw invalidQueryParams(`${key} must not name ${seg}`);
    const last = i === segs.length - 1;
    if (Array.isArray(node)) {
      if (!isIndex(seg)) throw invalidQueryParams(`${key} mixes list indices and keys`);
      const index = seg === '' ? node.length : Number(seg);
      if (index > MAX_INDEX) throw invalidQueryParams(`${key} has an index above ${MAX_INDEX}`);
      if (last) node[index] = value;
      else node = child(node, index, segs[i + 1]!);
      continue;
    }
    if (seg === '') throw invalidQueryParams(`${key} has an empty key`);
    if (last) {
      if (seg in node && typeof node[seg] === 'object') throw invalidQueryParams(`${key} is given twice`);
      node[seg] = value;
    } else {
      const next = node[seg];
      if (next !== undefined && (next === null || typeof next !== 'object'))
        throw invalidQueryParams(`${key} is given as a value and as an object`);
      node = child(node, seg, segs[i + 1]!);
    }
  }
}

/** Arrays with holes (`[0]` and `[2]` only) are closed up, in index order. */
function compact(v: unknown): unknown {
  if (Array.isArray(v)) return v.filter((x) => x !== undefined).map(compact);
  if (v !== null && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = compact(x);
    return out;
  }
  return v;
}

/** The parsed query string (flat keys, as Fastify gives it) with its bracket keys nested. */
export function nestQuery(flat: Record<string, unknown>): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(flat)) {
    const segs = segmentsOf(key);
    if (segs.length === 1) {
      if (typeof root[key] === 'object')
        throw invalidQueryParams(`${key} is given as a value and as an object`);
      root[key] = value;
    }
    // A repeated key arrives as an array of strings: `[]` appends each; elsewhere the last one wins.
    else if (Array.isArray(value) && segs[segs.length - 1] === '')
      for (const v of value) setPath(root, key, segs, v);
    else setPath(root, key, segs, Array.isArray(value) ? value[value.length - 1] : value);
  }
  return compact(root) as Record<string, unknown>;
}
