import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';

const load = (file: string) =>
  JSON.parse(readFileSync(new URL(`../../../shared/reference/voucherify/${file}`, import.meta.url), 'utf8'));

function nullableToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableToJsonSchema);
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) if (k !== 'nullable') out[k] = nullableToJsonSchema(v);
  return (node as { nullable?: boolean }).nullable === true ? { anyOf: [out, { type: 'null' }] } : out;
}

const ajv = new Ajv({ strict: false, allErrors: true });
addFormats.default(ajv);
for (const file of ['api-orders.json', 'api-redemptions.json', 'api-vouchers.json'])
  ajv.addSchema({ components: nullableToJsonSchema(load(file).components) }, file);

/** Errors of a value against `<file>#/components/schemas/<name>` of Voucherify's reference, or null. */
export function apiSchemaErrors(file: string, name: string, value: unknown): unknown[] | null {
  const validate = ajv.getSchema(`${file}#/components/schemas/${name}`);
  if (!validate) throw new Error(`no schema ${file} ${name}`);
  return validate(value) ? null : (validate.errors ?? []);
}
