/**
 * Integer money arithmetic in the smallest currency unit (Voucherify's convention: 10000 is 100.00), exact
 * to the unit: no floating-point product is ever rounded.
 */

/** Percents are exact to this many decimal places (12.3456 %); finer ones are rounded to it first. */
const PERCENT_SCALE = 10_000n;

/** `percent` % of `amount`, rounded half up to a whole unit. Exact for any safe integer amount. */
export function percentOf(amount: number, percent: number): number {
  if (amount <= 0 || percent <= 0) return 0;
  const p = BigInt(Math.round(percent * Number(PERCENT_SCALE)));
  const denominator = 100n * PERCENT_SCALE;
  const scaled = BigInt(amount) * p;
  return Number((scaled * 2n + denominator) / (denominator * 2n));
}

/** `units` split by `weights` into whole parts that sum to `units`: floors, then largest remainders. */
function apportion(units: number, weights: bigint[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0n);
  const exact = weights.map((w) => BigInt(units) * w);
  const parts = exact.map((e) => Number(e / sum));
  let spare = units - parts.reduce((a, b) => a + b, 0);
  const order = exact
    .map((e, i) => ({ i, rest: e % sum }))
    .sort((a, b) => (b.rest > a.rest ? 1 : b.rest < a.rest ? -1 : a.i - b.i));
  for (const { i } of order) {
    if (spare <= 0) break;
    parts[i] += 1;
    spare -= 1;
  }
  return parts;
}

/**
 * Splits `total` into whole units proportional to `weights`, each share at most its `cap`, by largest
 * remainder (ties to the earlier index). What a capped share cannot take goes to the others, in proportion
 * again, until all is given or every share is full: the result sums to `min(total, sum of caps)` and no
 * share exceeds its cap. When no share with room has a weight, the rest is shared equally.
 */
export function distribute(total: number, weights: number[], caps: number[]): number[] {
  const out = weights.map(() => 0);
  let left = Math.max(
    0,
    Math.min(
      total,
      caps.reduce((a, b) => a + Math.max(0, b), 0),
    ),
  );
  // Each round either gives all that is left or fills at least one share, so it ends.
  while (left > 0) {
    const open = out.flatMap((v, i) => (v < caps[i]! ? [i] : []));
    if (open.length === 0) break;
    let w = open.map((i) => BigInt(Math.max(0, Math.round(weights[i]!))));
    if (w.every((x) => x === 0n)) w = open.map(() => 1n);
    const parts = apportion(left, w);
    let given = 0;
    for (const [k, i] of open.entries()) {
      const take = Math.min(parts[k]!, caps[i]! - out[i]!);
      out[i] += take;
      given += take;
    }
    if (given === 0) break;
    left -= given;
  }
  return out;
}
