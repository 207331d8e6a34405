import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The JSON Schema validator of the app: formats checked, unknown keys kept, defaults applied. Bodies and
 * stored payloads are validated without type coercion; query strings and path parameters coerce (`'array'`).
 */
export function newAjv(coerceTypes: false | 'array'): Ajv {
  const ajv = new Ajv({
    removeAdditional: false,
    useDefaults: true,
    coerceTypes,
    allErrors: false,
    strict: false,
  });
  addFormats.default(ajv);
  return ajv;
}
