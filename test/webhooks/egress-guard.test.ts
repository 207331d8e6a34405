import { describe, expect, it } from 'vitest';
import type { PrivateTargetPolicy } from '../../src/platform/config.js';
import { checkLiteralHost, isAddressAllowed } from '../../src/webhooks/engine/egress-guard.js';
import { createWebhookHttpClient } from '../../src/webhooks/engine/http-client.js';
import { Receiver } from '../helpers/receiver.js';

/** Whether an address may be reached under none, loopback and all. */
type Verdict = readonly [none: boolean, loopback: boolean, all: boolean];
const DENIED: Verdict = [false, false, true];
const LOOPBACK: Verdict = [false, true, true];
const ALLOWED: Verdict = [true, true, true];
const POLICIES: readonly PrivateTargetPolicy[] = ['none', 'loopback', 'all'];

/** Every IPv4 special-purpose range (IANA registry, RFC 6890 and successors), with addresses inside it. */
const IPV4_SPECIAL: readonly (readonly [string, readonly string[]])[] = [
  ['0.0.0.0/8', ['0.0.0.0', '0.1.2.3', '0.255.255.255']],
  ['10.0.0.0/8', ['10.0.0.1', '10.255.255.255']],
  ['100.64.0.0/10', ['100.64.0.1', '100.127.255.254']],
  ['127.0.0.0/8', ['127.0.0.1', '127.255.0.9', '127.255.255.255']],
  ['169.254.0.0/16', ['169.254.0.1', '169.254.169.254', '169.254.255.255']],
  ['172.16.0.0/12', ['172.16.0.1', '172.16.5.4', '172.31.255.255']],
  ['192.0.0.0/24', ['192.0.0.1', '192.0.0.255']],
  ['192.0.2.0/24', ['192.0.2.1', '192.0.2.255']],
  ['192.88.99.0/24', ['192.88.99.1', '192.88.99.255']],
  ['192.168.0.0/16', ['192.168.0.1', '192.168.1.1', '192.168.255.255']],
  ['198.18.0.0/15', ['198.18.0.1', '198.19.255.255']],
  ['198.51.100.0/24', ['198.51.100.1', '198.51.100.255']],
  ['203.0.113.0/24', ['203.0.113.1', '203.0.113.255']],
  ['224.0.0.0/4', ['224.0.0.1', '239.255.255.255']],
  ['240.0.0.0/4', ['240.0.0.1', '255.255.255.254']],
  ['255.255.255.255/32', ['255.255.255.255']],
];

/** Public addresses, several just outside a special range, so that no range is judged too wide. */
const IPV4_PUBLIC = [
  '8.8.8.8',
  '1.1.1.1',
  '1.0.0.0',
  '9.255.255.255',
  '11.0.0.0',
  '100.63.255.255',
  '100.128.0.0',
  '126.255.255.255',
  '128.0.0.0',
  '169.253.255.255',
  '169.255.0.0',
  '172.15.255.255',
  '172.32.0.0',
  '192.0.1.0',
  '192.0.3.0',
  '192.88.98.255',
  '192.88.100.0',
  '192.167.255.255',
  '192.169.0.0',
  '198.17.255.255',
  '198.20.0.0',
  '198.51.99.255',
  '198.51.101.0',
  '203.0.112.255',
  '203.0.114.0',
  '223.255.255.255',
];

/** An IPv4 address in the five forms a connection can take to it, each in dotted and hex spelling. */
function forms(v4: string): [form: string, address: string][] {
  const [a, b, c, d] = v4.split('.').map(Number);
  const hi = ((a << 8) | b).toString(16);
  const lo = ((c << 8) | d).toString(16);
  return [
    ['IPv4', v4],
    ['IPv4-mapped', `::ffff:${v4}`],
    ['IPv4-mapped', `::ffff:${hi}:${lo}`],
    ['IPv4-compatible', `::${v4}`],
    ['IPv4-compatible', `::${hi}:${lo}`],
    ['IPv4-compatible', `0:0:0:0:0:0:${hi}:${lo}`],
    ['NAT64', `64:ff9b::${v4}`],
    ['NAT64', `64:ff9b::${hi}:${lo}`],
    ['6to4', `2002:${hi}:${lo}::1`],
    ['6to4', `2002:${hi}:${lo}:ffff:ffff:ffff:ffff:ffff`],
  ];
}

/** IPv6 special-purpose ranges that embed no IPv4 address (or, for local-use NAT64, none we may trust). */
const IPV6_SPECIAL: readonly (readonly [string, readonly string[], Verdict])[] = [
  ['::1/128 loopback', ['::1', '0:0:0:0:0:0:0:1'], LOOPBACK],
  ['::/128 unspecified', ['::', '0:0:0:0:0:0:0:0'], DENIED],
  ['fc00::/7 unique-local', ['fc00::1', 'fd12:3456::1', 'fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'], DENIED],
  ['fe80::/10 link-local', ['fe80::1', 'fe80::1%eth0', 'febf:ffff::1'], DENIED],
  ['fec0::/10 site-local', ['fec0::1', 'feff:ffff::1'], DENIED],
  ['ff00::/8 multicast', ['ff02::1', 'ff05::1:3', 'ffff:ffff::1'], DENIED],
  ['2001:db8::/32 documentation', ['2001:db8::1', '2001:db8:ffff::1'], DENIED],
  ['3fff::/20 documentation', ['3fff::1', '3fff:fff:ffff::1'], DENIED],
  ['2001::/23 IETF protocol assignments', ['2001:1::1', '2001:2::1', '2001:10::1', '2001:1ff::1'], DENIED],
  ['2001::/32 Teredo', ['2001::1', '2001:0:4136:e378:8000:63bf:3fff:fdd2'], DENIED],
  ['100::/64 discard-only', ['100::1', '100::ffff:ffff:ffff:ffff'], DENIED],
  ['5f00::/16 segment routing', ['5f00::1'], DENIED],
  [
    '64:ff9b:1::/48 local-use NAT64',
    ['64:ff9b:1::808:808', '64:ff9b:1::7f00:1', '64:ff9b:1:ffff::1'],
    DENIED,
  ],
  ['::ffff:0:0:0/96 IPv4-translated', ['::ffff:0:808:808', '::ffff:0:7f00:1'], DENIED],
  ['outside 2000::/3, unassigned', ['1::1', '4000::1', 'e000::1', 'fb00::1'], DENIED],
];

const IPV6_PUBLIC = [
  '2606:4700:4700::1111',
  '2001:4860:4860::8888',
  '2a00:1450:4001:80b::200e',
  '2000::1',
  '2001:200::1',
  '2001:db7:ffff::1',
  '2001:db9::1',
  '3ffe::1',
  '3fff:1000::1',
];

const ROWS: [range: string, form: string, address: string, verdict: Verdict][] = [
  ...IPV4_SPECIAL.flatMap(([range, addresses]) =>
    addresses.flatMap((v4) =>
      forms(v4).map(([form, a]): [string, string, string, Verdict] => [
        range,
        form,
        a,
        range === '127.0.0.0/8' ? LOOPBACK : DENIED,
      ]),
    ),
  ),
  ...IPV4_PUBLIC.flatMap((v4) =>
    forms(v4).map(([form, a]): [string, string, string, Verdict] => ['public', form, a, ALLOWED]),
  ),
  ...IPV6_SPECIAL.flatMap(([range, addresses, verdict]) =>
    addresses.map((a): [string, string, string, Verdict] => [range, 'IPv6', a, verdict]),
  ),
  ...IPV6_PUBLIC.map((a): [string, string, string, Verdict] => ['public', 'IPv6', a, ALLOWED]),
];

describe('egress guard: addresses by policy', () => {
  it.each(ROWS)('%s, %s %s', (_range, _form, address, verdict) => {
    expect(POLICIES.map((p) => isAddressAllowed(address, p))).toEqual(verdict);
  });

  it('refuses what is not an address, except under all', () => {
    for (const a of ['', 'localhost', '1.2.3', '::g', '1.2.3.4.5'])
      expect(
        POLICIES.map((p) => isAddressAllowed(a, p)),
        a,
      ).toEqual(DENIED);
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
    ['http://[::127.0.0.1]:18099/', 'loopback, IPv4-compatible'],
    ['http://[::a9fe:a9fe]/latest/meta-data', 'linkLocal, IPv4-compatible'],
    ['http://[64:ff9b::127.0.0.1]/', 'loopback, NAT64'],
    ['http://[2002:a9fe:a9fe::1]/', 'linkLocal, 6to4'],
  ])('odd spelling %s is normalised and checked (%s)', (url, _range) => {
    expect(() => checkLiteralHost(new URL(url), 'none')).toThrow(/not allowed/);
  });

  it('refuses embedded loopback literals under none without a connection attempt', async () => {
    const client = createWebhookHttpClient({ policy: 'none', timeoutMs: 2000, connectionsPerOrigin: 4 });
    try {
      for (const url of ['http://[::127.0.0.1]:18099/', 'http://[64:ff9b::7f00:1]:18099/']) {
        const r = await client.post(url, '{}', { 'content-type': 'application/json' }, Date.now());
        expect([r.error, r.errorMessage], url).toEqual(['egress_denied', expect.stringMatching(/loopback/)]);
      }
    } finally {
      await client.close();
    }
  });

  it('refuses a loopback receiver under policy none at connect time, and reaches it under loopback', async () => {
    // Raw posts from the HTTP client, not signed deliveries.
    const receiver = await new Receiver({ verify: false }).start();
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
