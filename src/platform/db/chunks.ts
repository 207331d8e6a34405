/**
 * Splits a batch into chunks whose sizes are powers of two up to 128 (100 = 64 + 32 + 4), so that statements
 * whose text grows with the batch (IN lists, VALUES rows) come in eight shapes that SQLite's statement cache
 * keeps prepared (preparing a fresh 100-row statement per flush cost more than running it), while a batch
 * still takes at most a few round trips on PostgreSQL.
 */
export function inStandardChunks<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  let i = 0;
  for (const size of [128, 64, 32, 16, 8, 4, 2, 1])
    while (items.length - i >= size) {
      out.push(items.slice(i, i + size));
      i += size;
    }
  return out;
}
