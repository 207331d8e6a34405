import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { PrivateTargetPolicy } from '../../platform/config.js';

/**
 * Egress guard: which addresses a webhook may reach. The address is checked when the connection is made
 * (after DNS, so a name that rebinds to a private address is caught); a URL whose host is an IP literal is
 * also checked when it is saved. `none` allows public unicast only; `loopback` adds 127.0.0.0/8 and ::1;
 * `all` allows everything.
 *
 * An IPv6 address that embeds an IPv4 address (IPv4-mapped ::ffff:0:0/96, IPv4-compatible ::/96, NAT64
 * 64:ff9b::/96, 6to4 2002::/16) is judged as that IPv4 address: a host, translator or relay would carry the
 * connection there. Other IPv6 addresses are public only inside global unicast 2000::/3 and outside the
 * special-purpose ranges ipaddr.js knows (documentation, Teredo, ORCHID, local-use NAT64 64:ff9b:1::/48,
 * whose IPv4 embedding depends on the operator, and so on).
 */

export class EgressDeniedError extends Error {
  readonly code = 'EGRESS_DENIED';
  constructor(
    readonly address: string,
    readonly range: string,
  ) {
    super(`egress to ${address} (${range}) is not allowed`);
  }
}

/** Where the IPv4 address sits in each IPv6 form that embeds one: the prefix, and the 16-bit word it starts at. */
const EMBEDDINGS: readonly (readonly [form: string, prefix: [ipaddr.IPv6, number], word: number])[] = [
  ['IPv4-mapped', ipaddr.IPv6.parseCIDR('::ffff:0:0/96'), 6],
  ['NAT64', ipaddr.IPv6.parseCIDR('64:ff9b::/96'), 6],
  ['6to4', ipaddr.IPv6.parseCIDR('2002::/16'), 1],
  ['IPv4-compatible', ipaddr.IPv6.parseCIDR('::/96'), 6],
];
/** :: and ::1 lie in ::/96 but keep their IPv6 meaning (unspecified, loopback). */
const NOT_COMPATIBLE = ipaddr.IPv6.parseCIDR('::/127');
const GLOBAL_UNICAST = ipaddr.IPv6.parseCIDR('2000::/3');

export interface AddressClass {
  /** ipaddr.js's range name of the address judged (`unicast`, `loopback`, `private`, …), or `unassigned`. */
  range: string;
  /** The IPv4 address judged in place of an IPv6 one that embeds it, e.g. `IPv4-compatible 127.0.0.1`. */
  embedded: string | null;
}

/**
 * Parses strictly (only what node:net calls an IP address). A trailing dotted quad is rewritten as two hex
 * words first, because ipaddr.js reads `::1.2.3.4` (IPv4-compatible) as `::ffff:1.2.3.4`.
 */
function parseAddress(address: string): ipaddr.IPv4 | ipaddr.IPv6 | null {
  const family = isIP(address);
  if (family === 4) return ipaddr.IPv4.parse(address);
  if (family !== 6) return null;
  const hex = address.replace(/(\d+)\.(\d+)\.(\d+)\.(\d+)(?=%|$)/, (_m, a, b, c, d) =>
    [(+a << 8) | +b, (+c << 8) | +d].map((w) => w.toString(16)).join(':'),
  );
  return ipaddr.IPv6.parse(hex);
}

function embeddedIPv4(addr: ipaddr.IPv6): { form: string; ipv4: ipaddr.IPv4 } | null {
  for (const [form, prefix, word] of EMBEDDINGS) {
    if (!addr.match(prefix)) continue;
    if (form === 'IPv4-compatible' && addr.match(NOT_COMPATIBLE)) return null;
    const [hi, lo] = [addr.parts[word], addr.parts[word + 1]];
    return { form, ipv4: new ipaddr.IPv4([hi >> 8, hi & 0xff, lo >> 8, lo & 0xff]) };
  }
  return null;
}

/** The range the guard judges an address by, or null when it is not an IP address. */
export function classifyAddress(address: string): AddressClass | null {
  const addr = parseAddress(address);
  if (!addr) return null;
  if (addr.kind() === 'ipv4') return { range: addr.range(), embedded: null };
  const v6 = addr as ipaddr.IPv6;
  const inner = embeddedIPv4(v6);
  if (inner) return { range: inner.ipv4.range(), embedded: `${inner.form} ${inner.ipv4.toString()}` };
  const range = v6.range();
  return { range: range === 'unicast' && !v6.match(GLOBAL_UNICAST) ? 'unassigned' : range, embedded: null };
}

/** `loopback`, `loopback, IPv4-compatible 127.0.0.1`, or `invalid`: the range as messages name it. */
export function describeAddress(address: string): string {
  const c = classifyAddress(address);
  if (!c) return 'invalid';
  return c.embedded ? `${c.range}, ${c.embedded}` : c.range;
}

export function isAddressAllowed(address: string, policy: PrivateTargetPolicy): boolean {
  if (policy === 'all') return true;
  const c = classifyAddress(address);
  if (!c) return false;
  if (c.range === 'unicast') return true;
  return policy === 'loopback' && c.range === 'loopback';
}

export function checkAddress(address: string, policy: PrivateTargetPolicy): void {
  if (!isAddressAllowed(address, policy)) throw new EgressDeniedError(address, describeAddress(address));
}

/** The IP literal a URL names as its host, without brackets, or null when the host is a name. */
export function literalHost(url: URL): string | null {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return isIP(host) ? host : null;
}

/**
 * Checks a URL's host when it is an IP literal. WHATWG URL parsing has already normalised odd spellings
 * (`http://2130706433/`, `http://0x7f.1/` become 127.0.0.1), and Node connects to literals without a lookup.
 */
export function checkLiteralHost(url: URL, policy: PrivateTargetPolicy): void {
  const host = literalHost(url);
  if (host) checkAddress(host, policy);
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | LookupAddress[],
  family?: number,
) => void;

/** A `lookup` for net/tls connect options that refuses addresses outside the policy. */
export function guardedLookup(policy: PrivateTargetPolicy) {
  return (hostname: string, options: object, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      try {
        for (const a of list) checkAddress(a.address, policy);
      } catch (e) {
        return callback(e as NodeJS.ErrnoException, []);
      }
      if ((options as { all?: boolean }).all) return callback(null, list);
      const first = list[0];
      if (!first)
        return callback(Object.assign(new Error(`no address for ${hostname}`), { code: 'ENOTFOUND' }), []);
      callback(null, first.address, first.family);
    });
  };
}
