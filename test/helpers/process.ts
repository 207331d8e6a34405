import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface Started {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/**
 * Runs the real CLI (`vouchsafe …`) from source through tsx, so no build is needed, and resolves once the
 * banner is printed. Environment is the given one only (plus PATH), so the machine's settings do not leak in.
 */
export async function startCli(
  args: string[],
  env: Record<string, string>,
  readyPattern = /Vouchsafe is running/,
): Promise<Started> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`process not ready in 30 s:\n${out}`)), 30_000);
    const check = () => {
      if (readyPattern.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`process exited with ${code} before ready:\n${out}`));
    });
  });
  return { child, output: () => out, exited };
}

export function killHard(p: Started): Promise<number | null> {
  p.child.kill('SIGKILL');
  return p.exited;
}
