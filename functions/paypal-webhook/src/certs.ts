import { createHash, type KeyObject, X509Certificate } from 'node:crypto';
import { rootCertificates } from 'node:tls';
import type { Redis } from '@atelier/shared/redis';
import { InvalidSignature } from './verify';

/** Where PayPal's signing certificate may come from: exactly these hosts, over https, under this path. */
export const CERT_HOSTS: ReadonlySet<string> = new Set([
  'api.paypal.com',
  'api-m.paypal.com',
  'api.sandbox.paypal.com',
  'api-m.sandbox.paypal.com',
]);
export const CERT_PATH_PREFIX = '/v1/notifications/certs/';
/** PayPal's signing certificates are issued to messageverificationcerts.paypal.com (and .sandbox.). */
const SIGNER_CN = /^messageverificationcerts(\.[a-z0-9-]+)*\.paypal\.com$/i;
const FETCH_TIMEOUT_MS = 5_000;
const MAX_CERT_BYTES = 64 * 1024;
/** A cached certificate is re-fetched at least daily (and never kept past its expiry). */
const MAX_CACHE_SECONDS = 24 * 3600;

/** Gives the public key that signed a delivery, from the PAYPAL-CERT-URL header. */
export interface CertSource {
  publicKey(certUrl: string | undefined): Promise<KeyObject>;
}

/**
 * The PAYPAL-CERT-URL header, checked before anything is fetched: https, one of PayPal's API hosts
 * exactly (no suffix match: `evilpaypal.com` and `api.paypal.com.evil.io` are other people's), the certs
 * path, no credentials, default port.
 */
export function allowedCertUrl(raw: string | undefined): URL {
  if (!raw) throw new InvalidSignature('PAYPAL-CERT-URL header missing');
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidSignature('PAYPAL-CERT-URL is not a URL');
  }
  if (
    url.protocol !== 'https:' ||
    !CERT_HOSTS.has(url.hostname) ||
    url.port !== '' ||
    url.username !== '' ||
    url.password !== '' ||
    !url.pathname.startsWith(CERT_PATH_PREFIX)
  )
    throw new InvalidSignature(
      `PAYPAL-CERT-URL ${url.origin}${url.pathname} is not one of PayPal's certificate URLs`,
    );
  return url;
}

export const splitPem = (bundle: string): X509Certificate[] =>
  (bundle.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(
    (pem) => new X509Certificate(pem),
  );

function assertCurrent(cert: X509Certificate, now: Date) {
  if (new Date(cert.validFrom) > now || new Date(cert.validTo) < now)
    throw new InvalidSignature(`certificate ${cert.subject.replaceAll('\n', ', ')} is not valid now`);
}

const issuedBy = (child: X509Certificate, parent: X509Certificate) =>
  child.checkIssued(parent) && child.verify(parent.publicKey);

/**
 * The leaf of a certificate bundle, once it is known to be PayPal's message-signing certificate: every
 * certificate on the way is current, each is signed by the next (a CA), and the chain ends at a trusted
 * root. What `new X509Certificate` alone does not do (it reads only the first PEM and checks nothing).
 */
export function verifiedLeaf(bundle: X509Certificate[], roots: X509Certificate[], now = new Date()) {
  const [leaf, ...rest] = bundle;
  if (!leaf) throw new InvalidSignature('no certificate at PAYPAL-CERT-URL');
  const cn = /^CN=(.*)$/m.exec(leaf.subject)?.[1] ?? '';
  if (!SIGNER_CN.test(cn))
    throw new InvalidSignature(`certificate CN "${cn}" is not PayPal's signing certificate`);
  let cert = leaf;
  for (let depth = 0; depth <= rest.length; depth++) {
    assertCurrent(cert, now);
    const root = roots.find((r) => r.ca && issuedBy(cert, r));
    if (root) {
      assertCurrent(root, now);
      return leaf;
    }
    const parent = rest.find((p) => p !== cert && p.ca && issuedBy(cert, p));
    if (!parent) break;
    cert = parent;
  }
  throw new InvalidSignature('certificate does not chain to a trusted root');
}

/** Where a fetched certificate bundle is cached in Redis, by URL. */
export const certCacheKey = (url: URL) =>
  `paypal:cert:${createHash('sha256').update(url.href).digest('hex')}`;

/** PAYPAL_CERT_PEM: the operator pinned the certificate, so PAYPAL-CERT-URL is never looked at. */
export function pinnedCert(pem: string): CertSource {
  const [cert] = splitPem(pem);
  if (!cert) throw new Error('PAYPAL_CERT_PEM holds no certificate');
  return { publicKey: async () => cert.publicKey };
}

/**
 * Certificates from PAYPAL-CERT-URL: the URL checked against the allowlist first (a refused URL is
 * never requested), then fetched (no redirects, a timeout, a size cap) or read from the Redis cache,
 * and verified against `roots` every time (a poisoned cache entry cannot bring its own key).
 */
export function fetchedCerts(opts: {
  redis: Redis;
  /** PAYPAL_TRUSTED_ROOTS_PEM, else Node's bundled Mozilla roots. */
  rootsPem?: string | undefined;
  /** Injected only to reach a test server in place of PayPal's host; production uses fetch. */
  fetch?: (url: URL) => Promise<Response>;
}): CertSource {
  const roots = opts.rootsPem ? splitPem(opts.rootsPem) : rootCertificates.map((p) => new X509Certificate(p));
  if (roots.length === 0) throw new Error('PAYPAL_TRUSTED_ROOTS_PEM holds no certificate');
  const get =
    opts.fetch ??
    ((url: URL) => fetch(url, { redirect: 'error', signal: AbortSignal.timeout(FETCH_TIMEOUT_MS) }));

  async function download(url: URL): Promise<string> {
    let res: Response;
    try {
      res = await get(url);
    } catch (err) {
      throw new InvalidSignature(`certificate could not be fetched: ${(err as Error).name}`);
    }
    const text = await res.text();
    if (!res.ok || text.length > MAX_CERT_BYTES)
      throw new InvalidSignature(`certificate could not be fetched: HTTP ${res.status}`);
    return text;
  }

  return {
    async publicKey(certUrl) {
      const url = allowedCertUrl(certUrl);
      const key = certCacheKey(url);
      // Redis down only costs a fetch.
      const cached = await opts.redis.get(key).catch(() => null);
      const pem = cached ?? (await download(url));
      let bundle: X509Certificate[];
      try {
        bundle = splitPem(pem);
      } catch {
        throw new InvalidSignature('PAYPAL-CERT-URL did not give a certificate');
      }
      const leaf = verifiedLeaf(bundle, roots);
      if (!cached) {
        const ttl = Math.min(MAX_CACHE_SECONDS, Math.floor((Date.parse(leaf.validTo) - Date.now()) / 1000));
        if (ttl > 0) await opts.redis.set(key, pem, 'EX', ttl).catch(() => {});
      }
      return leaf.publicKey;
    },
  };
}
