import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

let ajv: any = null;

/** Validates `data` against a JSON Schema the server served; the errors, or null when valid. */
export function servedSchemaErrors(schema: object, data: unknown): unknown[] | null {
  if (!ajv) {
    const Ajv = (Ajv2020 as any).default ?? Ajv2020;
    ajv = new Ajv({ strict: false, allErrors: true });
    (addFormats as any).default ? (addFormats as any).default(ajv) : (addFormats as any)(ajv);
  }
  const validate = ajv.compile(schema);
  return validate(data) ? null : validate.errors;
}
