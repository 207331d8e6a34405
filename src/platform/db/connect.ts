import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { SchemaScopedPostgresDialect } from './pg-introspector.js';
import pg from 'pg';
import { startCheckpointer } from './checkpointer.js';
import type { Database } from './database.js';

/** What the database can do. Code asks these questions, never which database it is. */
export interface DbProfile {
  readonly name: 'sqlite' | 'postgres';
  /** `FOR UPDATE SKIP LOCKED`: several processes may claim from one queue. */
  readonly skipLocked: boolean;
  /** `LISTEN/NOTIFY`: other processes can be woken through the database. */
  readonly listenNotify: boolean;
  /**
   * A `WITH` clause may hold an UPDATE or INSERT (its RETURNING rows read by the rest of the statement), so that
   * one statement claims and reads, or writes several tables, atomically by itself.
   */
  readonly modifyingCte: boolean;
}

export interface Db {
  readonly kysely: Kysely<Database>;
  /**
   * The delivery engine's handle, for its claims, rate-limit cells and grouped outcome writes. On PostgreSQL
   * a small pool of its own, whose commits do not wait for the disk (`synchronous_commit = off`):
   * - API transactions waiting for a connection of the main pool never queue the engine's statements behind
   *   them, nor the reverse;
   * - a commit of the engine's that a crash of the database server loses only puts the send-out back as it
   *   was: its claim or its outcome is undone, so it is sent again (the receiver sees the same `webhook-id`
   *   twice, as after any lost answer), and its attempt row is gone from the audit log. No event and no
   *   send-out is lost: those are written by the API's transactions, which keep waiting for the disk.
   * On SQLite, the one connection (whose `synchronous = NORMAL` is the same trade for every commit).
   */
  readonly engine: Kysely<Database>;
  readonly profile: DbProfile;
  /** Where the data lives, for the banner (file path or URL without password). */
  readonly location: string;
  /** Opens a dedicated connection that runs `LISTEN channel`; null where the database cannot. */
  listen(channel: string, onNotify: () => void): Promise<(() => Promise<void>) | null>;
  /** Opens a dedicated connection that sends NOTIFYs outside any transaction; null where the database cannot. */
  openNotifier(): Promise<NotifyConnection | null>;
  close(): Promise<void>;
}

export interface NotifyConnection {
  notify(channel: string): Promise<void>;
  close(): Promise<void>;
}

export type Kx = Kysely<Database>;

// int8 (bigint) columns hold epoch milliseconds, which fit a JS number exactly up to year 285616.
pg.types.setTypeParser(20, (v) => Number(v));

export interface OpenDatabaseOptions {
  databaseUrl: string | null;
  /** Folder of the SQLite file (created if missing). */
  dataDir?: string;
  /** A full SQLite path instead of `<dataDir>/vouchsafe.db`; `:memory:` works too. */
  sqliteFile?: string;
  /** PostgreSQL schema to use (created if missing); tests isolate themselves with it. */
  pgSchema?: string;
  pgPoolMax?: number;
}

export async function openDatabase(opts: OpenDatabaseOptions): Promise<Db> {
  return opts.databaseUrl ? openPostgres(opts.databaseUrl, opts) : openSqlite(opts);
}

function openSqlite(opts: OpenDatabaseOptions): Db {
  let file = opts.sqliteFile;
  if (!file) {
    const dir = resolve(opts.dataDir ?? './data');
    if (existsSync(dir) && !statSync(dir).isDirectory())
      throw new Error(`the data folder ${dir} is a file; point --data at a folder`);
    mkdirSync(dir, { recursive: true });
    file = join(dir, 'vouchsafe.db');
  }
  const raw = new SQLite(file);
  raw.pragma('journal_mode = WAL');
  // NORMAL in WAL mode is durable against process crashes; only an OS crash may lose the last commits.
  raw.pragma('synchronous = NORMAL');
  raw.pragma('busy_timeout = 5000');
  raw.pragma('foreign_keys = ON');
  // Checkpointing on every commit costs ~40% of delivery throughput; a worker thread does it off the hot path.
  raw.pragma('wal_autocheckpoint = 0');
  const stopCheckpointer = file === ':memory:' ? async () => {} : startCheckpointer(file);
  const kysely = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(raw) }) });
  return {
    kysely,
    engine: kysely,
    profile: { name: 'sqlite', skipLocked: false, listenNotify: false, modifyingCte: false },
    location: file,
    listen: async () => null,
    openNotifier: async () => null,
    async close() {
      await kysely.destroy();
      await stopCheckpointer();
    },
  };
}

/**
 * Kysely prepares every query anew; with better-sqlite3 that compile is a large share of a short query's cost
 * (~30% of request throughput here). Statements are reusable and run synchronously, so one cached statement
 * per SQL text is safe. The cache is bounded, since queries with IN lists of varying length differ in text.
 */
function withStatementCache(raw: SQLite.Database, max = 500) {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => raw.close(),
    prepare(sqlText: string) {
      let stmt = cache.get(sqlText);
      if (stmt) {
        // Map order is insertion order: re-inserting marks the statement as recently used.
        cache.delete(sqlText);
      } else {
        stmt = raw.prepare(sqlText);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
      }
      cache.set(sqlText, stmt);
      return stmt;
    },
  };
}

/** Connections of the delivery engine's pool: its statements are few per second, each for many send-outs. */
const ENGINE_POOL_MAX = 4;

async function openPostgres(url: string, opts: OpenDatabaseOptions): Promise<Db> {
  const schema = opts.pgSchema;
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
  if (schema) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      await admin.query(`CREATE SCHEMA IF NOT EXISTS ${schema}`);
    } finally {
      await admin.end();
    }
  }
  const clientOptions = { connectionString: url, ...(schema ? { options: `-c search_path=${schema}` } : {}) };
  const pool = new pg.Pool({ ...clientOptions, max: opts.pgPoolMax ?? 10 });
  pool.on('error', () => {
    // An idle client that loses its connection is dropped by the pool; the next query opens a new one.
  });
  const kysely = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool }) });
  // Connections are opened on first use, so a process in `--role api` opens none of these.
  const enginePool = new pg.Pool({
    ...clientOptions,
    options: [clientOptions.options, '-c synchronous_commit=off'].filter(Boolean).join(' '),
    max: ENGINE_POOL_MAX,
  });
  enginePool.on('error', () => {});
  const engine = new Kysely<Database>({ dialect: new SchemaScopedPostgresDialect({ pool: enginePool }) });
  const safeUrl = url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  return {
    kysely,
    engine,
    profile: { name: 'postgres', skipLocked: true, listenNotify: true, modifyingCte: true },
    location: safeUrl + (schema ? ` (schema ${schema})` : ''),
    async listen(channel, onNotify) {
      const client = new pg.Client(clientOptions);
      client.on('error', () => {});
      await client.connect();
      client.on('notification', () => onNotify());
      await client.query(`LISTEN ${channel}`);
      return async () => {
        await client.end().catch(() => {});
      };
    },
    async openNotifier() {
      const client = new pg.Client(clientOptions);
      client.on('error', () => {});
      await client.connect();
      return {
        notify: async (channel) => void (await client.query("SELECT pg_notify($1, '')", [channel])),
        close: () => client.end().catch(() => {}),
      };
    },
    async close() {
      await kysely.destroy();
      await engine.destroy();
    },
  };
}

/**
 * A transaction the database refused that wrote nothing and may run again from the start: PostgreSQL aborted
 * it to break a deadlock or a serialization conflict, or SQLite refused it because another process wrote
 * after it read (`SQLITE_BUSY_SNAPSHOT`, which the busy timeout does not wait out) or held the lock past it.
 */
export function isRetryableConflict(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '40P01' || code === '40001' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'));
}

/** True for a unique-constraint violation, on SQLite and on PostgreSQL. */
export function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
