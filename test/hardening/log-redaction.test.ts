import { Writable } from 'node:stream';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createVouchsafe, type Vouchsafe } from '../../src/app.js';
import { configWith } from '../../src/platform/config.js';
import { KEYS } from '../helpers/app.js';
import { DIALECTS } from '../helpers/db.js';

/** Collects every log line the service writes. */
class Capture extends Writable {
  readonly lines: string[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
    done();
  }
}

const SECRET = 'query-secret-0123456789';

describe.each(DIALECTS)('credentials in query strings on $name', (dialect) => {
  const out = new Capture();
  let vs: Vouchsafe;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const opened = await dialect.open();
    cleanup = opened.cleanup;
    vs = await createVouchsafe({
      config: configWith({ ...KEYS, logLevel: 'info' }),
      db: opened.db,
      logger: pino({ level: 'info' }, out),
    });
    await vs.app.ready();
  });
  afterAll(async () => {
    await vs.close();
    await cleanup();
  });

  it('are redacted in the logged URL of every request line, other parameters kept', async () => {
    const headers = { 'x-app-id': KEYS.appId, 'x-app-token': KEYS.appToken };
    const urls = [
      `/v1/customers?limit=5&x-app-token=${SECRET}-1`,
      `/v1/customers?api_key=${SECRET}-2&email=a%40b.io`,
      `/v1/vouchers?X-Management-Token=${SECRET}-3`,
      `/v1/campaigns?access%5Ftoken=${SECRET}-4&client_secret=${SECRET}-5&password=${SECRET}-6`,
      `/v1/customers?auth=${SECRET}-7&session=${SECRET}-8&signature=${SECRET}-9`,
      `/v1/customers/%E0%A4%A?token=${SECRET}-10`,
      `/no-such-route?token=${SECRET}-11`,
      `/v1/customers?token=${SECRET}-12&token=${SECRET}-13`,
      `/v1/customers?app_token=${encodeURIComponent(`${SECRET}-14&x=y`)}`,
    ];
    for (const url of urls) await vs.app.inject({ method: 'GET', url, headers });

    const text = out.lines.join('\n');
    expect(text).not.toContain(SECRET);
    const incoming = out.lines
      .map((l) => JSON.parse(l) as { msg: string; req?: { url: string } })
      .filter((l) => l.msg === 'incoming request')
      .map((l) => l.req!.url);
    expect(incoming).toHaveLength(urls.length);
    expect(incoming[0]).toBe('/v1/customers?limit=5&x-app-token=[redacted]');
    expect(incoming[1]).toBe('/v1/customers?api_key=[redacted]&email=a%40b.io');
    expect(incoming[3]).toBe(
      '/v1/campaigns?access%5Ftoken=[redacted]&client_secret=[redacted]&password=[redacted]',
    );
    expect(incoming[5]).toBe('/v1/customers/%E0%A4%A?token=[redacted]');
  });
});
