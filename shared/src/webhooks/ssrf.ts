import { lookup, Resolver } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

/**
 * Where a webhook may go (docs/webhooks.md, "SSRF rules"): https only (http where configured, for local
 * work), no credentials in the URL, and every address the host resolves to must be a public unicast
 * address — loopback, private (RFC 1918), link-local (169.254/16 with the cloud metadata address,
 * fe80::/10), carrier-grade NAT, unspecified, broadcast, multicast, reserved and documentation ranges,
 * unique-local fc00::/7, IPv4-mapped forms of any of these and the other IPv6 tunnelling prefixes are
 * refused. Checked when an endpoint is saved and again before every try, and the connection then goes
 * to the very address that was checked (see send.ts), so a DNS answer that changes in between cannot
 * steer a delivery inside.
 */
export interface TargetPolicy {
  allowHttp: boolean;
  /**
   * Exact `address:port` pairs (`[v6]:port` for IPv6) allowed although their range is not: a local
   * receiver in development and tests. Never a range, never "all private".
   */
  allowTargets: ReadonlySet<string>;
  /** The host's addresses (A and AAAA); throws when there are none. */
  resolve(host: string): Promise<string[]>;
}

export type RefusalReason = 'https_required' | 'credentials_in_url' | 'unresolvable' | 'address_not_allowed';

/** A URL that policy refuses: 422 `webhook_url_refused` at the API, a failed try at send time. */
export class TargetRefused extends Error {
  constructor(
    public readonly reason: RefusalReason,
    message: string,
    /** For address_not_allowed: the range the address fell in (loopback, private, linkLocal, …). */
    public readonly range?: string,
  ) {
    super(message);
    this.name = 'TargetRefused';
  }
}

export interface CheckedTarget {
  url: URL;
  /** The host as written (no IPv6 brackets), for the Host header and TLS server name. */
  host: string;
  port: number;
  /** The checked address the connection must go to. */
  address: string;
  family: 4 | 6;
}

/** IPv4-compatible (::a.b.c.d, deprecated) and the rest of ::/8: never a public host. */
const ipv6Reserved = ipaddr.parseCIDR('::/8');

/** The ipaddr.js range an address falls in (IPv4-mapped IPv6 is judged as its IPv4 address). */
export function addressRange(address: string): string {
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.range();
  const v6 = ip as ipaddr.IPv6;
  if (v6.isIPv4MappedAddress()) return v6.toIPv4Address().range();
  const range = v6.range();
  return range === 'unicast' && v6.match(ipv6Reserved) ? 'reserved' : range;
}

/** Only public unicast addresses receive webhooks. */
export const isPublicAddress = (address: string): boolean => addressRange(address) === 'unicast';

const targetKey = (address: string, port: number) =>
  ipaddr.parse(address).kind() === 'ipv6' ? `[${address}]:${port}` : `${address}:${port}`;

/** Parses `WEBHOOK_ALLOW_TARGETS` (`127.0.0.1:4567,[::1]:4567`), normalising each address. */
export function parseAllowTargets(value: string | undefined): Set<string> {
  const out = new Set<string>();
  for (const item of (value ?? '').split(',').map((s) => s.trim())) {
    if (!item) continue;
    const m = /^\[?([^\]]+?)\]?:(\d{1,5})$/.exec(item);
    if (!m || !ipaddr.isValid(m[1]!) || Number(m[2]) > 65535)
      throw new Error(`"${item}" is not an address:port (IPv6 as [address]:port)`);
    out.add(targetKey(ipaddr.parse(m[1]!).toString(), Number(m[2])));
  }
  return out;
}

/**
 * The system resolver (getaddrinfo: /etc/hosts, then DNS), or the given DNS servers (`host` or
 * `host:port`; tests point this at a DNS server of their own).
 */
export function createResolver(dnsServers: string[] = [], timeoutMs = 5000) {
  if (dnsServers.length === 0) {
    return async (host: string): Promise<string[]> => {
      const found = await withTimeout(lookup(host, { all: true, verbatim: true }), timeoutMs);
      return found.map((a) => a.address);
    };
  }
  const resolver = new Resolver({ timeout: Math.min(timeoutMs, 2000), tries: 2 });
  resolver.setServers(dnsServers);
  return async (host: string): Promise<string[]> => {
    const answers = await withTimeout(
      Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]),
      timeoutMs,
    );
    const addresses = answers.flatMap((a) => (a.status === 'fulfilled' ? a.value : []));
    if (addresses.length === 0) {
      const failed = answers.find((a) => a.status === 'rejected');
      throw failed?.reason ?? new Error(`no address for ${host}`);
    }
    return addresses;
  };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`DNS lookup took longer than ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Checks a webhook URL against the policy and resolves its host: every address must pass (a name with
 * one public and one private address is refused). Throws TargetRefused.
 */
export async function checkTarget(raw: string, policy: TargetPolicy): Promise<CheckedTarget> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new TargetRefused('https_required', 'The URL is not valid');
  }
  const https = url.protocol === 'https:';
  if (!https && !(url.protocol === 'http:' && policy.allowHttp))
    throw new TargetRefused('https_required', 'Webhook URLs must use https');
  if (url.username || url.password)
    throw new TargetRefused('credentials_in_url', 'Webhook URLs may not carry a user name or password');
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const port = url.port ? Number(url.port) : https ? 443 : 80;
  let addresses: string[];
  if (ipaddr.isValid(host)) addresses = [host];
  else {
    try {
      addresses = await policy.resolve(host);
    } catch {
      throw new TargetRefused('unresolvable', `The host ${host} does not resolve`);
    }
  }
  if (addresses.length === 0) throw new TargetRefused('unresolvable', `The host ${host} does not resolve`);
  for (const address of addresses) {
    let range: string;
    try {
      range = addressRange(address);
    } catch {
      throw new TargetRefused(
        'unresolvable',
        `The host ${host} resolved to something that is not an address`,
      );
    }
    if (range !== 'unicast' && !policy.allowTargets.has(targetKey(ipaddr.parse(address).toString(), port)))
      throw new TargetRefused(
        'address_not_allowed',
        `The host resolves to a ${range} address, which webhooks may not reach`,
        range,
      );
  }
  const address = addresses[0]!;
  return { url, host, port, address, family: ipaddr.parse(address).kind() === 'ipv6' ? 6 : 4 };
}
