/** Wakes a sleeping loop at once; rings coalesce while nobody waits. */
export class Doorbell {
  private rung = false;
  private waiter: (() => void) | null = null;

  ring(): void {
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
