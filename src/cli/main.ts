import { Command } from 'commander';
import { ConfigError, loadConfig, OPTIONS } from '../platform/config.js';
import { clientOptions, withClientFlags } from './client.js';
import { startListener } from './listen.js';
import { runMigrate } from './migrate.js';
import { runStart } from './start.js';
import { findTrigger, runTrigger, triggerList } from './trigger.js';

const program = new Command();
program
  .name('vouchsafe')
  .description('Self-hosted, Voucherify-compatible promotions API with reliable webhooks');

function withConfigFlags(cmd: Command): Command {
  for (const o of OPTIONS) if (o.flag) cmd.option(`--${o.flag} <value>`, `${o.description} (env ${o.env})`);
  return cmd;
}

/** Commander stores `--app-id` as `appId`; loadConfig wants the flag names back. */
function flagValues(opts: Record<string, string | undefined>): Record<string, string | undefined> {
  const out: Record<string, string | undefined> = {};
  for (const o of OPTIONS) {
    if (!o.flag) continue;
    const camel = o.flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    out[o.flag] = opts[camel];
  }
  return out;
}

function configOrExit(opts: Record<string, string | undefined>) {
  try {
    return loadConfig(flagValues(opts), process.env);
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

withConfigFlags(
  program.command('start').description('Start the API, the dashboard and the delivery worker'),
).action(async (opts: Record<string, string | undefined>) => {
  await runStart(configOrExit(opts));
});

withConfigFlags(
  program.command('migrate').description('Bring the database schema up to date, then exit'),
).action(async (opts: Record<string, string | undefined>) => {
  await runMigrate(configOrExit(opts));
});

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

function clientOrExit(opts: Record<string, string | undefined>) {
  try {
    return clientOptions(opts, process.env);
  } catch (e) {
    return fail((e as Error).message, 2);
  }
}

withClientFlags(
  program
    .command('listen')
    .description(
      "Receive this server's webhooks locally: verify, print, and optionally forward each delivery",
    ),
)
  .option('--events <types>', 'comma-separated event types to subscribe to (default: all)')
  .option('--forward-to <url>', 'relay each delivery, byte for byte with its headers, to this URL')
  .option('--print <format>', 'line (one line per delivery) or json (also the whole body)', 'line')
  .option('--port <port>', 'port of the local receiver (default: a free one)', '0')
  .option('--host <host>', 'address of the local receiver', '127.0.0.1')
  .action(async (opts: Record<string, string | undefined>) => {
    const client = clientOrExit(opts);
    if (opts.print !== 'line' && opts.print !== 'json') fail('--print is line or json', 2);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    const err = (line: string) => process.stderr.write(`${line}\n`);
    const listener = await startListener(client, {
      events: opts.events ? opts.events.split(',').map((e) => e.trim()) : 'all',
      forwardTo: opts.forwardTo,
      print: opts.print as 'line' | 'json',
      port: Number(opts.port ?? 0),
      host: opts.host ?? '127.0.0.1',
      out,
      err,
    }).catch((e: Error) => fail(`vouchsafe listen: ${e.message}`));
    out(
      `Ready: webhook ${listener.webhookId} delivers to ${listener.url}${opts.forwardTo ? `, forwarded to ${opts.forwardTo}` : ''}`,
    );
    out('Press Ctrl-C to stop; the webhook is removed on exit.');
    const stop = async () => {
      await listener.close();
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  });

withClientFlags(
  program
    .command('trigger')
    .description('Fire an event type on a running Vouchsafe with real API calls')
    .argument('[event-type]', 'the event type to fire (see --list)'),
)
  .option('--list', 'list the event types it can fire')
  .option('--app-id <id>', 'application key id for /v1 (env VOUCHSAFE_APP_ID; default: a temporary key)')
  .option('--app-token <token>', 'application key token (env VOUCHSAFE_APP_TOKEN)')
  .action(async (type: string | undefined, opts: Record<string, string | boolean | undefined>) => {
    if (opts.list) {
      process.stdout.write(triggerList());
      return;
    }
    if (!type) fail('name an event type, or use --list', 2);
    const scenario = findTrigger(type);
    if (!scenario) fail(`vouchsafe trigger cannot fire "${type}"; see vouchsafe trigger --list`, 2);
    const client = clientOrExit(opts as Record<string, string | undefined>);
    const out = (line: string) => process.stdout.write(`${line}\n`);
    out(`Triggering ${scenario.type}: ${scenario.summary}`);
    const result = await runTrigger(client, scenario, out).catch((e: Error) =>
      fail(`vouchsafe trigger: ${e.message}`),
    );
    if (!result.subscribed) out(`No active webhook subscribes to ${scenario.type}: no send-outs.`);
    else if (result.sendouts.length === 0) fail(`No send-out of ${scenario.type} appeared.`);
    for (const s of result.sendouts)
      out(`  send-out ${s.id}  webhook ${s.webhook_id}  request ${s.request_id}`);
  });

await program.parseAsync(process.argv);
