import { describe, expect, it } from 'vitest';
import * as server from '../../src/webhooks/webhook.rules.js';
import { checkHeaders } from '../../src/webhooks/webhook.validation.js';
import * as web from '../../web/src/rules.js';

// The form checks as the user types with the rules the API applies; both must agree on every case.
const URLS = [
  'https://example.com/hook',
  'http://127.0.0.1:8080/hook?x=1',
  'ftp://example.com/hook',
  'example.com/hook',
  '',
  'https://user:pw@example.com/hook',
  'https://:pw@example.com/',
  `https://example.com/${'a'.repeat(2100)}`,
  'javascript:alert(1)',
  'http://[::1]:9/x',
];
const NAMES = [
  'X-Api-Key',
  'Authorization',
  'host',
  'Content-Type',
  'content-length',
  'Transfer-Encoding',
  'connection',
  'X-Voucherify-Signature',
  'webhook-id',
  'Webhook-Signature',
  'Expect',
  'upgrade',
  'Keep-Alive',
  'TE',
  'Trailer',
  'Proxy-Authorization',
  'X-Proxy-Id',
  'bad name',
  'x:y',
];

describe('the dashboard repeats the webhook rules of the API', () => {
  it('agrees on target URLs', () => {
    for (const u of URLS) expect(web.targetUrlProblem(u), u.slice(0, 40)).toBe(server.targetUrlProblem(u));
  });
  it('agrees on header names', () => {
    for (const n of NAMES) expect(web.headerNameProblem(n), n).toBe(server.headerNameProblem(n));
    expect(web.RESERVED_HEADER_NAMES).toEqual(server.RESERVED_HEADER_NAMES);
    expect(web.CONNECTION_HEADER_NAMES).toEqual(server.CONNECTION_HEADER_NAMES);
    expect(web.TARGET_URL_MAX_LENGTH).toBe(server.TARGET_URL_MAX_LENGTH);
    expect(web.MAX_CUSTOM_HEADERS).toBe(server.MAX_CUSTOM_HEADERS);
  });
  it('refuses duplicate names case-insensitively, and multi-line values', () => {
    const problems = web.headerRowProblems([
      { name: 'X-Key', value: 'a' },
      { name: 'x-key', value: 'b' },
      { name: 'X-Other', value: 'a\nb' },
      { name: '', value: '' },
      { name: '', value: 'orphan' },
    ]);
    expect([...problems.keys()]).toEqual([1, 2, 4]);
    expect(() => checkHeaders({ 'X-Key': 'a', 'x-key': 'b' })).toThrow();
  });
});
