import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import type { Clock } from '../../src/platform/clock.js';
import { configWith } from '../../src/platform/config.js';
import { openDatabase } from '../../src/platform/db/connect.js';
import { KEYS } from './app.js';
import { freshPgSchema } from './db.js';

/**
 * A database shared between this test process (an `api`-role Vouchsafe that writes) and worker processes
 * started with `env`: a SQLite folder, or a fresh PostgreSQL schema selected through the URL.
 */
export interface SharedStore {
  env: Record<string, string>;
  vs: Vouchsafe;
  cleanup(): Promise<void>;
}

export async function openSharedStore(
  dialect: 'sqlite' | 'postgres',
  baseEnv: Record<string, string>,
  /** The test process's clock (the workers keep the system's): a manual one writes rows dated in the past. */
  opts: { clock?: Clock } = {},
): Promise<SharedStore> {
  let where: {
    env: Record<string, string>;
    config: { dataDir?: string; databaseUrl?: string };
    drop(): Promise<void>;
  };
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'vouchsafe-shared-'));
    where = {
      env: { VOUCHSAFE_DATA_DIR: dir },
      config: { dataDir: dir },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  } else {
    const { schema, drop } = await freshPgSchema();
    const base = process.env.DATABASE_URL!;
    const url = `${base}${base.includes('?') ? '&' : '?'}options=-c%20search_path%3D${schema}`;
    where = { env: { DATABASE_URL: url }, config: { databaseUrl: url }, drop };
  }
  const db = await openDatabase({
    databaseUrl: where.config.databaseUrl ?? null,
    dataDir: where.config.dataDir,
  });
  const vs = await createVouchsafe({
    config: configWith({ ...KEYS, role: 'api', ...where.config }),
    db,
    clock: opts.clock,
    logger: pino({ level: 'silent' }),
  });
  return {
    env: { ...baseEnv, ...where.env },
    vs,
    async cleanup() {
      await vs.close();
      await db.close();
      await where.drop();
    },
  };
}
