import { type Vouchsafe, createVouchsafe } from '../app.js';
import type { Config } from '../platform/config.js';
import type { BootstrapResult } from '../projects/index.js';

/** `vouchsafe start`: migrate, bootstrap, serve, deliver; a clean exit 0 on SIGINT or SIGTERM. */
export async function runStart(config: Config): Promise<void> {
  let vs: Vouchsafe;
  try {
    vs = await createVouchsafe({ config });
  } catch (e) {
    process.stderr.write(`Vouchsafe cannot start: ${(e as Error).message}\n`);
    process.exit(1);
  }
  const { app } = vs;
  // A worker still listens: /healthz, /readyz and /metrics are how it is watched.
  await app.listen({ host: config.host, port: config.port });
  await vs.startBackground();
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  process.stdout.write(banner(`http://${host}:${port}`, config, vs.bootstrap, vs.ctx.db.location));

  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down: finishing requests and deliveries in flight');
    try {
      await vs.close();
      process.exit(0);
    } catch (e) {
      process.stderr.write(`Shutdown failed: ${(e as Error).message}\n`);
      process.exit(1);
    }
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

function banner(base: string, config: Config, b: BootstrapResult, location: string): string {
  const lines = [
    '',
    `Vouchsafe is running (role: ${config.role})`,
    `  API:         ${base}/v1`,
    `  Management:  ${base}/management/v1`,
    `  Dashboard:   ${base}/dashboard`,
    `  API docs:    ${base}/docs`,
    `  Data:        ${location}`,
    `  Project:     ${b.project.id} (${b.project.name})`,
    `  Webhook egress to private addresses: ${config.allowPrivateTargets}` +
      (config.allowPrivateTargets === 'none'
        ? ''
        : '  (set VOUCHSAFE_ALLOW_PRIVATE_TARGETS=none in production)'),
  ];
  if (b.created) {
    const c = b.created;
    lines.push(
      '',
      'First start: these credentials are shown once. Keep them.',
      `  X-App-Id:            ${c.appId}`,
      `  X-App-Token:         ${c.appToken}`,
      `  X-Management-Id:     ${c.managementId}`,
      `  X-Management-Token:  ${c.managementToken}`,
      `  Webhook secret key:  ${c.webhookSecret}`,
      `  X-Client-Application-Id: ${c.clientAppId}`,
      `  X-Client-Token:          ${c.clientToken}`,
      `  Client origins:          ${c.clientOrigins.length ? c.clientOrigins.join(', ') : '(none yet: add them with --client-origins or the client-keys API)'}`,
    );
  } else {
    lines.push('', 'Credentials were printed at first start (tokens are stored hashed).');
  }
  for (const w of b.warnings) lines.push(`  warning: ${w}`);
  return lines.join('\n') + '\n\n';
}
