import { describe, expect, it } from 'vitest';
import { checkLiteralHost, isAddressAllowed } from '../../src/webhooks/engine/egress-guard.js';
import { createWebhookHttpClient } from '../../src/webhooks/engine/http-client.js';
import { Receiver } from '../helpers/receiver.js';

describe('egress guard: addresses by policy', () => {
  it.each([
    // address, none, loopback, all
    ['8.8.8.8', true, true, true],
    ['1.1.1.1', true, true, true],
    ['2606:4700:4700::1111', true, true, true],
    ['127.0.0.1', false, true, true],
    ['127.255.0.9', false, true, true],
    ['::1', false, true, true],
    ['10.0.0.1', false, false, true],
    ['172.16.5.4', false, false, true],
    ['172.31.255.255', false, false, true],
    ['192.168.1.1', false, false, true],
    ['169.254.169.254', false, false, true],
    ['169.254.0.1', false, false, true],
    ['100.64.0.1', false, false, true],
    ['100.127.255.254', false, false, true],
    ['0.0.0.0', false, false, true],
    ['255.255.255.255', false, false, true],
    ['224.0.0.1', false, false, true],
    ['fc00::1', false, false, true],
    ['fd12:3456::1', false, false, true],
    ['fe80::1', false, false, true],
    ['::', false, false, true],
    ['::ffff:127.0.0.1', false, true, true],
    ['::ffff:10.0.0.1', false, false, true],
    ['::ffff:169.254.169.254', false, false, true],
    ['::ffff:8.8.8.8', true, true, true],
  ] as const)('%s: none=%s loopback=%s all=%s', (address, none, loopback, all) => {
    expect(isAddressAllowed(address, 'none')).toBe(none);
    expect(isAddressAllowed(address, 'loopback')).toBe(loopback);
    expect(isAddressAllowed(address, 'all')).toBe(all);
  });

  it.each([
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://0177.0.0.1/', 'loopback'],
    ['http://127.1/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[::1]:8080/x', 'loopback'],
    ['http://0xa9fea9fe/latest/meta-data', 'linkLocal'],
    ['http://10.1/', 'private'],
  ])('odd spelling %s is normalised and checked (%s)', (url, _range) => {
    expect(() => checkLiteralHost(new URL(url), 'none')).toThrow(/not allowed/);
  });

  it('refuses a loopback receiver under policy none at connect time, and reaches it under loopback', async () => {
    const receiver = await new Receiver().start();
    try {
      for (const [policy, expected] of [
        ['none', 'egress_denied'],
        ['loopback', null],
      ] as const) {
        const client = createWebhookHttpClient({
          policy,
          timeoutMs: 2000,
          connectionsPerOrigin: 4,
        });
        const viaName = receiver.url.replace('127.0.0.1', 'localhost');
        const r = await client.post(viaName, '{}', { 'content-type': 'application/json' }, Date.now());
        expect(r.error).toBe(expected);
        await client.close();
      }
      expect(receiver.received).toHaveLength(1);
    } finally {
      await receiver.stop();
    }
  });
});
