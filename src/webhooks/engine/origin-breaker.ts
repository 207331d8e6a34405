import type { AppContext } from '../../platform/context.js';
import type { AttemptResult } from './http-client.js';

/** An answer that took at least this long marks its origin as slow. */
export const SLOW_ANSWER_MS = 1000;

/**
 * The breaker for receivers that time out or answer slowly, per origin:
 * - each timeout halves the deliveries this process keeps in flight to that origin (down to one), and each
 *   answer within the timeout doubles it back up to the configured maximum. A receiver that hangs thus holds
 *   one connection, not hundreds, until it answers again;
 * - an answer that took SLOW_ANSWER_MS or more caps the origin at one delivery per connection. More in flight
 *   than connections only queue inside the HTTP client, which gains a slow receiver nothing (it answers at
 *   its own pace) and would hold the process's in-flight budget that other receivers' deliveries need. The
 *   next quick answer lets it double back up.
 */
export class OriginBreaker {
  /** Origins whose concurrency has been lowered after timeouts; absent means the configured maximum. */
  private readonly lowered = new Map<string, number>();

  constructor(private readonly ctx: Pick<AppContext, 'config' | 'log'>) {}

  /** Deliveries this process may have in flight to the origin now. */
  limit(origin: string): number {
    return this.lowered.get(origin) ?? this.ctx.config.dispatchMaxPerOrigin;
  }

  /** The connections the HTTP client keeps to one origin. */
  private perConnection(): number {
    const { dispatchMaxPerOrigin, dispatchConnectionsPerOrigin } = this.ctx.config;
    return Math.min(dispatchMaxPerOrigin, dispatchConnectionsPerOrigin);
  }

  /** Takes in an answer (or its absence) from the origin. */
  adjust(origin: string, r: AttemptResult): void {
    const max = this.ctx.config.dispatchMaxPerOrigin;
    const current = this.limit(origin);
    let next = current;
    if (r.error === 'timeout') next = Math.max(1, Math.floor(current / 2));
    else if (r.statusCode !== null && r.error === null)
      next =
        r.durationMs >= SLOW_ANSWER_MS ? Math.min(current, this.perConnection()) : Math.min(max, current * 2);
    if (next === current) return;
    if (next >= max) this.lowered.delete(origin);
    else this.lowered.set(origin, next);
    this.ctx.log.debug({ origin, limit: next }, 'deliveries in flight to the origin changed by the breaker');
  }
}
