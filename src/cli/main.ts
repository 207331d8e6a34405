import { Command } from 'commander';
import { ConfigError, loadConfig, OPTIONS } from '../platform/config.js';
import { runMigrate } from './migrate.js';
import { runStart } from './start.js';

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

await program.parseAsync(process.argv);
