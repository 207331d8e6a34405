/**
 * Wakes a sleeping loop at once; rings coalesce while nobody waits. A bell may also relay its rings to other
 * processes (the outbox bell sends a NOTIFY): `ring` wakes here and there, `ringHere` only here (a loop waking
 * itself, or a ring that came from another process).
 */
export class Doorbell {
  private rung = false;
  private waiter: (() => void) | null = null;

  constructor(private readonly relay?: () => void) {}

  ring(): void {
    this.ringHere();
    this.relay?.();
  }

  ringHere(): void {
    this.rung = true;
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** Resolves true on the next ring (or at once if one came since the last wait), false after `ms`. */
  wait(ms: number): Promise<boolean> {
    if (this.rung) {
      this.rung = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiter = null;
        resolve(false);
      }, ms);
      this.waiter = () => {
        clearTimeout(timer);
        this.rung = false;
        resolve(true);
      };
    });
  }
}
