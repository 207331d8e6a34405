import { describe, expect, it } from 'vitest';
import {
  ConfigError,
  DEFAULT_RETRY_SCHEDULE_MS,
  loadConfig,
  OPTIONS,
  parseRetrySchedule,
} from '../../src/platform/config.js';

function problemsOf(flags: Record<string, string>, env: Record<string, string>): string[] {
  try {
    loadConfig(flags, env);
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError);
    return (e as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('config', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({}, {});
    expect(c).toMatchObject({
      host: '127.0.0.1',
      port: 8080,
      dataDir: './data',
      databaseUrl: null,
      role: 'all',
      appId: null,
      managementId: null,
      webhookSecret: null,
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reports every invalid value together, naming where each came from', () => {
    const problems = problemsOf(
      { port: 'abc', role: 'boss' },
      { VOUCHSAFE_RETENTION_DAYS: '0', VOUCHSAFE_RETRY_SCHEDULE: '5s,1s', DATABASE_URL: 'mysql://x' },
    );
    expect(problems).toHaveLength(5);
    expect(problems.find((p) => p.startsWith('--port:'))).toMatch(/whole number/);
    expect(problems.find((p) => p.startsWith('--role:'))).toMatch(/all, api, worker/);
    expect(problems.find((p) => p.startsWith('VOUCHSAFE_RETENTION_DAYS:'))).toBeDefined();
    expect(problems.find((p) => p.startsWith('VOUCHSAFE_RETRY_SCHEDULE:'))).toMatch(/rise/);
    expect(problems.find((p) => p.startsWith('DATABASE_URL:'))).toMatch(/postgres/);
    const message = new ConfigError(problems).message;
    for (const p of problems) expect(message).toContain(p);
  });

  it('lets a flag win over its environment variable', () => {
    const c = loadConfig(
      { port: '9001', 'app-id': 'app_flag', 'app-token': 'token-from-flag' },
      { VOUCHSAFE_PORT: '9002', VOUCHSAFE_APP_ID: 'app_env', VOUCHSAFE_APP_TOKEN: 'token-from-env' },
    );
    expect(c.port).toBe(9001);
    expect(c.appId).toBe('app_flag');
    expect(c.appToken).toBe('token-from-flag');
  });

  it('reads the environment when no flag is given', () => {
    const c = loadConfig(
      {},
      {
        VOUCHSAFE_PORT: '0',
        VOUCHSAFE_HOST: '0.0.0.0',
        VOUCHSAFE_DATA_DIR: '/tmp/vs',
        DATABASE_URL: 'postgresql://u@127.0.0.1/db',
        VOUCHSAFE_MANAGEMENT_ID: 'mgmt_env',
        VOUCHSAFE_MANAGEMENT_TOKEN: 'mgmt-token-from-env',
        VOUCHSAFE_WEBHOOK_SECRET: 'whsec_0123456789abcdef',
      },
    );
    expect(c).toMatchObject({
      port: 0,
      host: '0.0.0.0',
      dataDir: '/tmp/vs',
      databaseUrl: 'postgresql://u@127.0.0.1/db',
      managementId: 'mgmt_env',
      managementToken: 'mgmt-token-from-env',
      webhookSecret: 'whsec_0123456789abcdef',
    });
  });

  it('reports a flag problem under the flag even when the variable is valid', () => {
    expect(problemsOf({ port: '70000' }, { VOUCHSAFE_PORT: '8081' })).toEqual([
      expect.stringMatching(/^--port: /),
    ]);
  });

  it('wants key ids and tokens in pairs, and a long enough webhook secret', () => {
    expect(problemsOf({ 'app-id': 'app_x' }, {})).toEqual([
      expect.stringMatching(/--app-id and --app-token/),
    ]);
    expect(problemsOf({}, { VOUCHSAFE_MANAGEMENT_TOKEN: 'mgmt-token-only-0001' })).toEqual([
      expect.stringMatching(/--management-id and --management-token/),
    ]);
    expect(problemsOf({ 'webhook-secret': 'short' }, {})).toEqual([
      expect.stringMatching(/^--webhook-secret: .*16/),
    ]);
  });

  it('gives every option a variable named VOUCHSAFE_* (or DATABASE_URL) and a description', () => {
    for (const o of OPTIONS) {
      expect(o.env === 'DATABASE_URL' || o.env.startsWith('VOUCHSAFE_'), o.env).toBe(true);
      expect(o.description.length).toBeGreaterThan(0);
    }
    expect(new Set(OPTIONS.map((o) => o.env)).size).toBe(OPTIONS.length);
  });

  describe('VOUCHSAFE_RETRY_SCHEDULE', () => {
    it('defaults to 1, 2, 4 … 1024 minutes, then 24 h: 12 retries', () => {
      const min = 60_000;
      expect(DEFAULT_RETRY_SCHEDULE_MS).toEqual([
        1 * min,
        2 * min,
        4 * min,
        8 * min,
        16 * min,
        32 * min,
        64 * min,
        128 * min,
        256 * min,
        512 * min,
        1024 * min,
        24 * 60 * min,
      ]);
      expect(loadConfig({}, {}).retryScheduleMs).toEqual(DEFAULT_RETRY_SCHEDULE_MS);
    });

    it.each([
      ['1s,2s,4s', [1000, 2000, 4000]],
      ['500ms, 1m ,2h,1d', [500, 60_000, 7_200_000, 86_400_000]],
      ['250ms', [250]],
    ])('parses %s', (raw, ms) => {
      expect(parseRetrySchedule(raw)).toEqual(ms);
      expect(loadConfig({}, { VOUCHSAFE_RETRY_SCHEDULE: raw }).retryScheduleMs).toEqual(ms);
    });

    it.each([
      ['', /duration/],
      ['1s,,2s', /duration/],
      ['1.5s', /duration/],
      ['1x', /duration/],
      ['10', /duration/],
      ['2s,1s', /rise/],
      ['1s,1s', /rise/],
      [Array.from({ length: 51 }, (_, i) => `${i + 1}s`).join(','), /1 to 50/],
    ])('refuses %j', (raw, why) => {
      const problems = problemsOf({}, { VOUCHSAFE_RETRY_SCHEDULE: raw });
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(/^VOUCHSAFE_RETRY_SCHEDULE: /);
      expect(problems[0]).toMatch(why);
    });
  });
});
