import fc from 'fast-check';

/**
 * A fast-check arbitrary for the values an OpenAPI request schema (3.1, or 3.0 with `nullable`) describes, the way a schema-driven
 * fuzzer makes them: every keyword it meets is honoured or refused (an unknown keyword throws, so a schema
 * that says more than this generator understands cannot pass unnoticed). Callers still filter the values
 * with a JSON Schema validator, which settles what generation only approximates (`not`, lookaheads).
 */

type Schema = Record<string, any>;
export type Resolve = (ref: string) => Schema;

const ANNOTATIONS = new Set([
  'title',
  'description',
  'default',
  'example',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
]);
const HANDLED = new Set([
  '$ref',
  'type',
  'nullable',
  'enum',
  'oneOf',
  'anyOf',
  'allOf',
  'not',
  'properties',
  'required',
  'additionalProperties',
  'propertyNames',
  'minProperties',
  'maxProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
]);

/**
 * What an enum emptied by merging yields: no JSON value, so the validator the caller filters with drops it
 * (a `oneOf` branch whose constant contradicts the base schema, for example).
 */
const UNSATISFIABLE = Symbol('unsatisfiable');

/** Longest array or map generated: enough to exercise lists without making every body huge. */
const MAX_COLLECTION = 4;

function checkKeywords(s: Schema): void {
  for (const k of Object.keys(s))
    if (!HANDLED.has(k) && !ANNOTATIONS.has(k) && !k.startsWith('x-'))
      throw new Error(`schema-arbitrary: unsupported keyword ${k}`);
}

/** allOf semantics for the keywords that combine: properties merge, required and `not` accumulate. */
export function mergeSchemas(a: Schema, b: Schema): Schema {
  const out: Schema = { ...a };
  for (const [k, v] of Object.entries(b)) {
    if (k === 'properties') {
      const props: Schema = { ...(a.properties ?? {}) };
      for (const [p, ps] of Object.entries<Schema>(v)) props[p] = props[p] ? mergeSchemas(props[p], ps) : ps;
      out.properties = props;
    } else if (k === 'required') out.required = [...new Set([...(a.required ?? []), ...v])];
    else if (k === 'allOf') out.allOf = [...(out.allOf ?? []), ...v];
    else if (k === 'not' && a.not) out.allOf = [...(out.allOf ?? []), { not: v }];
    else if ((k === 'oneOf' || k === 'anyOf') && a[k]) out.allOf = [...(out.allOf ?? []), { [k]: v }];
    else if (k === 'enum' && a.enum) out.enum = a.enum.filter((x: unknown) => v.includes(x));
    else out[k] = v;
  }
  return out;
}

/** Lookaheads cannot be generated: drop them for generation, and let the full pattern filter the result. */
function generablePattern(pattern: string): RegExp {
  let out = '';
  let i = 0;
  while (i < pattern.length) {
    if (pattern.startsWith('(?=', i) || pattern.startsWith('(?!', i)) {
      i = endOfGroup(pattern, i);
      continue;
    }
    const step = pattern[i] === '\\' ? 2 : pattern[i] === '[' ? endOfClass(pattern, i) - i : 1;
    out += pattern.slice(i, i + step);
    i += step;
  }
  return new RegExp(out);
}

/** The index after the `]` closing the character class opened at `start`. */
function endOfClass(p: string, start: number): number {
  let i = start + 1;
  while (i < p.length && p[i] !== ']') i += p[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** The index after the `)` closing the group opened at `start`. */
function endOfGroup(p: string, start: number): number {
  let depth = 0;
  let i = start;
  while (i < p.length) {
    if (p[i] === '\\') i += 2;
    else if (p[i] === '[') i = endOfClass(p, i);
    else {
      if (p[i] === '(') depth++;
      if (p[i] === ')' && --depth === 0) return i + 1;
      i++;
    }
  }
  return i;
}

function stringArb(s: Schema): fc.Arbitrary<string> {
  const minLength = s.minLength ?? 0;
  const maxLength = s.maxLength ?? 200;
  const fits = (v: string) => {
    const n = [...v].length;
    return n >= minLength && n <= maxLength;
  };
  if (s.format === 'date-time')
    return fc
      .date({
        min: new Date('2000-01-01T00:00:00Z'),
        max: new Date('2100-01-01T00:00:00Z'),
        noInvalidDate: true,
      })
      .map((d) => d.toISOString());
  if (s.format === 'uri') return loopbackUrl().filter(fits);
  if (s.format === 'email') return fc.emailAddress().filter(fits);
  if (s.format !== undefined) throw new Error(`schema-arbitrary: unsupported format ${s.format}`);
  if (s.pattern !== undefined) {
    const full = new RegExp(s.pattern, 'u');
    return fc.stringMatching(generablePattern(s.pattern)).filter((v) => full.test(v) && fits(v));
  }
  return fc.string({ minLength, maxLength, size: 'medium' });
}

/**
 * URLs are generated on the loopback interface only: the test must not aim traffic anywhere else, and the
 * host is not what the schema constrains (scheme, length, no credentials).
 */
function loopbackUrl(): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom('http', 'https', 'HTTP'),
      fc.constantFrom('127.0.0.1', 'localhost', '[::1]'),
      fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      fc.array(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), { maxLength: 3 }),
      fc.option(fc.stringMatching(/^[a-z]{1,5}=[a-z0-9]{0,5}$/), { nil: undefined }),
    )
    .map(
      ([scheme, host, port, path, query]) =>
        `${scheme}://${host}${port ? `:${port}` : ''}/${path.join('/')}${query ? `?${query}` : ''}`,
    );
}

function numberArb(s: Schema, integer: boolean): fc.Arbitrary<number> {
  const lo = s.minimum ?? (typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum : -1e9);
  const hi = s.maximum ?? (typeof s.exclusiveMaximum === 'number' ? s.exclusiveMaximum : 1e9);
  const arb = integer
    ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) })
    : fc.double({ min: lo, max: hi, noNaN: true, noDefaultInfinity: true });
  return arb.filter(
    (n) =>
      !((s.exclusiveMinimum === true && n === s.minimum) || (s.exclusiveMaximum === true && n === s.maximum)),
  );
}

function objectArb(s: Schema, resolve: Resolve): fc.Arbitrary<Record<string, unknown>> {
  const props = Object.entries<Schema>(s.properties ?? {}).filter(
    // `{not: {}}` matches nothing: the property must be left out.
    ([, ps]) => !(ps.not && Object.keys(ps.not).length === 0),
  );
  const required = new Set<string>(s.required ?? []);
  if (props.length === 0 && typeof s.additionalProperties === 'object') {
    // Property names are strings, whether or not propertyNames says `type: string`.
    const keys = s.propertyNames
      ? arbitraryOf({ type: 'string', ...s.propertyNames }, resolve)
      : fc.string({ minLength: 1 });
    return fc.dictionary(keys as fc.Arbitrary<string>, arbitraryOf(s.additionalProperties, resolve), {
      minKeys: s.minProperties ?? 0,
      maxKeys: Math.min(s.maxProperties ?? MAX_COLLECTION, MAX_COLLECTION),
    });
  }
  // Each optional property is given or left out with even odds, as a client filling in a form would.
  const entries = props.map(([name, ps]) =>
    required.has(name)
      ? arbitraryOf(ps, resolve).map((v) => [[name, v]] as [string, unknown][])
      : fc
          .tuple(fc.noBias(fc.boolean()), arbitraryOf(ps, resolve))
          .map(([given, v]) => (given ? ([[name, v]] as [string, unknown][]) : [])),
  );
  return fc.tuple(...entries).map((parts) => Object.fromEntries(parts.flat()));
}

function arrayArb(s: Schema, resolve: Resolve): fc.Arbitrary<unknown[]> {
  const constraints = {
    minLength: s.minItems ?? 0,
    maxLength: Math.max(s.minItems ?? 0, Math.min(s.maxItems ?? MAX_COLLECTION, MAX_COLLECTION)),
  };
  const items = arbitraryOf(s.items ?? {}, resolve);
  return s.uniqueItems
    ? fc.uniqueArray(items, { ...constraints, selector: (v) => JSON.stringify(v) })
    : fc.array(items, constraints);
}

function typedArb(s: Schema, type: string, resolve: Resolve): fc.Arbitrary<unknown> {
  switch (type) {
    case 'string':
      return stringArb(s);
    case 'integer':
      return numberArb(s, true);
    case 'number':
      return numberArb(s, false);
    case 'boolean':
      return fc.boolean();
    case 'array':
      return arrayArb(s, resolve);
    case 'object':
      return objectArb(s, resolve);
    case 'null':
      return fc.constant(null);
    default:
      throw new Error(`schema-arbitrary: unsupported type ${type}`);
  }
}

/** Values of the schema; `$ref`s are looked up with `resolve`. */
export function arbitraryOf(schema: Schema, resolve: Resolve): fc.Arbitrary<unknown> {
  checkKeywords(schema);
  if (schema.$ref) {
    const { $ref, ...siblings } = schema;
    return arbitraryOf(mergeSchemas(siblings, resolve($ref)), resolve);
  }
  // Choices first, each branch merged with the rest (allOf included), then allOf: every step consumes one
  // combinator, so nested ones end.
  const { oneOf, anyOf, ...rest } = schema;
  const choice = oneOf ?? anyOf;
  if (choice) {
    const base = oneOf && anyOf ? { ...rest, anyOf } : rest;
    const deref = (b: Schema) => (b.$ref ? resolve(b.$ref) : b);
    return fc.oneof(...(choice as Schema[]).map((b) => arbitraryOf(mergeSchemas(base, deref(b)), resolve)));
  }
  if (rest.allOf) {
    const { allOf, ...own } = rest;
    return arbitraryOf((allOf as Schema[]).reduce(mergeSchemas, own), resolve);
  }
  // `type: [T, "null"]` (OpenAPI 3.1) is `nullable: true` (3.0).
  const types: string[] = Array.isArray(schema.type) ? schema.type : [];
  const nonNull = types.filter((t) => t !== 'null');
  const nullable = schema.nullable === true || nonNull.length < types.length;
  const value =
    schema.enum !== undefined
      ? schema.enum.length > 0
        ? fc.constantFrom(...(schema.enum as unknown[]))
        : fc.constant(UNSATISFIABLE)
      : Array.isArray(schema.type)
        ? nonNull.length === 0
          ? fc.constant(null)
          : fc.oneof(...nonNull.map((t) => typedArb(schema, t, resolve)))
        : schema.type !== undefined
          ? typedArb(schema, schema.type, resolve)
          : schema.properties
            ? objectArb(schema, resolve)
            : fc.jsonValue();
  // One value in five is null where null is allowed.
  return nullable && schema.enum === undefined
    ? fc.tuple(fc.noBias(fc.integer({ min: 0, max: 4 })), value).map(([n, v]) => (n === 0 ? null : v))
    : value;
}
