/**
 * Sums `--cpu-prof` profiles (every thread's) into the steps of the delivery path, as shares of the CPU
 * samples taken in a window (the drain, as bench/deliveries prints it with BENCH_PROFILE_WINDOW=1).
 * Usage: node --import tsx bench/profile-summary.ts <dir> [<from µs> <to µs>]
 * A sample goes to the first rule (in the order below) that any frame of its stack matches. SQLite's own
 * work is run from continuations whose callers an `await` hid, so it is one line of its own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  startTime: number;
  samples: number[];
  timeDeltas: number[];
}

const RULES: [string, (f: Node['callFrame']) => boolean][] = [
  ['idle', (f) => f.functionName === '(idle)'],
  ['garbage collection', (f) => f.functionName === '(garbage collector)'],
  [
    'envelope and signing',
    (f) =>
      /^(buildEnvelope|voucherifySignature|webhookSignatureHeader|standardWebhookSignature)$/.test(
        f.functionName,
      ),
  ],
  ['claim', (f) => /^(claimLeased|claimDueSendouts|claimDeliveries)$/.test(f.functionName)],
  ['row fetch', (f) => /^(selectDeliveries|selectDeliveryChunk)$/.test(f.functionName)],
  [
    'outcome write',
    (f) =>
      /^(completeSendouts|recordResult|recordWebhookHealth)$/.test(f.functionName) ||
      (f.functionName === 'flush' && /dispatcher\.ts/.test(f.url)),
  ],
  [
    'hand-over to the delivery thread',
    (f) => /http-thread(\.worker)?\.ts/.test(f.url) || /worker_threads|internal\/worker/.test(f.url),
  ],
  ['undici (HTTP client)', (f) => /undici|http-client\.ts|node:net|internal\/stream/.test(f.url)],
  [
    'SQLite statements (callers behind an await), commits, checkpoints',
    (f) => /better-sqlite3|sqlite-driver|SqliteConnection|checkpointer/.test(f.url + f.functionName),
  ],
  ['Kysely (building, compiling, driving queries)', (f) => /\/kysely\//.test(f.url)],
  ['dispatcher orchestration', (f) => /dispatcher\.ts/.test(f.url)],
  ['(program): V8 and native outside JS', (f) => f.functionName === '(program)'],
];

const [dir, fromArg, toArg] = process.argv.slice(2);
const from = fromArg ? Number(fromArg) : Number.NEGATIVE_INFINITY;
const to = toArg ? Number(toArg) : Number.POSITIVE_INFINITY;
const totals = new Map<string, number>();
let all = 0;
for (const file of readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'))) {
  const p = JSON.parse(readFileSync(join(dir, file), 'utf8')) as Profile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const category = new Map<number, string>();
  const categorize = (id: number): string => {
    const cached = category.get(id);
    if (cached) return cached;
    const frames: Node['callFrame'][] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur))
      frames.push(byId.get(cur)!.callFrame);
    const hit = RULES.find(([, test]) => frames.some(test));
    const c = hit ? hit[0] : 'other';
    category.set(id, c);
    return c;
  };
  let t = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    t += p.timeDeltas[i];
    const dt = p.timeDeltas[i + 1] ?? 0;
    if (t < from || t > to) continue;
    const c = categorize(p.samples[i]);
    if (c === 'idle') continue;
    totals.set(c, (totals.get(c) ?? 0) + dt);
    all += dt;
  }
}
console.log(`CPU samples in the window: ${(all / 1000).toFixed(0)} ms (idle left out)`);
for (const [c, us] of [...totals].sort((a, b) => b[1] - a[1]))
  console.log(
    `  ${c.padEnd(48)} ${((100 * us) / all).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0)} ms`,
  );
