import type { AppContext } from '../../platform/context.js';
import { iso } from '../../platform/clock.js';
import type { AttemptResult, WebhookHttpClient } from './http-client.js';
import type { DeliveryMetrics } from './metrics.js';
import {
  classifyAttempt,
  FAILURE_WEBHOOK_DELETED,
  FAILURE_WEBHOOK_DISABLED,
  FAILURE_WEBHOOK_INACTIVE,
  interruptedAttempt,
  nextState,
  retryAfterAt,
} from './outcome.js';
import {
  type ClaimedDelivery,
  claimDeliveries,
  type DeliveryRow,
  insertInterruptedAttempts,
} from './delivery.repository.js';
import { transact } from '../../platform/db/transaction.js';
import { OriginBreaker } from './origin-breaker.js';
import { OutcomeBuffer } from './outcome-buffer.js';
import { withinRateLimits } from './rate-limits.js';
import { disabledByFailures, isDisabledByFailures } from '../webhook.service.js';

const CLAIM_COALESCE_MS = 5;
/** The share of the event loop's time busy, over windows of ELU_WINDOW_MS, above which that pause is taken. */
const GATHER_WHEN_BUSY = 0.85;
const ELU_WINDOW_MS = 100;
/**
 * A claim that leaves saturated webhooks' send-outs in the database walks past all of theirs that are due
 * first: with a backlog of 1,000,000 for one receiver, ~50 ms of synchronous SQLite per claim, and all but the
 * first claim after a slot frees found nothing else. After such a claim comes back thin, the next one waits
 * this many times as long as it took, so those walks take at most about a tenth of the time.
 */
const SKIP_CLAIM_BACKOFF = 10;
/** The longest the claim loop waits for in-flight deliveries to free slots before it claims again. */
const SLOT_WAIT_MS = 50;
/** A claim of at most this many send-outs, with as few in flight, is sent by `smallClaimHttp`. */
const SMALL_CLAIM = 16;

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export interface DispatcherDeps {
  ctx: AppContext;
  http: WebhookHttpClient;
  /**
   * A client on this thread, for claims of a few send-outs when `http` runs on a thread of its own: the hop
   * there and back cost a fifth of the worker's CPU per delivery at 200 events/s, and a thread only pays for
   * itself when many requests are in flight.
   */
  smallClaimHttp?: WebhookHttpClient;
  workerId: string;
  metrics?: DeliveryMetrics;
}

interface Job {
  row: DeliveryRow;
  origin: string;
  http: WebhookHttpClient;
}

/**
 * Claims due send-outs in batches under a lease, delivers them with bounded concurrency (global and per
 * target origin), and records outcomes in grouped commits: all completions of one event-loop turn share a
 * transaction (worth +64% throughput on SQLite here). The orchestration writes no SQL of its own.
 */
export class Dispatcher {
  private readonly ctx: AppContext;
  private inFlight = 0;
  private readonly origins = new Map<string, { active: number; queue: Job[]; webhooks: Set<string> }>();
  private readonly outcomes: OutcomeBuffer;
  private readonly breaker: OriginBreaker;
  private stopping = false;
  private loopDone: Promise<void> | null = null;
  private slotWaiter: (() => void) | null = null;
  /** The last claim got as many send-outs as it asked for: more may be due. */
  private claimFilled = false;
  private idleWaiters: (() => void)[] = [];

  constructor(private readonly deps: DispatcherDeps) {
    this.ctx = deps.ctx;
    this.outcomes = new OutcomeBuffer(deps.ctx);
    this.breaker = new OriginBreaker(deps.ctx);
  }

  /** Runs the claim loop until stop(). */
  start(): void {
    this.loopDone ??= this.loop();
  }

  /** Stops claiming, lets deliveries in flight finish (up to `timeoutMs`) and writes their outcomes. */
  async stop(timeoutMs = this.ctx.config.shutdownTimeoutMs): Promise<void> {
    this.stopping = true;
    this.ctx.outboxBell.ringHere();
    this.slotWaiter?.();
    await this.loopDone;
    await Promise.race([this.idle(), new Promise((r) => setTimeout(r, timeoutMs).unref())]);
    await this.outcomes.flushNow();
  }

  /**
   * Claims and delivers until nothing is due at the clock's current time, then writes every outcome.
   * Tests drive retries with it and an injected clock instead of sleeping.
   */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.claimAndStart();
      total += n;
      await this.idle();
      await this.outcomes.flushNow();
      if (n === 0) return total;
    }
  }

  private async loop(): Promise<void> {
    const { config, outboxBell, log } = this.ctx;
    while (!this.stopping) {
      let claimed = 0;
      try {
        claimed = await this.claimAndStart(true);
      } catch (e) {
        log.error({ err: e }, 'claiming send-outs failed; retrying after the poll interval');
      }
      if (this.stopping) break;
      // Claim again only once a good share of slots is free: topping up one slot per completion would
      // cost a claim transaction per delivery. The wait is bounded (SLOT_WAIT_MS): where a slow receiver's
      // requests alone hold more than the low water mark, only its answers would free those slots, and the
      // other receivers' send-outs would wait for them.
      const lowWater =
        config.dispatchMaxInFlight -
        Math.min(config.dispatchBatchSize, Math.ceil(config.dispatchMaxInFlight / 2));
      if (this.inFlight > lowWater && claimed > 0) {
        let waited = false;
        const timer = setTimeout(() => {
          waited = true;
          const w = this.slotWaiter;
          this.slotWaiter = null;
          w?.();
        }, SLOT_WAIT_MS);
        while (!this.stopping && this.inFlight > lowWater && !waited)
          await new Promise<void>((r) => (this.slotWaiter = r));
        clearTimeout(timer);
      }
      // Under a stream of small commits every one rings the bell; claiming at each ring meant a claim
      // transaction per send-out. A short pause after a ring, or after a thin claim, lets a batch gather
      // (+60% request throughput with delivery in the same process) for a few ms of latency. Where other
      // processes ring the bell too (NOTIFY), a thin claim is followed by a wait for a ring (or the poll):
      // claiming every few ms on the chance that something came cost a claim per delivery at 200 events/s
      // from another process, whose NOTIFYs come at most every 15 ms. A claim that got all it asked for
      // (fewer than a batch only when few slots were free) may have left more due, and waits for no ring.
      if (claimed >= config.dispatchBatchSize / 4) continue;
      const ringFirst = claimed === 0 || (this.ctx.db.profile.listenNotify && !this.claimFilled);
      // A claim that skips saturated webhooks may owe a back-off (SKIP_CLAIM_BACKOFF): wait no longer than it.
      const gated = this.saturated.size > 0 ? this.skipClaimAfter - performance.now() : 0;
      const ms = gated > 0 ? Math.min(config.dispatchPollMs, Math.ceil(gated)) : config.dispatchPollMs;
      if (!ringFirst) await this.gather(false);
      else if (await outboxBell.wait(ms)) await this.gather(true);
    }
  }

  /** `inLoop`: the claim loop's call, which honours the back-off of claims that skip saturated webhooks. */
  private async claimAndStart(inLoop = false): Promise<number> {
    const { config, db, clock } = this.ctx;
    const room = config.dispatchMaxInFlight - this.inFlight;
    this.claimFilled = false;
    if (room <= 0) return 0;
    const skipping = this.saturated.size > 0;
    if (inLoop && skipping && performance.now() < this.skipClaimAfter) return 0;
    const now = clock.now();
    const limit = Math.min(config.dispatchBatchSize, room);
    const began = performance.now();
    const claimed = await claimDeliveries(db.engine, db.profile, {
      now,
      limit,
      leaseMs: config.dispatchLeaseMs,
      workerId: this.deps.workerId,
      skip: skipping ? { column: 'webhook_id', values: [...this.saturated] } : undefined,
    });
    if (skipping && claimed.length < limit) {
      const took = performance.now() - began;
      this.skipClaimAfter = began + took * (1 + SKIP_CLAIM_BACKOFF);
    }
    if (claimed.length === 0) return 0;
    this.claimFilled = claimed.length === limit;
    const sendable: DeliveryRow[] = [];
    for (const row of await this.recordInterrupted(claimed, now)) {
      if (row.target_url === null) this.closeWithoutTry(row, FAILURE_WEBHOOK_DELETED);
      else if (row.active !== 1 && row.manual_pending !== 1)
        this.closeWithoutTry(
          row,
          isDisabledByFailures(row) ? FAILURE_WEBHOOK_DISABLED : FAILURE_WEBHOOK_INACTIVE,
        );
      else sendable.push(row);
    }
    const ready = await withinRateLimits(this.ctx.db.engine, this.deps, sendable, now);
    const small = ready.length <= SMALL_CLAIM && this.inFlight <= SMALL_CLAIM;
    const http = (small && this.deps.smallClaimHttp) || this.deps.http;
    for (const row of ready) this.enqueue({ row, origin: new URL(row.target_url!).origin, http });
    return claimed.length;
  }

  /**
   * A send-out taken over from an expired lease lost a try with the worker that held it (the receiver may
   * have got it). That try is recorded as an `interrupted` attempt before the new one is sent, so that the
   * audit log counts what the receiver saw. Only after a worker died, so off the hot path. Returns the rows
   * with those attempts counted.
   */
  private async recordInterrupted(claimed: ClaimedDelivery[], now: number): Promise<ClaimedDelivery[]> {
    const lost = claimed.filter((c) => c.lease_taken_from !== null).map((c) => interruptedAttempt(c, now));
    if (lost.length === 0) return claimed;
    for (let i = 0; i < lost.length; i++) this.deps.metrics?.outcome('interrupted');
    const recorded = await transact(this.ctx, (tx) =>
      insertInterruptedAttempts(tx.db, this.deps.workerId, lost),
    );
    return claimed.map((c) => (recorded.has(c.id) ? { ...c, attempts_count: c.attempts_count + 1 } : c));
  }

  private closeWithoutTry(row: DeliveryRow, reason: string): void {
    this.deps.metrics?.outcome(reason);
    this.outcomes.push({
      id: row.id,
      lockedBy: this.deps.workerId,
      status: 'failed',
      nextAttemptAt: null,
      attemptsCount: row.attempts_count,
      retriesCount: row.retries_count,
      firstAttemptAt: row.first_attempt_at,
      executedAt: null,
      targetUrl: null,
      failureReason: reason,
      attempt: null,
    });
  }

  private enqueue(job: Job): void {
    this.inFlight++;
    let o = this.origins.get(job.origin);
    if (!o) {
      o = { active: 0, queue: [], webhooks: new Set() };
      this.origins.set(job.origin, o);
    }
    o.webhooks.add(job.row.webhook_id);
    if (o.active < this.breaker.limit(job.origin)) {
      o.active++;
      void this.run(job);
      return;
    }
    o.queue.push(job);
    // Head-of-line isolation: once an origin has a backlog in this process, the next claims leave its
    // webhooks' send-outs in the database, so that a slow receiver cannot fill the in-flight budget and starve
    // the others. They are claimed again when the backlog is nearly gone.
    if (o.queue.length >= this.backlogMark) for (const id of o.webhooks) this.saturated.add(id);
  }

  private async run(job: Job): Promise<void> {
    let answered: AttemptResult | null = null;
    try {
      answered = await this.deliver(job.row, job.http);
    } catch (e) {
      this.ctx.log.error(
        { err: e, sendout_id: job.row.id },
        'delivery crashed; the lease will return it to the queue',
      );
    } finally {
      if (answered) this.breaker.adjust(job.origin, answered);
      const o = this.origins.get(job.origin)!;
      o.active--;
      const limit = this.breaker.limit(job.origin);
      // Once stopping, queued jobs stay unsent: their leases return them to the queue.
      while (!this.stopping && o.active < limit && o.queue.length > 0) {
        o.active++;
        void this.run(o.queue.shift()!);
      }
      if (o.active === 0 && o.queue.length === 0) this.origins.delete(job.origin);
      if (o.queue.length < this.backlogMark / 2 && o.webhooks.size > 0 && this.saturated.size > 0) {
        let freed = false;
        for (const id of o.webhooks) freed = this.saturated.delete(id) || freed;
        // The back-off of thin skipping claims stays: resetting it here put a full scan past a saturated
        // backlog into every cycle of claim, saturation and release (1,000,000 queued: 0.19 of the rate).
        if (freed) this.ctx.outboxBell.ringHere();
      }
      this.inFlight--;
      const w = this.slotWaiter;
      this.slotWaiter = null;
      w?.();
      if (this.inFlight === 0) for (const r of this.idleWaiters.splice(0)) r();
    }
  }

  /** Webhook ids whose origin has a backlog in this process: claims skip their send-outs for now. */
  private readonly saturated = new Set<string>();
  /** `performance.now()` before which the loop makes no claim that skips saturated webhooks. */
  private skipClaimAfter = 0;

  private get backlogMark(): number {
    return Math.max(1, Math.ceil(this.ctx.config.dispatchBatchSize / 2));
  }

  private async deliver(row: DeliveryRow, http: WebhookHttpClient): Promise<AttemptResult> {
    const { clock } = this.ctx;
    const startedAt = clock.now();
    const targetUrl = row.target_url!;
    const secrets = [row.webhook_secret];
    if (row.previous_webhook_secret && (row.previous_secret_until ?? 0) > startedAt)
      secrets.push(row.previous_webhook_secret);
    const result = await http.send({
      url: targetUrl,
      envelope: {
        sendoutId: row.id,
        projectId: row.project_id,
        createdAt: iso(row.created_at),
        type: row.type,
        dataJson: row.data,
        webhook: { id: row.webhook_id, target_url: targetUrl },
        event: {
          id: row.event_id,
          type: row.type,
          created_at: iso(row.event_created_at),
          entity_id: row.entity_id,
          group_id: row.group_id,
          event_source_json: row.event_source,
        },
      },
      secrets,
      timestampSec: Math.floor(startedAt / 1000),
      customHeaders: row.headers,
      startedAt,
    });
    this.recordResult(row, targetUrl, result);
    return result;
  }

  private recordResult(row: DeliveryRow, targetUrl: string, r: AttemptResult): void {
    const verdict = classifyAttempt(r);
    const manual = row.manual_pending === 1;
    const firstAttemptAt = row.first_attempt_at ?? r.startedAt;
    const next = nextState(
      verdict,
      {
        retriesCount: row.retries_count,
        firstAttemptAt,
        manual,
        notBefore: retryAfterAt(r.statusCode, r.responseHeaders, r.startedAt + r.durationMs),
      },
      this.ctx.config.retryScheduleMs,
    );
    const number = row.attempts_count + 1;
    this.deps.metrics?.delivered(next.status, r.durationMs);
    const succeededAt = next.status === 'succeeded' ? r.startedAt + r.durationMs : null;
    const exhausted =
      next.status === 'failed' && next.exhausted
        ? { since: firstAttemptAt, reason: disabledByFailures(row.id, number) }
        : null;
    this.outcomes.push(
      {
        id: row.id,
        lockedBy: this.deps.workerId,
        status: next.status,
        nextAttemptAt: next.nextAttemptAt,
        attemptsCount: number,
        retriesCount: next.retriesCount,
        firstAttemptAt,
        executedAt: r.startedAt,
        targetUrl,
        failureReason: next.failureReason,
        attempt: {
          sendout_id: row.id,
          number,
          started_at: r.startedAt,
          duration_ms: r.durationMs,
          status_code: r.statusCode,
          error: r.error,
          response_headers: JSON.stringify(r.responseHeaders),
          response_body: r.responseBody ?? (r.errorMessage ? r.errorMessage.slice(0, 4096) : null),
          manual: manual ? 1 : 0,
        },
      },
      succeededAt !== null || exhausted ? { webhookId: row.webhook_id, succeededAt, exhausted } : undefined,
    );
  }

  private elu = { mark: performance.eventLoopUtilization(), at: performance.now(), busy: 1 };

  /**
   * The pause that lets a batch gather before a claim, after a ring (`rang`) or a thin claim: worth +60% to
   * requests in this process when CPU is short, only latency otherwise. So on SQLite, with the event loop
   * mostly idle over the last ~100 ms, a ring is followed by the claim at once, and a thin claim by a pause
   * that this process's next ring ends early. Where NOTIFY rings (spaced already), it is always the pause.
   */
  private async gather(rang: boolean): Promise<void> {
    if (!this.ctx.db.profile.listenNotify) {
      const now = performance.now();
      if (now - this.elu.at >= ELU_WINDOW_MS) {
        const mark = performance.eventLoopUtilization();
        this.elu = { mark, at: now, busy: performance.eventLoopUtilization(mark, this.elu.mark).utilization };
      }
      if (this.elu.busy < GATHER_WHEN_BUSY) {
        if (!rang) await this.ctx.outboxBell.wait(CLAIM_COALESCE_MS);
        return;
      }
    }
    await sleep(CLAIM_COALESCE_MS);
  }

  private idle(): Promise<void> {
    if (this.inFlight === 0) return Promise.resolve();
    return new Promise((r) => this.idleWaiters.push(r));
  }
}
