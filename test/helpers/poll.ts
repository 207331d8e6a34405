import type { ManualClock } from '../../src/platform/clock.js';

export interface PollOptions<T> {
  /** When the value is good enough; truthy by default. */
  ok?: (v: T) => boolean;
  /** Wall-clock bound on the wait (work in other processes or threads runs on real time). */
  timeoutMs?: number;
  /** What is awaited, for the timeout message. */
  what?: string;
  /** Pause between reads on the wall clock; a yield to the event loop when a clock is given. */
  everyMs?: number;
  /** A manual clock to move forward by `stepMs` between reads instead of pausing: time passes only when told. */
  clock?: ManualClock;
  stepMs?: number;
}

const pause = (ms: number) => new Promise((r) => (ms > 0 ? setTimeout(r, ms) : setImmediate(r)));

/**
 * Reads `read` until its value is ok and returns it; throws with the last value after `timeoutMs`. No
 * fixed sleep stands in for a condition: every wait ends as soon as the awaited state is observed.
 */
export async function eventually<T>(read: () => T | Promise<T>, opts: PollOptions<T> = {}): Promise<T> {
  const ok = opts.ok ?? ((v: T) => Boolean(v));
  const end = Date.now() + (opts.timeoutMs ?? 10_000);
  for (;;) {
    const v = await read();
    if (ok(v)) return v;
    if (Date.now() > end)
      throw new Error(`timed out waiting for ${opts.what ?? 'a condition'}; last value ${JSON.stringify(v)}`);
    if (opts.clock) {
      opts.clock.advance(opts.stepMs ?? 1000);
      await pause(0);
    } else await pause(opts.everyMs ?? 20);
  }
}

/** Waits until `cond` holds (see `eventually`). */
export async function waitUntil(
  cond: () => boolean | Promise<boolean>,
  timeoutMs = 10_000,
  what = 'a condition',
): Promise<void> {
  await eventually(cond, { timeoutMs, what });
}
