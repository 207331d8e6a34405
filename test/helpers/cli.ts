import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KEYS } from './app.js';
import { type Dialect, freshPgSchema } from './db.js';
import { eventually } from './poll.js';
import { killHard, type Started, startCli } from './process.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export const MGMT = { 'x-management-id': KEYS.managementId, 'x-management-token': KEYS.managementToken };

/** The variables the developer commands read: where the server is and its management keys. */
export const clientEnv = (base: string): Record<string, string> => ({
  VOUCHSAFE_URL: base,
  VOUCHSAFE_MANAGEMENT_ID: KEYS.managementId,
  VOUCHSAFE_MANAGEMENT_TOKEN: KEYS.managementToken,
});

export interface Server {
  process: Started;
  base: string;
  projectId: string;
  stop(): Promise<void>;
}

/** `vouchsafe start` on a fresh SQLite directory or PostgreSQL schema, with a 1 s, 2 s retry schedule. */
export async function startServer(dialect: Dialect): Promise<Server> {
  const env: Record<string, string> = {
    VOUCHSAFE_RETRY_SCHEDULE: '1s,2s',
    VOUCHSAFE_LOG_LEVEL: 'warn',
    // The points-expired scenario waits for a run of the expiration job.
    VOUCHSAFE_POINTS_EXPIRATION_INTERVAL_MS: '500',
  };
  let cleanup: () => Promise<void>;
  const args = [
    'start',
    '--port',
    '0',
    '--management-id',
    KEYS.managementId,
    '--management-token',
    KEYS.managementToken,
    '--app-id',
    KEYS.appId,
    '--app-token',
    KEYS.appToken,
    '--webhook-secret',
    KEYS.webhookSecret,
  ];
  if (dialect.name === 'postgres') {
    const { schema, drop } = await freshPgSchema();
    const url = new URL(process.env.DATABASE_URL!);
    url.searchParams.set('options', `-c search_path=${schema}`);
    env.DATABASE_URL = url.toString();
    cleanup = drop;
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-cli-'));
    args.push('--data', dir);
    cleanup = async () => rmSync(dir, { recursive: true, force: true });
  }
  const p = await startCli(args, env);
  const base = /API:\s+(http:\/\/\S+)\/v1/.exec(p.output())![1]!;
  const projectId = /Project:\s+(proj_\w+)/.exec(p.output())![1]!;
  return {
    process: p,
    base,
    projectId,
    async stop() {
      if (p.child.exitCode === null) await killHard(p);
      await cleanup();
    },
  };
}

/** Runs a CLI command to its end; its exit code and everything it printed. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

/** Resolves once `pattern` appears in the process's output. */
export async function waitForOutput(
  p: Started,
  pattern: RegExp,
  timeoutMs = 15_000,
): Promise<RegExpExecArray> {
  try {
    return (await eventually(() => pattern.exec(p.output()), { timeoutMs, everyMs: 50 }))!;
  } catch {
    throw new Error(`no ${pattern} in ${timeoutMs} ms:\n${p.output()}`);
  }
}

/** The webhooks of a started server's project, over HTTP (factories.listWebhooks is the in-process one). */
export async function listServerWebhooks(s: Server): Promise<{ id: string; target_url: string }[]> {
  const res = await fetch(`${s.base}/management/v1/projects/${s.projectId}/webhooks`, { headers: MGMT });
  return ((await res.json()) as { data: { id: string; target_url: string }[] }).data;
}
