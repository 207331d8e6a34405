import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';
import type { PrivateTargetPolicy } from '../../platform/config.js';

/**
 * Egress guard: which addresses a webhook may reach. The address is checked when the connection is made
 * (after DNS, so a name that rebinds to a private address is caught), not when the URL is saved.
 * `none` allows public unicast only; `loopback` adds 127.0.0.0/8 and ::1; `all` allows everything.
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

/** The range name ipaddr.js gives an address, with IPv4-mapped IPv6 unwrapped first. */
export function addressRange(address: string): string {
  let addr = ipaddr.parse(address);
  if (addr.kind() === 'ipv6' && (addr as ipaddr.IPv6).isIPv4MappedAddress())
    addr = (addr as ipaddr.IPv6).toIPv4Address();
  return addr.range();
}

export function isAddressAllowed(address: string, policy: PrivateTargetPolicy): boolean {
  if (policy === 'all') return true;
  let range: string;
  try {
    range = addressRange(address);
  } catch {
    return false;
  }
  if (range === 'unicast') return true;
  return policy === 'loopback' && range === 'loopback';
}

export function checkAddress(address: string, policy: PrivateTargetPolicy): void {
  if (!isAddressAllowed(address, policy)) {
    let range = 'invalid';
    try {
      range = addressRange(address);
    } catch {}
    throw new EgressDeniedError(address, range);
  }
}

/**
 * Checks a URL's host when it is an IP literal. WHATWG URL parsing has already normalised odd spellings
 * (`http://2130706433/`, `http://0x7f.1/` become 127.0.0.1), and Node connects to literals without a lookup.
 */
export function checkLiteralHost(url: URL, policy: PrivateTargetPolicy): void {
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (isIP(host)) checkAddress(host, policy);
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
