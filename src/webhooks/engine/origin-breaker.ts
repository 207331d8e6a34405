import type { Config } from '../../platform/config.js';
import type { AppContext } from '../../platform/context.js';
import type { AttemptResult } from './http-client.js';

/** An answer that took at least this long marks its origin as slow. */
export const SLOW_ANSWER_MS = 1000;

/** The connections the HTTP client keeps to one origin: never more than the deliveries allowed in flight to it. */
export function connectionsPerOrigin(
  config: Pick<Config, 'dispatchMaxPerOrigin' | 'dispatchConnectionsPerOrigin'>,
) {
  return Math.min(config.dispatchMaxPerOrigin, config.dispatchConnectionsPerOrigin);
}

/** Origins whose limits are kept; beyond this the oldest is forgotten, and starts over as a new origin. */
const MAX_ORIGINS = 10_000;

/**
 * The breaker for receivers that time out or answer slowly, per origin:
 * - an origin starts at one delivery per connection, and each answer within the timeout doubles its limit, up
 *   to the configured maximum (two quick answers with the defaults, 64 and 256). A receiver that has not
 *   answered yet thus holds no more of the in-flight budget than its connections carry: started at the
 *   maximum, one that takes 5 s per answer held 256 deliveries plus its queue for those 5 s, and a fast
 *   receiver beside it in the same process lost a quarter of its throughput;
 * - each timeout halves the limit (down to one): a receiver that hangs holds one connection, not hundreds,
 *   until it answers again;
 * - an answer that took SLOW_ANSWER_MS or more caps the origin at one delivery per connection. More in flight
 *   than connections only queue inside the HTTP client, which gains a slow receiver nothing (it answers at
 *   its own pace) and would hold the process's in-flight budget that other receivers' deliveries need.
 */
export class OriginBreaker {
  /** Each origin's limit once it has answered or timed out; absent means one delivery per connection. */
  private readonly limits = new Map<string, number>();

  constructor(private readonly ctx: Pick<AppContext, 'config' | 'log'>) {}

  /** Deliveries this process may have in flight to the origin now. */
  limit(origin: string): number {
    return this.limits.get(origin) ?? connectionsPerOrigin(this.ctx.config);
  }

  /** Takes in an answer (or its absence) from the origin. */
  adjust(origin: string, r: AttemptResult): void {
    const max = this.ctx.config.dispatchMaxPerOrigin;
    const current = this.limit(origin);
    let next = current;
    if (r.error === 'timeout') next = Math.max(1, Math.floor(current / 2));
    else if (r.statusCode !== null && r.error === null)
      next =
        r.durationMs >= SLOW_ANSWER_MS
          ? Math.min(current, connectionsPerOrigin(this.ctx.config))
          : Math.min(max, current * 2);
    if (next === current) return;
    if (!this.limits.has(origin) && this.limits.size >= MAX_ORIGINS)
      this.limits.delete(this.limits.keys().next().value!);
    this.limits.set(origin, next);
    this.ctx.log.debug({ origin, limit: next }, 'deliveries in flight to the origin changed by the breaker');
  }
}
