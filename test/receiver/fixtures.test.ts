import { describe, expect, it } from 'vitest';
import { FIRED_EVENTS } from '../../src/fired-events.js';
import { deliveredSchema } from '../../src/webhooks/event-schemas.js';
import { servedSchemaErrors } from '../helpers/event-schema.js';
import { CAPTURED } from './fixtures/payloads.js';

/*
 * The fixture is real deliveries, one per fired type, captured by test/cli/trigger-all.test.ts; `tsc` checks
 * it against the receiver kit's types (it is typed WebhookEvent[]), and this checks it stays current.
 */
describe('the captured payloads the receiver types compile against', () => {
  it('hold one delivery of every fired type', () => {
    expect(CAPTURED.map((e) => e.type).sort()).toEqual([...FIRED_EVENTS.types()].sort());
  });

  it.each(CAPTURED.map((e) => [e.type, e] as const))('%s is valid under the schema of today', (type, env) => {
    expect(servedSchemaErrors(deliveredSchema(FIRED_EVENTS.get(type)!.data), env.data)).toBeNull();
  });
});
