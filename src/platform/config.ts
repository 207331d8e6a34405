/**
 * Configuration, read once from CLI flags and `VOUCHSAFE_*` variables into one frozen object.
 * A flag wins over its variable. Every invalid value is reported together. No other module reads process.env.
 */

export type Role = 'all' | 'api' | 'worker';
export type PrivateTargetPolicy = 'none' | 'loopback' | 'all';

export interface Config {
  readonly host: string;
  readonly port: number;
  readonly dataDir: string;
  /** A `postgres://` URL, or null for the embedded SQLite file under dataDir. */
  readonly databaseUrl: string | null;
  readonly role: Role;
  readonly logLevel: string;
  readonly appId: string | null;
  readonly appToken: string | null;
  readonly managementId: string | null;
  readonly managementToken: string | null;
  readonly webhookSecret: string | null;
  /** Client key (X-Client-Application-Id) of the default project, fixed at first start. */
  readonly clientAppId: string | null;
  readonly clientToken: string | null;
  /** Origins the first-start client key accepts, normalised (`https://shop.example`), or `*` for any. */
  readonly clientOrigins: readonly string[];
  readonly webhookTimeoutMs: number;
  /** Offsets from the initial attempt, one per retry. */
  readonly retryScheduleMs: readonly number[];
  readonly allowPrivateTargets: PrivateTargetPolicy;
  readonly retentionDays: number;
  /** How often the retention purge runs (once per period across all processes). */
  readonly retentionIntervalMs: number;
  /** How often loyalty points past their expiration day expire (once per period across all processes). */
  readonly pointsExpirationIntervalMs: number;
  /** How often due pending loyalty points are activated (once per period across all processes). */
  readonly pointsActivationIntervalMs: number;
  readonly dispatchBatchSize: number;
  readonly dispatchMaxInFlight: number;
  readonly dispatchMaxPerOrigin: number;
  /** Keep-alive connections to one origin; requests beyond them wait in the HTTP client's queue. */
  readonly dispatchConnectionsPerOrigin: number;
  readonly dispatchLeaseMs: number;
  readonly dispatchPollMs: number;
  readonly shutdownTimeoutMs: number;
  /** Deliver through a worker thread, so HTTP work does not share the event loop with the database. */
  readonly deliveryThread: boolean;
}

const MINUTE = 60_000;
/** Voucherify's schedule: 1, 2, 4 … 1024 minutes after the initial attempt, then 24 h. 12 retries. */
export const DEFAULT_RETRY_SCHEDULE_MS: readonly number[] = Object.freeze([
  ...Array.from({ length: 11 }, (_, i) => 2 ** i * MINUTE),
  24 * 60 * MINUTE,
]);

type Parser<T> = (raw: string) => T | Error;

interface OptionSpec<K extends keyof Config = keyof Config> {
  key: K;
  /** Long flag without the dashes; null when the option is only an environment variable. */
  flag: string | null;
  env: string;
  description: string;
  defaultValue: Config[K];
  parse: Parser<Config[K]>;
}

const str: Parser<string> = (raw) => (raw.trim() === '' ? new Error('must not be empty') : raw);
const nullableStr: Parser<string | null> = (raw) =>
  raw.trim() === '' ? new Error('must not be empty') : raw;

function int(min: number, max: number): Parser<number> {
  return (raw) => {
    if (!/^\d+$/.test(raw.trim())) return new Error(`must be a whole number from ${min} to ${max}`);
    const n = Number(raw);
    return n < min || n > max ? new Error(`must be a whole number from ${min} to ${max}`) : n;
  };
}

function oneOf<T extends string>(...values: T[]): Parser<T> {
  return (raw) =>
    (values as string[]).includes(raw) ? (raw as T) : new Error(`must be one of ${values.join(', ')}`);
}

const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: MINUTE, h: 60 * MINUTE, d: 24 * 60 * MINUTE };

/** Parses `1s,2s,4s` (units ms, s, m, h, d) into offsets in ms. Offsets must rise. */
export function parseDuration(raw: string): number | Error {
  const m = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
  if (!m) return new Error(`"${raw}" is not a duration such as 500ms, 30s, 5m, 2h or 1d`);
  return Number(m[1]) * UNIT_MS[m[2]];
}

export const parseRetrySchedule: Parser<readonly number[]> = (raw) => {
  const parts = raw.split(',').map((p) => p.trim());
  if (parts.length === 0 || parts.length > 50) return new Error('must list 1 to 50 durations');
  const out: number[] = [];
  for (const p of parts) {
    const d = parseDuration(p);
    if (d instanceof Error) return d;
    if (out.length > 0 && d <= out[out.length - 1])
      return new Error('durations must rise (they count from the initial attempt)');
    out.push(d);
  }
  return Object.freeze(out);
};

const databaseUrl: Parser<string | null> = (raw) => {
  if (raw.trim() === '') return null;
  return /^postgres(ql)?:\/\//.test(raw) ? raw : new Error('must be a postgres:// or postgresql:// URL');
};

const secret: Parser<string | null> = (raw) =>
  raw.length < 16 ? new Error('must be at least 16 characters') : raw;

/**
 * Normalises a browser origin to `scheme://host[:port]` (lower case, default port dropped), or returns an Error.
 * `*` stands for any origin. Paths, queries, fragments and credentials are refused.
 */
export function parseOrigin(raw: string): string | Error {
  const v = raw.trim();
  if (v === '*') return '*';
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    return new Error(`"${raw}" is not an origin such as https://shop.example`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return new Error(`"${raw}" must use http or https`);
  if (u.username || u.password || u.search || u.hash || (u.pathname !== '/' && u.pathname !== ''))
    return new Error(`"${raw}" must be an origin only: scheme, host and optional port`);
  return `${u.protocol}//${u.host}`;
}

const originList: Parser<readonly string[]> = (raw) => {
  const out: string[] = [];
  for (const part of raw.split(',').filter((p) => p.trim() !== '')) {
    const o = parseOrigin(part);
    if (o instanceof Error) return o;
    if (!out.includes(o)) out.push(o);
  }
  return out.length > 50 ? new Error('must list at most 50 origins') : Object.freeze(out);
};

const host: Parser<string> = (raw) =>
  /^[A-Za-z0-9.:\-[\]]+$/.test(raw) ? raw : new Error('must be a host name or IP address');

export const OPTIONS: readonly OptionSpec[] = [
  {
    key: 'host',
    flag: 'host',
    env: 'VOUCHSAFE_HOST',
    description: 'Address to listen on',
    defaultValue: '127.0.0.1',
    parse: host,
  },
  {
    key: 'port',
    flag: 'port',
    env: 'VOUCHSAFE_PORT',
    description: 'Port to listen on (0 picks a free one)',
    defaultValue: 8080,
    parse: int(0, 65535),
  },
  {
    key: 'dataDir',
    flag: 'data',
    env: 'VOUCHSAFE_DATA_DIR',
    description: 'Folder for the SQLite database (created if missing)',
    defaultValue: './data',
    parse: str,
  },
  {
    key: 'databaseUrl',
    flag: null,
    env: 'DATABASE_URL',
    description: 'PostgreSQL URL; when set, data lives there instead of SQLite',
    defaultValue: null,
    parse: databaseUrl,
  },
  {
    key: 'role',
    flag: 'role',
    env: 'VOUCHSAFE_ROLE',
    description: 'all (API and delivery worker), api, or worker',
    defaultValue: 'all',
    parse: oneOf<Role>('all', 'api', 'worker'),
  },
  {
    key: 'logLevel',
    flag: 'log-level',
    env: 'VOUCHSAFE_LOG_LEVEL',
    description: 'pino log level',
    defaultValue: 'info',
    parse: oneOf('fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'),
  },
  {
    key: 'appId',
    flag: 'app-id',
    env: 'VOUCHSAFE_APP_ID',
    description: 'Application id (X-App-Id) of the default project, fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'appToken',
    flag: 'app-token',
    env: 'VOUCHSAFE_APP_TOKEN',
    description: 'Application token (X-App-Token), fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'managementId',
    flag: 'management-id',
    env: 'VOUCHSAFE_MANAGEMENT_ID',
    description: 'Management id (X-Management-Id), fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'managementToken',
    flag: 'management-token',
    env: 'VOUCHSAFE_MANAGEMENT_TOKEN',
    description: 'Management token (X-Management-Token), fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'webhookSecret',
    flag: 'webhook-secret',
    env: 'VOUCHSAFE_WEBHOOK_SECRET',
    description: 'Webhook secret key of the default project (16+ characters), fixed at first start',
    defaultValue: null,
    parse: secret,
  },
  {
    key: 'clientAppId',
    flag: 'client-app-id',
    env: 'VOUCHSAFE_CLIENT_APP_ID',
    description:
      'Client application id (X-Client-Application-Id) of the default project, fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'clientToken',
    flag: 'client-token',
    env: 'VOUCHSAFE_CLIENT_TOKEN',
    description: 'Client token (X-Client-Token), fixed at first start',
    defaultValue: null,
    parse: nullableStr,
  },
  {
    key: 'clientOrigins',
    flag: 'client-origins',
    env: 'VOUCHSAFE_CLIENT_ORIGINS',
    description:
      'Comma-separated origins the first-start client key accepts, e.g. https://shop.example (* for any)',
    defaultValue: Object.freeze([]),
    parse: originList,
  },
  {
    key: 'webhookTimeoutMs',
    flag: null,
    env: 'VOUCHSAFE_WEBHOOK_TIMEOUT_MS',
    description: 'Time a receiver has to answer a send-out',
    defaultValue: 10_000,
    parse: int(100, 120_000),
  },
  {
    key: 'retryScheduleMs',
    flag: null,
    env: 'VOUCHSAFE_RETRY_SCHEDULE',
    description: 'Retry offsets from the initial attempt, e.g. 1s,2s,4s; its length is the number of retries',
    defaultValue: DEFAULT_RETRY_SCHEDULE_MS,
    parse: parseRetrySchedule,
  },
  {
    key: 'allowPrivateTargets',
    flag: null,
    env: 'VOUCHSAFE_ALLOW_PRIVATE_TARGETS',
    description: 'Which non-public addresses webhooks may reach: none, loopback or all',
    defaultValue: 'loopback',
    parse: oneOf<PrivateTargetPolicy>('none', 'loopback', 'all'),
  },
  {
    key: 'retentionDays',
    flag: null,
    env: 'VOUCHSAFE_RETENTION_DAYS',
    description: 'Days that events, send-outs and attempts are kept',
    defaultValue: 30,
    parse: int(1, 3650),
  },
  {
    key: 'retentionIntervalMs',
    flag: null,
    env: 'VOUCHSAFE_RETENTION_INTERVAL_MS',
    description: 'How often the retention purge runs, once per period across all processes',
    defaultValue: 3_600_000,
    parse: int(100, 86_400_000),
  },
  {
    key: 'pointsExpirationIntervalMs',
    flag: null,
    env: 'VOUCHSAFE_POINTS_EXPIRATION_INTERVAL_MS',
    description:
      'How often loyalty points past their expiration day expire, once per period across all processes',
    defaultValue: 60_000,
    parse: int(100, 86_400_000),
  },
  {
    key: 'pointsActivationIntervalMs',
    flag: null,
    env: 'VOUCHSAFE_POINTS_ACTIVATION_INTERVAL_MS',
    description: 'How often due pending loyalty points are activated, once per period across all processes',
    defaultValue: 600_000,
    parse: int(100, 86_400_000),
  },
  {
    key: 'dispatchBatchSize',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_BATCH_SIZE',
    description: 'Send-outs claimed per batch',
    defaultValue: 128,
    parse: int(1, 1000),
  },
  {
    key: 'dispatchMaxInFlight',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_MAX_IN_FLIGHT',
    description: 'Deliveries in flight at once, per worker process',
    defaultValue: 512,
    parse: int(1, 4096),
  },
  {
    key: 'dispatchMaxPerOrigin',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_MAX_PER_ORIGIN',
    description: 'Deliveries handed to the HTTP client at once for one target origin',
    defaultValue: 256,
    parse: int(1, 4096),
  },
  {
    key: 'dispatchConnectionsPerOrigin',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_CONNECTIONS_PER_ORIGIN',
    description: 'Keep-alive connections to one target origin; requests beyond them queue in the HTTP client',
    defaultValue: 64,
    parse: int(1, 1024),
  },
  {
    key: 'dispatchLeaseMs',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_LEASE_MS',
    description: 'How long a claimed send-out stays leased before another worker may take it',
    defaultValue: 60_000,
    parse: int(1000, 3_600_000),
  },
  {
    key: 'dispatchPollMs',
    flag: null,
    env: 'VOUCHSAFE_DISPATCH_POLL_MS',
    description: 'Fallback poll interval of the dispatcher',
    defaultValue: 1000,
    parse: int(10, 1000),
  },
  {
    key: 'shutdownTimeoutMs',
    flag: null,
    env: 'VOUCHSAFE_SHUTDOWN_TIMEOUT_MS',
    description: 'Longest wait for requests and deliveries in flight on shutdown',
    defaultValue: 15_000,
    parse: int(0, 600_000),
  },
  {
    key: 'deliveryThread',
    flag: null,
    env: 'VOUCHSAFE_DELIVERY_THREAD',
    description: 'on: webhook HTTP requests run in a worker thread of their own; off: on the main thread',
    defaultValue: true,
    parse: (raw) => (raw === 'on' ? true : raw === 'off' ? false : new Error('must be on or off')),
  },
];

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

/**
 * Builds the config. `flags` maps flag names (as in OPTIONS, e.g. `app-id`) to raw strings.
 * Throws ConfigError listing every invalid value.
 */
export function loadConfig(flags: Record<string, string | undefined>, env: NodeJS.ProcessEnv): Config {
  const problems: string[] = [];
  const out: Record<string, unknown> = {};
  for (const spec of OPTIONS) {
    const fromFlag = spec.flag ? flags[spec.flag] : undefined;
    const raw = fromFlag ?? env[spec.env];
    if (raw === undefined) {
      out[spec.key] = spec.defaultValue;
      continue;
    }
    const parsed = spec.parse(raw);
    if (parsed instanceof Error) {
      const name = fromFlag !== undefined ? `--${spec.flag}` : spec.env;
      problems.push(`${name}: ${parsed.message}`);
    } else out[spec.key] = parsed;
  }
  const cfg = out as unknown as Config;
  if (problems.length === 0) {
    if ((cfg.appId === null) !== (cfg.appToken === null))
      problems.push('--app-id and --app-token go together');
    if ((cfg.managementId === null) !== (cfg.managementToken === null))
      problems.push('--management-id and --management-token go together');
    if ((cfg.clientAppId === null) !== (cfg.clientToken === null))
      problems.push('--client-app-id and --client-token go together');
    if (cfg.dispatchLeaseMs <= cfg.webhookTimeoutMs)
      problems.push('VOUCHSAFE_DISPATCH_LEASE_MS must be longer than VOUCHSAFE_WEBHOOK_TIMEOUT_MS');
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(cfg);
}

/** A config for tests and embedding: defaults, with the given overrides. */
export function configWith(overrides: Partial<Config>): Config {
  return Object.freeze({ ...loadConfig({}, {}), ...overrides });
}
