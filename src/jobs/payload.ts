import type { Static, TSchema } from '@sinclair/typebox';
import type { ValidateFunction } from 'ajv';
import { newAjv } from '../platform/ajv.js';
import type { JobDefinition } from './job.js';

// The same validator the HTTP layer uses for bodies: no coercion, no defaults, formats checked.
const ajv = newAjv(false);
const compiled = new WeakMap<TSchema, ValidateFunction>();

function validatorOf(schema: TSchema): ValidateFunction {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  return v;
}

/** A payload that does not match its job's schema: a bug in the job's context, or a row from another version. */
export class JobPayloadError extends Error {}

/** Checks a payload against its job's schema; throws JobPayloadError naming the first fault. */
export function checkPayload<S extends TSchema>(def: JobDefinition<S>, payload: unknown): Static<S> {
  const validate = validatorOf(def.payload);
  if (validate(payload)) return payload as Static<S>;
  const first = validate.errors?.[0];
  throw new JobPayloadError(
    `${def.type} payload is invalid${first ? ` at ${first.instancePath || '/'}: ${first.message}` : ''}`,
  );
}
