import type { AppContext } from '../../platform/context.js';
import { retryingConflicts, transact } from '../../platform/db/transaction.js';
import { recordWebhookHealth } from '../webhook.service.js';
import { completeSendoutsAtOnce } from './completion.repository.js';
import { completeSendouts, type SendoutUpdate } from './delivery.repository.js';
import { type WebhookNote, webhookHealth } from './outcome.js';

const FLUSH_AT = 256;
const FLUSH_DELAY_MS = 20;

/**
 * The dispatcher's group commit: outcomes wait up to FLUSH_DELAY_MS, or until FLUSH_AT of them are buffered,
 * and are then written together. Responses arrive a few per event-loop turn, so writing every turn meant
 * hundreds of tiny transactions a second.
 */
export class OutcomeBuffer {
  private pending: SendoutUpdate[] = [];
  /** What buffered outcomes say about their webhooks, by send-out id: written only for outcomes applied. */
  private notes = new Map<string, WebhookNote>();
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'clock' | 'log'>) {}

  push(u: SendoutUpdate, note?: WebhookNote): void {
    this.pending.push(u);
    if (note) this.notes.set(u.id, note);
    if (this.pending.length >= FLUSH_AT) this.flushSoon(0);
    else this.flushSoon(FLUSH_DELAY_MS);
  }

  /** Writes what is buffered now, and cancels the timer: for drains and stops. */
  async flushNow(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.flush();
  }

  private flushSoon(delayMs: number): void {
    if (this.timer && delayMs > 0) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush().catch((e) => this.ctx.log.error({ err: e }, 'recording outcomes failed'));
    }, delayMs);
  }

  /**
   * Writes all buffered outcomes in one transaction, with what they say about their webhooks (the last 2XX;
   * the disable of a dead endpoint) last, so that the webhook rows stay locked only briefly. Where the
   * database allows it and no outcome disables a webhook, in one statement instead (`completeSendoutsAtOnce`).
   */
  private async flush(): Promise<void> {
    while (this.flushing) await this.flushing;
    if (this.pending.length === 0) return;
    const batch = this.pending;
    const notes = this.notes;
    this.pending = [];
    this.notes = new Map();
    const { db } = this.ctx;
    const disables = [...notes.values()].some((n) => n.exhausted);
    this.flushing = (
      db.profile.modifyingCte && !disables
        ? retryingConflicts(() => completeSendoutsAtOnce(db.engine, batch, notes))
        : transact(this.ctx, async (tx) => {
            const applied = await completeSendouts(tx.db, batch);
            const health = webhookHealth(applied.flatMap((id) => notes.get(id) ?? []));
            if (health.length > 0) await recordWebhookHealth(tx, health);
          })
    ).finally(() => {
      this.flushing = null;
    });
    await this.flushing;
  }
}
