import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { AppContext } from '../../platform/context.js';
import { queueStats } from './delivery.repository.js';

export interface DeliveryMetrics {
  delivered(status: string, durationMs: number): void;
  outcome(status: string): void;
}

/** Send-outs by outcome, delivery durations, queue depth and the age of the oldest due send-out. */
export function registerDeliveryMetrics(
  ctx: Pick<AppContext, 'db' | 'clock'>,
  registry: Registry,
): DeliveryMetrics {
  const outcomes = new Counter({
    name: 'vouchsafe_webhook_sendout_outcomes_total',
    help: 'Send-out tries by outcome (succeeded, retrying, failed, webhook_inactive, webhook_disabled, webhook_deleted, interrupted)',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'vouchsafe_webhook_delivery_duration_seconds',
    help: 'Time from request start to the end of the response',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  new Gauge({
    name: 'vouchsafe_webhook_queue_depth',
    help: 'Send-outs due now and not yet claimed',
    registers: [registry],
    async collect() {
      this.set((await queueStats(ctx.db.kysely, ctx.clock.now())).due);
    },
  });
  new Gauge({
    name: 'vouchsafe_webhook_oldest_due_age_seconds',
    help: 'How long the oldest due send-out has waited',
    registers: [registry],
    async collect() {
      const now = ctx.clock.now();
      const { oldestDueAt } = await queueStats(ctx.db.kysely, now);
      this.set(oldestDueAt === null ? 0 : Math.max(0, (now - oldestDueAt) / 1000));
    },
  });
  return {
    delivered(status, durationMs) {
      outcomes.inc({ outcome: status });
      duration.observe(durationMs / 1000);
    },
    outcome(status) {
      outcomes.inc({ outcome: status });
    },
  };
}
