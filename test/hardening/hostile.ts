import fc from 'fast-check';
import { PATH_PARAM_MAX_ENCODED } from '../../src/platform/http/server.js';
import { INPUT_MAX_DEPTH, OBJECT_MAX_KEYS } from '../../src/platform/schemas.js';

/**
 * fast-check arbitraries of hostile request parts. "Noise" is odd but may be valid (control characters,
 * emoji, huge numbers, wrong types, deep-ish nesting); a "poison" is something no route may accept: a NUL,
 * half a surrogate pair, a number beyond a double, nesting beyond the bound, too many keys, a `__proto__` or
 * `constructor.prototype` key, a body over 1 MiB, broken percent-encoding, an over-long path parameter, or a
 * value of the wrong JSON type where the route's schema names the type. Every generated case holds at least
 * one poison, so every one of them must be refused.
 */

const MiB = 1024 * 1024;

const controlChar = fc
  .oneof(fc.integer({ min: 0, max: 0x1f }), fc.integer({ min: 0x7f, max: 0x9f }))
  .map((c) => String.fromCharCode(c));
const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddChar = fc.constantFrom(
  '"',
  '\\',
  '/',
  '%',
  '?',
  '#',
  '&',
  '=',
  '+',
  '[',
  ']',
  '{',
  '}',
  '\u2028',
  '\uFEFF',
  '\u{1F600}',
  'é',
  ' ',
);
const wellFormedChar = fc.oneof(
  controlChar,
  oddChar,
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 }),
);

/** Text that encodeURIComponent accepts: no lone surrogates, any control character but NUL is possible. */
export const wellFormedText = fc.string({ unit: wellFormedChar, maxLength: 24 });
/** Any text: control characters, NULs and lone surrogates included. */
const noiseText = fc.string({
  unit: fc.oneof(wellFormedChar, loneSurrogate, fc.constant('\u0000')),
  maxLength: 24,
});
/** Text holding a NUL or a lone surrogate (spaces around it keep it from pairing with its neighbours). */
const poisonText = fc
  .tuple(noiseText, fc.oneof(fc.constant('\u0000'), loneSurrogate), noiseText)
  .map(([a, p, b]) => `${a} ${p} ${b}`);

const deep = fc
  .tuple(
    fc.oneof(fc.constantFrom(INPUT_MAX_DEPTH + 1, 4000, 10_000), fc.integer({ min: 33, max: 12_000 })),
    fc.boolean(),
  )
  .map(([n, arrays]) => (arrays ? '['.repeat(n) + ']'.repeat(n) : '{"a":'.repeat(n) + '1' + '}'.repeat(n)));

const manyKeys = fc
  .integer({ min: OBJECT_MAX_KEYS + 1, max: OBJECT_MAX_KEYS + 500 })
  .map((n) => `{${Array.from({ length: n }, (_, i) => `"k${i}":${i}`).join(',')}}`);

const noiseKey = fc.oneof(
  noiseText,
  fc.constantFrom('metadata', 'id', 'code', 'constructor', 'toString', ''),
);

/** JSON text of an odd but possibly valid value. */
export const noiseJson: fc.Arbitrary<string> = fc.letrec<{ value: string; array: string; object: string }>(
  (tie) => ({
    value: fc.oneof(
      { maxDepth: 3, depthSize: 'small' },
      noiseText.map((s) => JSON.stringify(s)),
      fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => JSON.stringify(n)),
      fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }).map(String),
      fc.constantFrom(
        '1e308',
        '-1e308',
        '9007199254740993',
        '1e-400',
        'true',
        'false',
        'null',
        '""',
        '[]',
        '{}',
      ),
      tie('array'),
      tie('object'),
    ),
    array: fc.array(tie('value'), { maxLength: 4 }).map((a) => `[${a.join(',')}]`),
    object: fc
      .array(fc.tuple(noiseKey, tie('value')), { maxLength: 4 })
      .map((e) => `{${e.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
  }),
).value;

/** JSON text that no body may hold anywhere. */
export const poisonJson: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: poisonText.map((s) => JSON.stringify(s)) },
  { weight: 2, arbitrary: fc.tuple(poisonText, noiseJson).map(([k, v]) => `{${JSON.stringify(k)}:${v}}`) },
  { weight: 2, arbitrary: fc.constantFrom('1e400', '-1e400', '1E+99999', '-123e456') },
  { weight: 2, arbitrary: deep },
  {
    weight: 2,
    arbitrary: fc.constantFrom(
      '{"__proto__":{"polluted":true}}',
      '{"a":1,"__proto__":[]}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ),
  },
  { weight: 1, arbitrary: manyKeys },
  { weight: 1, arbitrary: fc.constant(`"${'x'.repeat(MiB)}"`) },
);

type Types = string[];
/** A JSON value of a type the schema does not allow, or null when every type is allowed. */
function wrongFor(types: Types): fc.Arbitrary<string> | null {
  const samples: [string, string[]][] = [
    ['"text"', ['string']],
    ['1.5', ['number']],
    ['7', ['integer', 'number']],
    ['true', ['boolean']],
    ['null', ['null']],
    ['[]', ['array']],
    ['{}', ['object']],
  ];
  const wrong = samples.filter(([, kinds]) => !kinds.some((k) => types.includes(k))).map(([v]) => v);
  return wrong.length > 0 ? fc.constantFrom(...wrong) : null;
}

/** The JSON types a schema allows; OpenAPI 3.0 writes `[T, "null"]` as `type: T, nullable: true`. */
function typesOf(schema: any): Types | null {
  if (!schema || schema.type === undefined) return null;
  const types: Types = Array.isArray(schema.type) ? [...schema.type] : [schema.type];
  if (schema.nullable === true) types.push('null');
  return types;
}

/** A whole body: a root object of noise with one poison in it, or a poison in place of the whole. */
export function hostileBody(schema: any): fc.Arbitrary<string> {
  const props = Object.keys(schema?.properties ?? {});
  const key = props.length > 0 ? fc.oneof(fc.constantFrom(...props), noiseKey) : noiseKey;
  const entries = fc.array(fc.tuple(key, noiseJson), { maxLength: 5 });
  const poisons: fc.Arbitrary<{ at: string | null; value: string }>[] = [
    fc.record({ at: key, value: poisonJson }),
    fc.record({ at: key, value: poisonJson.map((p) => `{"x":[${p}]}`) }),
    fc.record({ at: fc.constant(null), value: poisonJson }),
  ];
  // Wrong JSON types only poison where the schema names the type.
  const rootWrong = wrongFor(typesOf(schema) ?? ['string', 'number', 'boolean', 'null', 'array', 'object']);
  if (rootWrong) poisons.push(fc.record({ at: fc.constant(null), value: rootWrong }));
  for (const p of props) {
    const types = typesOf(schema.properties[p]);
    const wrong = types && wrongFor(types);
    if (wrong) poisons.push(fc.record({ at: fc.constant(p), value: wrong }));
  }
  return fc.tuple(entries, fc.oneof(...poisons), fc.nat()).map(([list, poison, i]) => {
    if (poison.at === null) return poison.value;
    // The poison goes last under its key, so that no later duplicate key replaces it.
    const kept = list.filter(([k]) => k !== poison.at).map(([k, v]) => `${JSON.stringify(k)}:${v}`);
    const at = kept.length === 0 ? 0 : i % kept.length;
    const before = kept.slice(0, at);
    const after = kept.slice(at);
    return `{${[...before, ...after, `${JSON.stringify(poison.at)}:${poison.value}`].join(',')}}`;
  });
}

/** A body that may be valid, for cases whose poison is elsewhere. */
export const noiseBody = fc.oneof(
  fc.constant(''),
  noiseJson,
  fc
    .array(fc.tuple(noiseKey, noiseJson), { maxLength: 4 })
    .map((e) => `{${e.map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`),
);

const enc = (s: string) => encodeURIComponent(s);

/** One path parameter that no route may accept. */
export const poisonParam: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.tuple(wellFormedText, wellFormedText).map(([a, b]) => `${enc(a)}%00${enc(b)}`) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(wellFormedText, fc.constantFrom('%E0%A4%A', '%ZZ', '%', '%ED%A0%80', '%C0%AF', '%FF', '%u0000'))
      .map(([a, bad]) => `${enc(a)}${bad}`),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom(PATH_PARAM_MAX_ENCODED + 1, 20_000, MiB).map((n) => 'x'.repeat(n)),
  },
);

/** A path parameter that may be valid: a real id, or odd text. */
export const noiseParam = (real: string | undefined): fc.Arbitrary<string> =>
  fc.oneof(
    ...(real ? [{ weight: 3, arbitrary: fc.constant(enc(real)) }] : []),
    { weight: 2, arbitrary: wellFormedText.filter((s) => s.length > 0).map(enc) },
    { weight: 1, arbitrary: fc.constant('x'.repeat(2000)) },
  );

const queryValue = fc.oneof(
  wellFormedText.map(enc),
  fc.constantFrom('1e400', '-1', '0', '99999999999999999999', 'NaN', 'true', '', '%E0%A4%A', 'x'.repeat(MiB)),
);

/** Query pairs that may be valid: the route's own names (repeated, too) and odd names. */
export const noiseQuery = (names: string[]): fc.Arbitrary<string[]> => {
  const name =
    names.length > 0
      ? fc.oneof(fc.constantFrom(...names).map(enc), wellFormedText.map(enc))
      : wellFormedText.map(enc);
  return fc.array(
    fc.tuple(name, queryValue).map(([k, v]) => `${k}=${v}`),
    { maxLength: 5 },
  );
};

/** Query pairs with one that no route may accept: a NUL in a name or a value, or a `__proto__` name. */
export const poisonQuery = (names: string[]): fc.Arbitrary<string[]> => {
  const nul = fc.tuple(wellFormedText, wellFormedText).map(([a, b]) => `${enc(a)}%00${enc(b)}`);
  const name = names.length > 0 ? fc.constantFrom(...names).map(enc) : wellFormedText.map(enc);
  const poison = fc.oneof(
    fc.tuple(name, nul).map(([k, v]) => `${k}=${v}`),
    fc.tuple(nul, queryValue).map(([k, v]) => `${k}=${v}`),
    queryValue.map((v) => `__proto__=${v}`),
  );
  return fc.tuple(noiseQuery(names), poison, fc.nat()).map(([pairs, p, i]) => {
    const at = i % (pairs.length + 1);
    return [...pairs.slice(0, at), p, ...pairs.slice(at)];
  });
};
