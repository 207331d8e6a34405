import type { AppContext } from '../../platform/context.js';
import type { AttemptResult } from './http-client.js';

/**
 * The breaker for receivers that time out: each timeout halves the deliveries this process keeps in flight
 * to that origin (down to one), and each answer within the timeout doubles it back up to the configured
 * maximum. A receiver that hangs thus holds one connection, not hundreds, until it answers again.
 */
export class OriginBreaker {
  /** Origins whose concurrency has been lowered after timeouts; absent means the configured maximum. */
  private readonly lowered = new Map<string, number>();

  constructor(private readonly ctx: Pick<AppContext, 'config' | 'log'>) {}

  /** Deliveries this process may have in flight to the origin now. */
  limit(origin: string): number {
    return this.lowered.get(origin) ?? this.ctx.config.dispatchMaxPerOrigin;
  }

  /** Takes in an answer (or its absence) from the origin. */
  adjust(origin: string, r: AttemptResult): void {
    const max = this.ctx.config.dispatchMaxPerOrigin;
    const current = this.limit(origin);
    let next = current;
    if (r.error === 'timeout') next = Math.max(1, Math.floor(current / 2));
    else if (r.statusCode !== null && r.error === null) next = Math.min(max, current * 2);
    if (next === current) return;
    if (next >= max) this.lowered.delete(origin);
    else this.lowered.set(origin, next);
    this.ctx.log.debug({ origin, limit: next }, 'deliveries in flight to the origin changed by the breaker');
  }
}
