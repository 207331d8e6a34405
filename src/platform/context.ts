import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { Clock } from './clock.js';
import type { Config } from './config.js';
import type { Db } from './db/connect.js';
import type { Doorbell } from './doorbell.js';

/** What every service needs: configuration, storage, time, logs, metrics, and the outbox doorbell. */
export interface AppContext {
  readonly config: Config;
  readonly db: Db;
  readonly clock: Clock;
  readonly log: Logger;
  readonly metrics: Registry;
  /** Rung after a commit that recorded events, so the in-process dispatcher wakes at once. */
  readonly outboxBell: Doorbell;
  /** Rung after a commit that enqueued an async action, so the in-process job runner wakes at once. */
  readonly jobsBell: Doorbell;
}
