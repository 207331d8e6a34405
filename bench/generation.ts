/**
 * bench/generation: bulk code generation against the raw insert rate of the same rows.
 *
 * On a fresh database (SQLite in a temporary folder, or a fresh PostgreSQL schema when DATABASE_URL is set):
 * 1. a campaign of BENCH_CODES codes (default 100,000; code_config length 8, alphanumeric) is created through
 *    `POST /v1/campaigns` and its CAMPAIGN.VOUCHERS_GENERATE job runs to the end: codes/s;
 * 2. on another fresh database, the same number of voucher rows with sequential codes go in through plain
 *    multi-row INSERTs, 2,000 rows per transaction: rows/s.
 * Each phase runs in its own process. Prints both rates, their ratio (target >= 0.5) and each phase's peak
 * RSS (target for generation < 300 MB).
 * Usage: node --import tsx bench/generation.ts  (BENCH_CODES, DATABASE_URL)
 */
import { fork } from 'node:child_process';
import { buildSync } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import pino from 'pino';
import { createVouchsafe, type Vouchsafe } from '../src/app.js';
import { configWith } from '../src/platform/config.js';
import { type Db, openDatabase } from '../src/platform/db/connect.js';
import { transact } from '../src/platform/db/transaction.js';
import { newId, randomBase62 } from '../src/platform/ids.js';
// The bench measures the raw insert path of the vouchers context itself, so it reaches past the door.
import { insertVoucherRows } from '../src/vouchers/voucher.repository.js';
import { voucherPrototype } from '../src/vouchers/voucher.rules.js';
import type { VoucherRow } from '../src/vouchers/voucher.table.js';
import { fmt } from './lib.js';

const CODES = Number(process.env.BENCH_CODES ?? 100_000);
const DATABASE_URL = process.env.DATABASE_URL ?? null;
const KEYS = { appId: 'app_bench', appToken: 'app-token-bench-0123456789' };

async function freshStore(): Promise<{ vs: Vouchsafe; db: Db; cleanup(): Promise<void> }> {
  let db: Db;
  let drop: () => Promise<void>;
  if (DATABASE_URL) {
    const schema = `bench_${randomBase62(10).toLowerCase()}`;
    db = await openDatabase({ databaseUrl: DATABASE_URL, pgSchema: schema });
    drop = async () => {
      const c = new pg.Client({ connectionString: DATABASE_URL });
      await c.connect();
      await c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
      await c.end();
    };
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-bench-gen-'));
    db = await openDatabase({ databaseUrl: null, dataDir: dir });
    drop = async () => rmSync(dir, { recursive: true, force: true });
  }
  const vs = await createVouchsafe({
    config: configWith({ ...KEYS, role: 'api', databaseUrl: DATABASE_URL, logLevel: 'silent' }),
    db,
    logger: pino({ level: 'silent' }),
  });
  await vs.app.ready();
  return {
    vs,
    db,
    async cleanup() {
      await vs.close();
      await db.close();
      await drop();
    },
  };
}

const CAMPAIGN = {
  name: 'Bench',
  campaign_type: 'DISCOUNT_COUPONS',
  voucher: {
    type: 'DISCOUNT_VOUCHER',
    discount: { type: 'PERCENT', percent_off: 10 },
    code_config: { length: 8, charset: '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ' },
  },
};

async function generationRate(): Promise<number> {
  const store = await freshStore();
  try {
    const res = await store.vs.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
      payload: { ...CAMPAIGN, vouchers_count: CODES },
    });
    if (res.statusCode !== 200) throw new Error(`campaign create failed: ${res.body}`);
    const t0 = performance.now();
    await store.vs.jobs.drain();
    const secs = (performance.now() - t0) / 1000;
    const n = await store.db.kysely
      .selectFrom('vouchers')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(n.n) !== CODES) throw new Error(`expected ${CODES} vouchers, found ${n.n}`);
    return CODES / secs;
  } finally {
    await store.cleanup();
  }
}

async function rawRate(): Promise<number> {
  const store = await freshStore();
  try {
    const res = await store.vs.app.inject({
      method: 'POST',
      url: '/v1/campaigns',
      headers: { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken },
      payload: CAMPAIGN,
    });
    const campaign = await store.db.kysely
      .selectFrom('campaigns')
      .selectAll()
      .where('id', '=', res.json().id)
      .executeTakeFirstOrThrow();
    const proto = voucherPrototype(campaign.project_id, campaign, {}, Date.now());
    const t0 = performance.now();
    for (let i = 0; i < CODES; i += 2000) {
      const rows: VoucherRow[] = [];
      for (let j = i; j < Math.min(CODES, i + 2000); j++)
        rows.push({ ...proto, id: newId('voucher'), code: `RAW${String(j).padStart(8, '0')}` });
      await transact(store.vs.ctx, (tx) => insertVoucherRows(tx.db, rows));
    }
    return CODES / ((performance.now() - t0) / 1000);
  } finally {
    await store.cleanup();
  }
}

/**
 * This file, bundled to plain JavaScript beside node_modules, so that each phase runs on Node alone, as the
 * built service does. Under `--import tsx` Node 20 runs the module hooks in a thread of their own, which adds
 * ~40 MB of resident memory that the service does not have.
 */
function bundledSelf(): string {
  const outfile = fileURLToPath(
    new URL('../node_modules/.cache/vouchsafe-bench/generation.mjs', import.meta.url),
  );
  buildSync({
    entryPoints: [fileURLToPath(import.meta.url)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return outfile;
}

/** Runs one phase in its own process, so that each peak RSS is that phase's alone. */
async function inChild(
  phase: 'generation' | 'raw',
): Promise<{ rate: number; peakRss: number; sampledRss: number }> {
  const child = fork(bundledSelf(), [phase], { execArgv: [] });
  const out = await new Promise<{ rate: number; peakRss: number; sampledRss: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { rate: number; peakRss: number; sampledRss: number }));
    child.once('exit', (code) => reject(new Error(`${phase} phase exited with ${code}`)));
  });
  await new Promise((r) => child.once('exit', r));
  return out;
}

const phase = process.argv[2];
if (phase === 'generation' || phase === 'raw') {
  let peakRss = 0;
  const sampler = setInterval(() => {
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
  }, 20);
  const rate = phase === 'generation' ? await generationRate() : await rawRate();
  clearInterval(sampler);
  // maxRSS also catches spikes between samples (better-sqlite3 runs synchronously, so the sampler can miss them).
  process.send!({
    rate,
    peakRss: Math.max(peakRss, process.resourceUsage().maxRSS * 1024),
    sampledRss: peakRss,
  });
  process.exit(0);
}

const generated = await inChild('generation');
const raw = await inChild('raw');
const ratio = generated.rate / raw.rate;
const mb = (b: number) => b / 1024 / 1024;
console.log(
  `database:   ${DATABASE_URL ? 'PostgreSQL' : 'SQLite'}, ${fmt(CODES)} codes (length 8, alphanumeric)`,
);
const rss = (r: { peakRss: number; sampledRss: number }) =>
  `peak RSS ${fmt(mb(r.peakRss))} MB (sampled every 20 ms: ${fmt(mb(r.sampledRss))} MB)`;
console.log(`generation: ${fmt(generated.rate)} codes/s, ${rss(generated)}`);
console.log(`raw insert: ${fmt(raw.rate)} rows/s, ${rss(raw)}`);
console.log(`ratio:      ${fmt(ratio, 2)} (target >= 0.5) ${ratio >= 0.5 ? 'OK' : 'BELOW TARGET'}`);
const peak = mb(generated.peakRss);
console.log(
  `peak RSS of generation: ${fmt(peak)} MB (target < 300 MB) ${peak < 300 ? 'OK' : 'ABOVE TARGET'}`,
);
