import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { eventually } from '../helpers/poll.js';

/** The repository root, where `src/cli/main.ts` lives. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Fixed first-start keys, so the test knows them in advance as a script or CI would. */
export const FIXED = {
  appId: 'app_e2e_fixed',
  appToken: 'e2e-app-token-0123456789abcdef',
  managementId: 'mgmt_e2e_fixed',
  managementToken: 'e2e-mgmt-token-0123456789abcdef',
  webhookSecret: 'whsec_e2e-secret-0123456789abcdef',
} as const;

export const FIXED_FLAGS = [
  '--app-id',
  FIXED.appId,
  '--app-token',
  FIXED.appToken,
  '--management-id',
  FIXED.managementId,
  '--management-token',
  FIXED.managementToken,
  '--webhook-secret',
  FIXED.webhookSecret,
];

/** The environment without anything that would point the process elsewhere than the test says. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k.startsWith('VOUCHSAFE_') || k === 'DATABASE_URL' || k.startsWith('VITEST') || k === 'NODE_ENV')
      continue;
    env[k] = v;
  }
  return { ...env, VOUCHSAFE_LOG_LEVEL: 'warn', ...extra };
}

export interface Banner {
  base: string;
  projectId: string;
  data: string;
  /** Present on the first start only. */
  credentials: Record<string, string> | null;
}

/**
 * A real `vouchsafe start` process. It runs the CLI from source through tsx, so the test needs no build
 * step and always exercises the code under test; `bin/vouchsafe.js` only imports the built copy of it.
 */
export class VouchsafeProcess {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
      cwd: ROOT,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child.stdout!.on('data', (c: Buffer) => {
      this.stdout += c.toString('utf8');
    });
    this.child.stderr!.on('data', (c: Buffer) => {
      this.stderr += c.toString('utf8');
    });
    this.exited = new Promise((resolve) =>
      this.child.on('exit', (code, signal) => resolve({ code, signal })),
    );
  }

  /** Resolves with the parsed banner once printed; rejects if the process exits first. */
  async banner(timeoutMs = 60_000): Promise<Banner> {
    let exited = false;
    void this.exited.then(() => {
      exited = true;
    });
    const out = () => `stdout:\n${this.stdout}\nstderr:\n${this.stderr}`;
    const parsed = await eventually(() => parseBanner(this.stdout) ?? (exited ? 'exited' : null), {
      timeoutMs,
      everyMs: 25,
      what: `the banner.\n${out()}`,
    });
    if (parsed === 'exited') throw new Error(`exited before serving.\n${out()}`);
    return parsed as Banner;
  }

  /** Sends a signal and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals = 'SIGTERM') {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

export function parseBanner(out: string): Banner | null {
  const line = (label: string) => new RegExp(`^\\s*${label}:\\s+(\\S.*)$`, 'm').exec(out)?.[1]?.trim();
  const mgmt = line('Management');
  const project = line('Project');
  const complete = /^\s*(Webhook secret key:.*|Credentials were printed.*)$/m.test(out);
  if (!mgmt || !project || !complete) return null;
  const credentials: Record<string, string> = {};
  for (const label of [
    'X-App-Id',
    'X-App-Token',
    'X-Management-Id',
    'X-Management-Token',
    'Webhook secret key',
  ]) {
    const v = line(label);
    if (v) credentials[label] = v;
  }
  return {
    base: mgmt.replace(/\/management\/v1$/, ''),
    projectId: project.split(' ')[0],
    data: line('Data') ?? '',
    credentials: Object.keys(credentials).length > 0 ? credentials : null,
  };
}

/** Polls /readyz until it answers 200; returns the milliseconds it took. */
export async function waitReady(base: string, timeoutMs = 60_000): Promise<number> {
  const start = Date.now();
  const ready = async () => {
    try {
      return (await fetch(`${base}/readyz`)).status === 200;
    } catch {
      return false; // Not listening yet.
    }
  };
  await eventually(ready, { timeoutMs, everyMs: 25, what: `${base}/readyz to answer 200` });
  return Date.now() - start;
}
