import { hostname } from 'node:os';
import pino, { type Logger } from 'pino';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { onTierChanged, pointsExpirationJob } from './loyalties/index.js';
import { type Clock, systemClock } from './platform/clock.js';
import type { Config } from './platform/config.js';
import type { AppContext } from './platform/context.js';
import { type Db, openDatabase } from './platform/db/connect.js';
import { migrateToLatest } from './platform/db/migrate.js';
import { coalescedNotifier } from './platform/db/notifier.js';
import { JOBS_CHANNEL } from './async-actions/index.js';
import { clientKeyRoutes, clientV1Plugin, v1Plugin } from './api/index.js';
import { dashboardPlugin, dashboardSessionAuthenticator } from './dashboard/index.js';
import { createJobRegistry, createJobRunner, type JobRunner } from './jobs/index.js';
import { deleteCampaignJob } from './campaigns/index.js';
import { applyTierRules, pointsActivationJob } from './earning-rules/index.js';
import { generateVouchersJob, importVouchersJob } from './vouchers/index.js';
import { Doorbell } from './platform/doorbell.js';
import { FIRED_EVENTS } from './fired-events.js';
import { type App, createHttpServer } from './platform/http/server.js';
import { documentMoreErrors } from './platform/http/openapi.js';
import { randomBase62 } from './platform/ids.js';
import {
  type BootstrapResult,
  bootstrapDefaultProject,
  projectRoutes,
  requireManagement,
} from './projects/index.js';
import {
  connectionsPerOrigin,
  createThreadedHttpClient,
  createWebhookHttpClient,
  Dispatcher,
  OUTBOX_CHANNEL,
  registerDeliveryMetrics,
  sendoutRoutes,
  sendoutStatsRoutes,
  retentionJob,
  webhookRoutes,
  type WebhookHttpClient,
} from './webhooks/index.js';

export interface Vouchsafe {
  readonly app: App;
  readonly ctx: AppContext;
  readonly http: WebhookHttpClient;
  /** Null in the `api` role. */
  readonly dispatcher: Dispatcher | null;
  readonly bootstrap: BootstrapResult;
  /** The job runner: `drain()` runs due jobs now (tests), `start()` runs its loop (background). */
  readonly jobs: JobRunner;
  /** Starts background work: the dispatcher loop, LISTEN, the job runner. Route tests may leave it off. */
  startBackground(): Promise<void>;
  /** Gets the delivery thread ready without starting background work (startBackground does it anyway). */
  warmUp(): Promise<void>;
  close(): Promise<void>;
}

export interface CreateOptions {
  config: Config;
  clock?: Clock;
  /** An open database; otherwise one is opened from the config. */
  db?: Db;
  logger?: Logger;
}

/** Assembles the service: database (migrated), default project, HTTP routes, delivery engine. */
export async function createVouchsafe(opts: CreateOptions): Promise<Vouchsafe> {
  const { config } = opts;
  const log =
    opts.logger ??
    pino({
      level: config.logLevel,
      redact: {
        paths: [
          'req.headers["x-app-token"]',
          'req.headers["x-management-token"]',
          'req.headers["x-client-token"]',
          'req.headers.cookie',
          'req.headers.authorization',
        ],
        censor: '[redacted]',
      },
    });
  const db = opts.db ?? (await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir }));
  await migrateToLatest(db.kysely);
  const metrics = new Registry();
  collectDefaultMetrics({ register: metrics });
  // Other processes' dispatchers and job runners learn of new work by a NOTIFY after the commit, coalesced.
  const outboxNotifier = db.profile.listenNotify ? coalescedNotifier(db, OUTBOX_CHANNEL, log) : null;
  const jobsNotifier = db.profile.listenNotify ? coalescedNotifier(db, JOBS_CHANNEL, log) : null;
  const ctx: AppContext = {
    config,
    db,
    clock: opts.clock ?? systemClock,
    log,
    metrics,
    outboxBell: new Doorbell(outboxNotifier ? () => outboxNotifier.signal() : undefined),
    jobsBell: new Doorbell(jobsNotifier ? () => jobsNotifier.signal() : undefined),
  };
  const bootstrap = await bootstrapDefaultProject(ctx);
  // Loyalties tells of tier changes without importing earning-rules, which imports it: the tier rules listen.
  onTierChanged(applyTierRules);
  // Every job of every context; adding one touches its context and this list, nothing in src/jobs/.
  const jobs = createJobRunner(
    ctx,
    createJobRegistry({
      jobs: [generateVouchersJob, importVouchersJob, deleteCampaignJob],
      periodic: [retentionJob, pointsExpirationJob, pointsActivationJob],
    }),
  );
  const deliveryMetrics = registerDeliveryMetrics(ctx, metrics);
  const http = createWebhookHttpClient({
    policy: config.allowPrivateTargets,
    timeoutMs: config.webhookTimeoutMs,
    connectionsPerOrigin: connectionsPerOrigin(config),
  });
  // Test sends use the in-thread client; the dispatcher's requests run in the delivery thread when enabled.
  const deliveryHttp =
    config.role !== 'api' && config.deliveryThread
      ? createThreadedHttpClient({
          policy: config.allowPrivateTargets,
          timeoutMs: config.webhookTimeoutMs,
          connectionsPerOrigin: connectionsPerOrigin(config),
        })
      : http;
  const dispatcher =
    config.role === 'api'
      ? null
      : new Dispatcher({
          ctx,
          http: deliveryHttp,
          ...(deliveryHttp !== http ? { smallClaimHttp: http } : {}),
          workerId: `${hostname()}:${process.pid}:${randomBase62(6)}`,
          metrics: deliveryMetrics,
        });

  const app = await createHttpServer(ctx);
  await app.register(
    async (mgmt) => {
      mgmt.addHook('onRequest', requireManagement(ctx, [dashboardSessionAuthenticator(ctx)]));
      // A dashboard session may call these routes; a mutating call without its CSRF token is a 403.
      documentMoreErrors(mgmt, (route) =>
        [route.method].flat().some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m)) ? [403] : [],
      );
      await mgmt.register(projectRoutes(ctx));
      await mgmt.register(clientKeyRoutes(ctx));
      await mgmt.register(webhookRoutes(ctx, FIRED_EVENTS));
      await mgmt.register(sendoutRoutes(ctx, http, FIRED_EVENTS));
      await mgmt.register(sendoutStatsRoutes(ctx));
    },
    { prefix: '/management/v1' },
  );
  await app.register(v1Plugin(ctx), { prefix: '/v1' });
  await app.register(clientV1Plugin(ctx), { prefix: '/client/v1' });
  await app.register(dashboardPlugin(ctx));
  app.get('/metrics', { schema: { hide: true } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );

  const stops: (() => Promise<void> | void)[] = [];
  let closing: Promise<void> | undefined;
  return {
    app,
    ctx,
    http,
    dispatcher,
    bootstrap,
    jobs,
    async warmUp() {
      if (dispatcher) await deliveryHttp.warmUp?.();
    },
    async startBackground() {
      if (!dispatcher) return;
      const unlisten = await db.listen(OUTBOX_CHANNEL, () => ctx.outboxBell.ringHere());
      if (unlisten) stops.push(unlisten);
      await deliveryHttp.warmUp?.();
      dispatcher.start();
      stops.push(() => dispatcher.stop());
      stops.push(await jobs.start());
    },
    close() {
      // Closing twice waits for the first close, rather than closing destroyed clients again.
      closing ??= (async () => {
        await app.close();
        for (const stop of stops.reverse()) await stop();
        await outboxNotifier?.close();
        await jobsNotifier?.close();
        await http.close();
        if (deliveryHttp !== http) await deliveryHttp.close();
        if (!opts.db) await db.close();
      })();
      return closing;
    },
  };
}
