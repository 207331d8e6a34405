import { randomBytes } from 'node:crypto';

/**
 * Uniform random indexes below `n` (n ≤ 65536), drawn from a pool of `poolBytes` random bytes refilled with
 * one syscall: ids and voucher codes are minted many at a time, and one syscall per character would cost
 * more than the drawing itself. Rejection sampling keeps every index equally likely.
 */
export function uniformRandom(poolBytes: number): (n: number) => number {
  let pool = Buffer.alloc(0);
  let offset = 0;
  const nextByte = () => {
    if (offset >= pool.length) {
      pool = randomBytes(poolBytes);
      offset = 0;
    }
    return pool[offset++];
  };
  return (n) => {
    if (n <= 256) {
      const limit = 256 - (256 % n);
      for (;;) {
        const b = nextByte();
        if (b < limit) return b % n;
      }
    }
    const limit = 65536 - (65536 % n);
    for (;;) {
      const v = (nextByte() << 8) | nextByte();
      if (v < limit) return v % n;
    }
  };
}
